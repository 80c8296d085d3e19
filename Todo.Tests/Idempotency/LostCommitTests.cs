using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Todo.Api.Data;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Idempotency;

// A keyed request and its change are one statement (so one transaction), run inside EF's retry strategy.
public sealed class LostCommitTests(LostCommitTests.StatementFaultsApi api) : IClassFixture<LostCommitTests.StatementFaultsApi>
{
    [Fact]
    public async Task ARetryAfterACommitWhoseAnswerWasLostTogglesOnce()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();
        Faults.LoseNextCommit = true;

        var response = await client.SendAsync(Keyed(HttpMethod.Patch, $"/api/tasks/{task.Id}/complete"));

        Assert.False(Faults.LoseNextCommit, "The fault never fired.");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.ReadTaskAsync()).Completed);
        Assert.True((await client.GetTaskAsync(task.Id)).Completed);
    }

    [Fact]
    public async Task ARetryAfterACommitWhoseAnswerWasLostCreatesOneTask()
    {
        var client = api.CreateClientForNewUser();
        Faults.LoseNextCommit = true;

        var response = await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", new { title = "Once" }));

        Assert.False(Faults.LoseNextCommit, "The fault never fired.");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(await client.GetTasksAsync());
    }

    [Fact]
    public async Task WhenTheKeyCannotBeStoredTheTaskIsNotCreatedEither()
    {
        var client = api.CreateClientForNewUser();
        Faults.BreakNextKeyInsert = true;

        var response = await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", new { title = "Never" }));

        Assert.False(Faults.BreakNextKeyInsert, "The fault never fired.");
        await response.AssertProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
        Assert.Empty(await client.GetTasksAsync());
    }

    private StatementFaults Faults => api.Services.GetRequiredService<StatementFaults>();

    private static HttpRequestMessage Keyed(HttpMethod method, string path, object? body = null) =>
        HttpExtensions.KeyedRequest(method, path, Guid.NewGuid().ToString(), body);

    // The API with StatementFaults among its EF Core interceptors.
    public sealed class StatementFaultsApi() : TodoApiFactory(new()
    {
        Services = services => services
            .AddSingleton<StatementFaults>()
            .ConfigureDbContext<TodoDbContext>((provider, db) => db.AddInterceptors(provider.GetRequiredService<StatementFaults>())),
    });

    // Each fault fires once, on the next keyed statement after it is armed.
    public sealed class StatementFaults : IDbCommandInterceptor
    {
        public bool LoseNextCommit { get; set; }
        public bool BreakNextKeyInsert { get; set; }

        // The statement has run and committed; the exception is what a connection dropped before the reply looks like.
        public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            if (LoseNextCommit && StoresAKey(command))
            {
                LoseNextCommit = false;
                throw new TimeoutException("The commit's reply was lost.");
            }
            return ValueTask.FromResult(result);
        }

        public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            // The server refuses the key's row (its fingerprint may not be null) after the change in the same statement ran.
            if (BreakNextKeyInsert && StoresAKey(command))
            {
                BreakNextKeyInsert = false;
                command.CommandText = command.CommandText.Replace("@key, @fingerprint,", "@key, NULL,", StringComparison.Ordinal);
            }
            return ValueTask.FromResult(result);
        }

        private static bool StoresAKey(DbCommand command) =>
            command.CommandText.Contains("INSERT INTO idempotency_keys", StringComparison.Ordinal);
    }
}
