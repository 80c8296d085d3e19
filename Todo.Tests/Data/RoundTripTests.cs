using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Todo.Api.Data;
using Todo.Tests.Infrastructure;
using Todo.Tests.Mcp;

namespace Todo.Tests.Data;

// Exact database round trips per request, counted by a forwarder between the API and PostgreSQL: with Neon 20–300 ms
// away, they, not CPU, decide how long a request takes. One per request, whatever the outcome, and no connection
// opened by a request once the pool is warm.
public sealed class RoundTripTests(RoundTripTests.CountedApi api) : IClassFixture<RoundTripTests.CountedApi>
{
    public static TheoryData<string, string, string?> Requests => new()
    {
        { "GET", "/api/tasks/{id}", null },
        { "GET", "/api/tasks", null },
        { "GET", "/api/tasks?status=pending&sort=title&order=asc&limit=5", null },
        { "GET", "/api/tasks?offset=1000", null },
        { "POST", "/api/tasks", """{"title":"Buy milk"}""" },
        { "PUT", "/api/tasks/{id}", """{"title":"Buy oat milk","description":null}""" },
        { "PATCH", "/api/tasks/{id}", """{"completed":true}""" },
        { "PATCH", "/api/tasks/{id}/complete", null },
        { "PATCH", "/api/tasks/{id}/complete", """{"completed":false}""" },
        { "DELETE", "/api/tasks/{id}", null },
        { "GET", "/api/{user}/tasks/{id}", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task EverySuccessIsOneRoundTrip(string method, string path, string? body)
    {
        var (client, user, task) = await ArrangeAsync();

        var (response, roundTrips, connections) = await CountAsync(() => client.SendAsync(Request(method, path, body, user, task.Id)));

        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode}");
        Assert.Equal((1, 0), (roundTrips, connections));
    }

    [Theory]
    [InlineData("GET", "/api/tasks/{id}", null)]
    [InlineData("PUT", "/api/tasks/{id}", """{"title":"Mine now"}""")]
    [InlineData("PATCH", "/api/tasks/{id}/complete", null)]
    [InlineData("DELETE", "/api/tasks/{id}", null)]
    public async Task AnotherUsersTaskIsA403InOneRoundTrip(string method, string path, string? body)
    {
        var (_, _, task) = await ArrangeAsync();
        var (stranger, strangerId, _) = await ArrangeAsync();

        var (response, roundTrips, _) = await CountAsync(() => stranger.SendAsync(Request(method, path, body, strangerId, task.Id)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, roundTrips);
    }

    [Theory]
    [InlineData("GET", "/api/tasks/{id}", null)]
    [InlineData("PATCH", "/api/tasks/{id}", """{"completed":true}""")]
    [InlineData("PATCH", "/api/tasks/{id}/complete", null)]
    [InlineData("DELETE", "/api/tasks/{id}", null)]
    public async Task AMissingTaskIsA404InOneRoundTrip(string method, string path, string? body)
    {
        var (client, user, _) = await ArrangeAsync();

        var (response, roundTrips, _) = await CountAsync(() => client.SendAsync(Request(method, path, body, user, int.MaxValue)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, roundTrips);
    }

    [Theory]
    [InlineData("POST", "/api/tasks", """{"title":"Once"}""")]
    [InlineData("PATCH", "/api/tasks/{id}/complete", null)]
    public async Task AKeyedWriteIsOneRoundTripFirstAndOnReplay(string method, string path, string? body)
    {
        var (client, user, task) = await ArrangeAsync();
        var key = Guid.NewGuid().ToString();

        var (first, firstRoundTrips, _) = await CountAsync(() => client.SendAsync(Keyed(Request(method, path, body, user, task.Id), key)));
        var (replay, replayRoundTrips, _) = await CountAsync(() => client.SendAsync(Keyed(Request(method, path, body, user, task.Id), key)));

        Assert.True(first.IsSuccessStatusCode, $"first: {(int)first.StatusCode}");
        Assert.Equal(first.StatusCode, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal((1, 1), (firstRoundTrips, replayRoundTrips));
    }

    [Fact]
    public async Task AKeyedWriteToAnotherUsersTaskIsA403InOneRoundTrip()
    {
        var (_, _, task) = await ArrangeAsync();
        var (stranger, strangerId, _) = await ArrangeAsync();

        var (response, roundTrips, _) = await CountAsync(() =>
            stranger.SendAsync(Keyed(Request("PATCH", "/api/tasks/{id}/complete", null, strangerId, task.Id), Guid.NewGuid().ToString())));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, roundTrips);
    }

    // The MCP tools run the REST endpoints' statements: one round trip per call, whatever the outcome.
    [Theory]
    [InlineData("add_task", """{"title":"Buy milk"}""")]
    [InlineData("list_tasks", """{"status":"pending"}""")]
    [InlineData("complete_task", """{"task_id":{id}}""")]
    [InlineData("update_task", """{"task_id":{id},"title":"Buy oat milk"}""")]
    [InlineData("delete_task", """{"task_id":{id}}""")]
    [InlineData("complete_task", """{"task_id":{other}}""")]
    [InlineData("delete_task", """{"task_id":2147483647}""")]
    public async Task EveryToolCallIsOneRoundTrip(string tool, string arguments)
    {
        var (_, user, task) = await ArrangeAsync();
        var (_, _, others) = await ArrangeAsync();
        await using var agent = await api.ConnectAsync(user);
        var json = arguments.Replace("{id}", $"{task.Id}", StringComparison.Ordinal).Replace("{other}", $"{others.Id}", StringComparison.Ordinal);

        var (_, roundTrips, connections) = await CountAsync(() => agent.CallJsonAsync(tool, json));

        Assert.Equal((1, 0), (roundTrips, connections));
    }

    [Fact]
    public async Task ABurstOfEightOnAWarmPoolOpensNoConnection()
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ArrangeAsync()));

        var (responses, roundTrips, connections) = await CountAsync(() =>
            Task.WhenAll(clients.Select(c => c.Client.GetAsync("/api/tasks"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal((8, 0), (roundTrips, connections));
    }

    // On a database whose schema is current, the server listens after what any first connection costs (the handshake and
    // Npgsql's loading of types) and one question: is a migration pending? The pool is warmed only after that.
    [Fact]
    public async Task StartingOnACurrentSchemaAsksOneQuestionBeforeTheServerListens()
    {
        api.CreateClient().Dispose();
        await using var bare = Forward(out var bareConnectionString);
        await using var started = Forward(out var apiConnectionString);
        await using (var connection = new NpgsqlConnection(bareConnectionString))
        {
            await connection.OpenAsync();
        }

        await using (var second = new TodoApiFactory(new()
        {
            Settings = { ["ConnectionStrings:tododb"] = apiConnectionString, ["Database:WarmConnections"] = "0" },
        }))
        {
            second.CreateClient().Dispose();
        }

        Assert.Equal(bare.RoundTrips + 1, started.RoundTrips);
    }

    // Probes every few seconds must not keep a Neon compute awake: once no request has used the database for
    // Database:IdleAfterSeconds, /health answers from its last query; the next request makes it query again.
    [Fact]
    public async Task ProbesLeaveAnIdleDatabaseAlone()
    {
        await using var database = Forward(out var connectionString);
        await using var idle = new TodoApiFactory(new()
        {
            Settings =
            {
                ["ConnectionStrings:tododb"] = connectionString,
                ["Database:WarmConnections"] = "0",
                ["Database:IdleAfterSeconds"] = "1",
            },
        });
        var client = idle.CreateClientForNewUser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var beforeIdleProbes = database.RoundTrips;
        var idleProbes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetAsync("/health")));
        var idleRoundTrips = database.RoundTrips - beforeIdleProbes;
        await client.GetAsync("/api/tasks");
        var beforeBusyProbe = database.RoundTrips;
        var busyProbe = await client.GetAsync("/health");

        Assert.All(idleProbes, probe => Assert.Equal(HttpStatusCode.OK, probe.StatusCode));
        Assert.Equal(HttpStatusCode.OK, busyProbe.StatusCode);
        Assert.Equal((0, 1), (idleRoundTrips, database.RoundTrips - beforeBusyProbe));
    }

    // A counting forwarder of its own in front of the tests' database, so that a pool behind it is new.
    private TcpForwarder Forward(out string connectionString)
    {
        var forwarder = new TcpForwarder(api.ConnectionString);
        forwarder.Start();
        connectionString = forwarder.ConnectionString;
        return forwarder;
    }

    // A user with one task, on the API once its pool is warm.
    private async Task<(HttpClient Client, string UserId, TaskDto Task)> ArrangeAsync()
    {
        api.CreateClient().Dispose();
        await api.Database.WaitForConnectionsAsync(new DatabaseOptions().WarmConnections);
        var userId = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(userId);
        return (client, userId, await client.CreateTaskAsync());
    }

    private async Task<(T Result, int RoundTrips, int Connections)> CountAsync<T>(Func<Task<T>> act)
    {
        var (roundTrips, connections) = (api.Database.RoundTrips, api.Database.Connections);
        var result = await act();
        return (result, api.Database.RoundTrips - roundTrips, api.Database.Connections - connections);
    }

    private static HttpRequestMessage Request(string method, string path, string? body, string user, int id) =>
        new(new HttpMethod(method), path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{user}", user, StringComparison.Ordinal))
        {
            Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };

    private static HttpRequestMessage Keyed(HttpRequestMessage request, string key)
    {
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    // The API with a database and a pool of its own, behind the counting forwarder.
    public sealed class CountedApi() : TodoApiFactory(new() { Database = PostgresServer.CreateDatabaseAsync, Forwarded = true });
}
