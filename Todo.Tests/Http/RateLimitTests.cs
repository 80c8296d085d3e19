using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Http;

public sealed class RateLimitTests(RateLimitTests.LowLimitApi api) : IClassFixture<RateLimitTests.LowLimitApi>
{
    [Fact]
    public async Task AUserOverTheLimitGets429WithRetryAfterAndOthersAreUnaffected()
    {
        var greedy = api.CreateClientForNewUser();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await greedy.GetAsync("/api/tasks")).StatusCode);
        }

        var limited = await greedy.GetAsync("/api/tasks");
        var other = await api.CreateClientForNewUser().GetAsync("/api/tasks");

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ProbesAreNotRateLimited()
    {
        var client = api.CreateClient();

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        }
    }

    public sealed class LowLimitApi() : ConfiguredApiFactory(new() { ["RateLimiting:PermitLimit"] = "3", ["RateLimiting:WindowSeconds"] = "60" });
}
