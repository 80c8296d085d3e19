using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Operations;

public sealed class HealthTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task ProbesAnswerWithoutAToken(string path)
    {
        var client = api.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ProbesAreMappedOutsideDevelopmentToo()
    {
        await using var production = new TodoApiFactory(new() { Environment = "Production" });
        await production.InitializeAsync();

        var response = await production.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
