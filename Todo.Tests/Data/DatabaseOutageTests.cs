using System.Diagnostics;
using System.Net;
using Todo.Api.Data;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Data;

public sealed class DatabaseOutageTests(DatabaseOutageTests.SwitchableDatabaseApi api) : IClassFixture<DatabaseOutageTests.SwitchableDatabaseApi>
{
    [Fact]
    public async Task ADeadDatabaseIsAPrompt503WithRetryAfter()
    {
        var client = api.CreateClientForNewUser();
        var clock = Stopwatch.StartNew();

        var response = await client.GetAsync("/api/tasks");

        clock.Stop();
        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.DoesNotContain("127.0.0.1", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ReadinessFailsWhileLivenessHolds()
    {
        var client = api.CreateClient();

        var health = await client.GetAsync("/health");
        var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    // Its own API: the others in this class need the database to stay away.
    [Fact]
    public async Task TheServiceRecoversByItselfWhenTheDatabaseComesBack()
    {
        await using var recovering = new SwitchableDatabaseApi();
        await recovering.InitializeAsync();
        var client = recovering.CreateClientForNewUser();
        var down = await client.GetAsync("/api/tasks");

        recovering.Database.Start();
        var up = await client.GetAsync("/api/tasks");
        var health = await recovering.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    // The API talks to the shared database, with the production timeouts, through a forwarder where nothing listens
    // until the test starts it.
    public sealed class SwitchableDatabaseApi() : TodoApiFactory(new()
    {
        Database = MigratedSharedDatabaseAsync,
        Forwarded = true,
        DatabaseDownAtStart = true,
        Timeouts = new DatabaseOptions(),
        Settings = { ["Database:MigrateOnStartup"] = "false" },
    });

    // A normal start first, so the shared database has its schema when it comes back.
    private static async Task<string> MigratedSharedDatabaseAsync()
    {
        await using var migrated = new TodoApiFactory();
        await migrated.InitializeAsync();
        migrated.CreateClient().Dispose();
        return migrated.ConnectionString;
    }
}
