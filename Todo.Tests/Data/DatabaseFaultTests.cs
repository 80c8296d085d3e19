using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using Todo.Api.Data;
using Todo.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Todo.Tests.Data;

// Whatever the database does (crashes, hangs, holds a lock), a request is answered within the documented bound:
// 503 database_unavailable with Retry-After, the probes answer within 2 s, and the service recovers by itself.
// A database of its own: a locked or hung table must not stall the other tests.
public sealed class DatabaseFaultTests(DatabaseFaultTests.OwnDatabase database, ITestOutputHelper output) : IClassFixture<DatabaseFaultTests.OwnDatabase>
{
    // The production request timeout, but 2 s connect and command timeouts instead of the far-database defaults (5 s):
    // this database is near, and the bound counts one connect timeout.
    private static readonly DatabaseOptions Timeouts = new() { ConnectTimeoutSeconds = 2, CommandTimeoutSeconds = 2 };

    // Database:RequestTimeoutSeconds (3) plus the time a connection may take to open (the connect timeout, 2), which the
    // deadline does not count; Npgsql's 1 s cancellation wait fits in the slack.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan ProbeBound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task AHungDatabaseIsA503WithinTheBound()
    {
        await using var api = await StartAsync();
        var client = api.CreateClientForNewUser();
        await CreateAsync(client);
        api.Database.Pause();

        await AssertUnavailableAsync(api, client, healthy: false);

        api.Database.Resume();
        await AssertRecoveredAsync(client);
        Assert.Empty(api.Logs.FailuresExcept(UnhealthyProbes));
    }

    [Fact]
    public async Task ALockedTableIsA503WithinTheBoundAndTheWriteDoesNotHappen()
    {
        await using var api = await StartAsync();
        var client = api.CreateClientForNewUser();
        await using var locker = new NpgsqlConnection(api.ConnectionString);
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE", locker, transaction).ExecuteNonQueryAsync();

        await AssertUnavailableAsync(api, client, healthy: true);

        await transaction.RollbackAsync();
        await AssertRecoveredAsync(client);
        var tasks = await client.GetFromJsonAsync<List<TaskDto>>("/api/tasks");
        Assert.Single(tasks!);
        Assert.Empty(api.Logs.FailuresExcept(UnhealthyProbes));
    }

    [Fact]
    public async Task ACrashedDatabaseIsA503WithinTheBound()
    {
        await using var api = await StartAsync();
        var client = api.CreateClientForNewUser();
        await CreateAsync(client);
        api.Database.Stop();

        await AssertUnavailableAsync(api, client, healthy: false);

        api.Database.Start();
        await AssertRecoveredAsync(client);
        Assert.Empty(api.Logs.FailuresExcept(UnhealthyProbes));
    }

    // The pooled connections died with the server while idle: the first requests after it is back must not fail on them.
    [Fact]
    public async Task ConnectionsBrokenByARestartDoNotFailLaterRequests()
    {
        await using var api = await StartAsync();
        var client = api.CreateClientForNewUser();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CreateAsync(client)));

        api.Database.Stop();
        api.Database.Start();

        for (var i = 0; i < 4; i++)
        {
            var response = await client.PostAsJsonAsync("/api/tasks", new { title = "after the restart" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    // Connections the database dropped (a restart; a Neon compute that suspended) are replaced in the background after
    // the first request finds one broken, so a burst after that waits for open connections, not for handshakes.
    [Fact]
    public async Task AfterTheDatabaseDroppedItsConnectionsThePoolIsRefilledAheadOfNeed()
    {
        await using var api = await StartAsync();
        var client = api.CreateClientForNewUser();
        await api.Database.WaitForConnectionsAsync(8);

        api.Database.Stop();
        api.Database.Start();
        var before = api.Database.Connections;
        await CreateAsync(client);
        await api.Database.WaitForConnectionsAsync(before + 8);
        var refilled = api.Database.Connections;
        var burst = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/api/tasks")));

        Assert.All(burst, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(refilled, api.Database.Connections);
    }

    // The health check service logs every Unhealthy probe as an error.
    private const string UnhealthyProbes = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    // The API with its own connection pool, talking to the database through a forwarder the test can break.
    private async Task<TodoApiFactory> StartAsync()
    {
        var api = new TodoApiFactory(new()
        {
            Database = database.ConnectionStringAsync,
            Forwarded = true,
            Timeouts = Timeouts,
            Logs = LogLevel.Information,
        });
        await api.InitializeAsync();
        api.CreateClient().Dispose();
        return api;
    }

    private async Task AssertUnavailableAsync(TodoApiFactory api, HttpClient client, bool healthy)
    {
        var probes = api.CreateClient();
        var create = TimedAsync(() => client.PostAsJsonAsync("/api/tasks", new { title = "while the database is sick" }));
        var health = TimedAsync(() => probes.GetAsync("/health"));
        var alive = TimedAsync(() => probes.GetAsync("/alive"));

        var (response, took) = await create;
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(took < Bound + Slack, $"the create took {took}");
        var (healthResponse, healthTook) = await health;
        output.WriteLine($"503 after {took.TotalSeconds:F2} s, /health {(int)healthResponse.StatusCode} after {healthTook.TotalSeconds:F2} s");
        Assert.Equal(healthy ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, healthResponse.StatusCode);
        Assert.True(healthTook < ProbeBound, $"/health took {healthTook}");
        Assert.Equal(HttpStatusCode.OK, (await alive).Response.StatusCode);
    }

    private async Task AssertRecoveredAsync(HttpClient client)
    {
        var (response, took) = await TimedAsync(() => client.PostAsJsonAsync("/api/tasks", new { title = "the database is back" }));
        output.WriteLine($"recovered: {(int)response.StatusCode} after {took.TotalSeconds:F2} s");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(took < Bound, $"the first create after recovery took {took}");
    }

    private static async Task CreateAsync(HttpClient client) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/tasks", new { title = "before" })).StatusCode);

    private static async Task<(HttpResponseMessage Response, TimeSpan Took)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var clock = Stopwatch.StartNew();
        var response = await send();
        return (response, clock.Elapsed);
    }

    private sealed record TaskDto(int Id, string Title);

    public sealed class OwnDatabase
    {
        private readonly Lazy<Task<string>> created = new(PostgresServer.CreateDatabaseAsync);

        public Task<string> ConnectionStringAsync() => created.Value;
    }
}
