using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Aspire;

public sealed class WholeAppTests(WholeApp wholeApp) : IClassFixture<WholeApp>
{
    [Fact]
    public async Task TheApiIsHealthyWithItsDatabase()
    {
        var response = await wholeApp.CreateApiClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ATaskRoundTripsThroughTheDatabase()
    {
        var client = wholeApp.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(TodoApiFactory.NewUserId()));

        var created = await client.PostAsJsonAsync("/api/tasks", new { title = "Through the AppHost", description = "and back" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonObjectAsync()).Id();

        var read = await (await client.GetAsync($"/api/tasks/{id}")).ReadJsonObjectAsync();
        var list = await client.GetAsync("/api/tasks");

        Assert.Equal("Through the AppHost", read["title"].Text());
        Assert.Equal("and back", read["description"].Text());
        Assert.Equal([id], (await list.ReadJsonArrayAsync()).Select(t => t!.AsObject().Id()));
    }

    [Fact]
    public async Task TheAppHostHandsTheApiTheSecretSoOtherTokensAreRefused()
    {
        var client = wholeApp.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.For(TodoApiFactory.NewUserId(), secret: "not-the-apphost-secret-but-32-bytes-long"));

        var response = await client.GetAsync("/api/tasks");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }
}
