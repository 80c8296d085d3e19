using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Idempotency;

public sealed class IdempotencyKeyTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Theory]
    [InlineData("/api/tasks")]
    [InlineData("/api/{0}/tasks")]
    public async Task ARepeatGetsTheSameResponseAndCreatesOneTask(string tasks)
    {
        var userId = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(userId);
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, tasks, userId);
        var key = NewKey();
        var first = await client.SendAsync(Keyed(HttpMethod.Post, path, key, new { title = "Buy milk" }));

        var repeat = await client.SendAsync(Keyed(HttpMethod.Post, path, key, new { title = "Buy milk" }));

        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        // Compared as text: the replay must be byte for byte the first answer.
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Single(await client.GetTasksAsync());
    }

    // Routing ignores the case of the path, and so does the key's fingerprint.
    [Fact]
    public async Task ARepeatToThePathSpelledInOtherCaseGetsTheStoredResponse()
    {
        var client = api.CreateClientForNewUser();
        var key = NewKey();
        var first = await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", key, new { title = "Buy milk" }));

        var repeat = await client.SendAsync(Keyed(HttpMethod.Post, "/API/Tasks", key, new { title = "Buy milk" }));

        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(await first.ReadTaskAsync(), await repeat.ReadTaskAsync());
    }

    [Fact]
    public async Task TheRepeatCarriesTheStoredLocation()
    {
        var client = api.CreateClientForNewUser();
        var key = NewKey();
        var first = await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", key, new { title = "Buy milk" }));

        var repeat = await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", key, new { title = "Buy milk" }));

        Assert.Equal($"/api/tasks/{(await first.ReadTaskAsync()).Id}", repeat.Headers.Location?.OriginalString);
        Assert.Equal("application/json", repeat.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyIsRejectedAndCreatesNothing()
    {
        var client = api.CreateClientForNewUser();
        var key = NewKey();
        await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", key, new { title = "Buy milk" }));

        var response = await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", key, new { title = "Buy bread" }));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.NotNull(problem["errors"]?["Idempotency-Key"]);
        Assert.Single(await client.GetTasksAsync());
    }

    [Fact]
    public async Task TheSameKeyOnAnotherTaskIsRejectedAndTogglesNothing()
    {
        var client = api.CreateClientForNewUser();
        var first = await client.CreateTaskAsync("First");
        var second = await client.CreateTaskAsync("Second");
        var key = NewKey();
        await client.SendAsync(Keyed(HttpMethod.Patch, $"/api/tasks/{first.Id}/complete", key));

        var response = await client.SendAsync(Keyed(HttpMethod.Patch, $"/api/tasks/{second.Id}/complete", key));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.False((await client.GetTaskAsync(second.Id)).Completed);
    }

    [Fact]
    public async Task KeysOfDifferentUsersNeverMeet()
    {
        var alice = api.CreateClientForNewUser();
        var bob = api.CreateClientForNewUser();
        var key = NewKey();
        await alice.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", key, new { title = "Alice's" }));

        var response = await bob.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", key, new { title = "Bob's" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Bob's", (await response.ReadTaskAsync()).Title);
        Assert.Single(await alice.GetTasksAsync());
    }

    [Fact]
    public async Task AKeyedToggleSentTwiceTogglesOnce()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();
        var key = NewKey();
        var first = await client.SendAsync(Keyed(HttpMethod.Patch, $"/api/tasks/{task.Id}/complete", key));

        var repeat = await client.SendAsync(Keyed(HttpMethod.Patch, $"/api/tasks/{task.Id}/complete", key));

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.True((await client.GetTaskAsync(task.Id)).Completed);
    }

    // The test holds the task's row, so the first request waits inside its transaction while the second arrives.
    [Fact]
    public async Task ARequestWhileTheFirstWithItsKeyRunsIsAPrompt409()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();
        var key = NewKey();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Sql(connection, $"SELECT 1 FROM tasks WHERE id = {task.Id} FOR UPDATE").ExecuteNonQueryAsync();
        var first = client.SendAsync(Keyed(HttpMethod.Patch, $"/api/tasks/{task.Id}/complete", key));
        await WaitUntilSomeoneWaitsOnAsync(connection);

        var clock = Stopwatch.StartNew();
        var second = await client.SendAsync(Keyed(HttpMethod.Patch, $"/api/tasks/{task.Id}/complete", key));
        clock.Stop();

        await transaction.RollbackAsync();
        await second.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_key_in_use");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.True((await (await first).ReadTaskAsync()).Completed);
        Assert.True((await client.GetTaskAsync(task.Id)).Completed);
    }

    [Fact]
    public async Task ConcurrentFirstRequestsCreateOneTask()
    {
        var client = api.CreateClientForNewUser();
        var key = NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", key, new { title = "Once" })))));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var bodies = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.Created).Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Single(await client.GetTasksAsync());
    }

    // An empty value cannot be sent through the test server, which drops the header.
    public static TheoryData<string> BadKeys => ["has space", "ключ", "tab\there", new string('k', 256)];

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task AKeyThatIsNotOneTo255VisibleAsciiCharactersIsA422(string key)
    {
        var client = api.CreateClientForNewUser();

        var response = await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", key, new { title = "Buy milk" }));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.NotNull(problem["errors"]?["Idempotency-Key"]);
    }

    [Fact]
    public async Task TwoKeyHeadersAreA422()
    {
        var client = api.CreateClientForNewUser();
        var request = Keyed(HttpMethod.Post, "/api/tasks", NewKey(), new { title = "Buy milk" });
        request.Headers.TryAddWithoutValidation("Idempotency-Key", NewKey());

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
    }

    [Fact]
    public async Task WithoutTheHeaderEveryPostCreatesATask()
    {
        var client = api.CreateClientForNewUser();
        await client.PostAsJsonAsync("/api/tasks", new { title = "Buy milk" });

        var response = await client.PostAsJsonAsync("/api/tasks", new { title = "Buy milk" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, (await client.GetTasksAsync()).Count);
    }

    [Fact]
    public async Task AKeyOlderThan24HoursRunsAgain()
    {
        var userId = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(userId);
        var key = NewKey();
        await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", key, new { title = "Water the plants" }));
        await AgeKeysAsync(userId);

        var response = await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", key, new { title = "Water the plants" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, (await client.GetTasksAsync()).Count);
    }

    [Fact]
    public async Task ExpiredKeysAreDeletedWhenTheUserStoresANewOne()
    {
        var userId = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(userId);
        await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", NewKey(), new { title = "Old" }));
        await AgeKeysAsync(userId);

        await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", NewKey(), new { title = "New" }));

        Assert.Equal(1L, await SqlAsync("SELECT count(*) FROM idempotency_keys WHERE user_id = $1", userId));
    }

    private static string NewKey() => Guid.NewGuid().ToString();

    private static HttpRequestMessage Keyed(HttpMethod method, string path, string key, object? body = null) =>
        HttpExtensions.KeyedRequest(method, path, key, body);

    private async Task AgeKeysAsync(string userId) =>
        await SqlAsync("UPDATE idempotency_keys SET created_at = created_at - interval '25 hours' WHERE user_id = $1", userId);

    private async Task<object?> SqlAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        return await Sql(connection, sql, parameters).ExecuteScalarAsync();
    }

    private static async Task WaitUntilSomeoneWaitsOnAsync(NpgsqlConnection connection)
    {
        var query = Sql(connection, "SELECT count(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((long)(await query.ExecuteScalarAsync())! == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The first request never reached the locked row.");
            await Task.Delay(20);
        }
    }

    private static NpgsqlCommand Sql(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return command;
    }
}
