using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Http;

public sealed class RateLimitTests(RateLimitTests.LowLimitApi api) : IClassFixture<RateLimitTests.LowLimitApi>
{
    [Fact]
    public async Task AUserOverTheLimitGets429WithRetryAfter()
    {
        var greedy = await ClientAtTheLimitAsync();

        var response = await greedy.GetAsync("/api/tasks");

        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task OtherUsersAreUnaffectedByAUserOverTheLimit()
    {
        var greedy = await ClientAtTheLimitAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await greedy.GetAsync("/api/tasks")).StatusCode);

        var response = await api.CreateClientForNewUser().GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ProbesAreNotRateLimited()
    {
        var client = api.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        }

        var response = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // A user who has used all three requests of the window, each answered 200.
    private async Task<HttpClient> ClientAtTheLimitAsync()
    {
        var greedy = api.CreateClientForNewUser();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await greedy.GetAsync("/api/tasks")).StatusCode);
        }
        return greedy;
    }

    public sealed class LowLimitApi() : TodoApiFactory(new() { Settings = { ["RateLimiting:PermitLimit"] = "3", ["RateLimiting:WindowSeconds"] = "60" } });
}
