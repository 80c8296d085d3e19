using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Todo.Api.Data;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Idempotency;

// A keyed request and its change are one transaction, run inside EF's retry strategy.
public sealed class LostCommitTests(LostCommitTests.FaultyDatabaseApi api) : IClassFixture<LostCommitTests.FaultyDatabaseApi>
{
    [Fact]
    public async Task ARetryAfterACommitWhoseAnswerWasLostTogglesOnce()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();
        api.Faults.LoseNextCommit = true;

        var response = await client.SendAsync(Keyed(HttpMethod.Patch, $"/api/tasks/{task.Id}/complete"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.ReadTaskAsync()).Completed);
        Assert.True((await client.GetTaskAsync(task.Id)).Completed);
    }

    [Fact]
    public async Task ARetryAfterACommitWhoseAnswerWasLostCreatesOneTask()
    {
        var client = api.CreateClientForNewUser();
        api.Faults.LoseNextCommit = true;

        var response = await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", new { title = "Once" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(await client.GetTasksAsync());
    }

    [Fact]
    public async Task WhenTheKeyCannotBeStoredTheTaskIsNotCreatedEither()
    {
        var client = api.CreateClientForNewUser();
        api.Faults.BreakNextKeyInsert = true;

        var response = await client.SendAsync(Keyed(HttpMethod.Post, "/api/tasks", new { title = "Never" }));

        await response.AssertProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
        Assert.Empty(await client.GetTasksAsync());
    }

    private static HttpRequestMessage Keyed(HttpMethod method, string path, object? body = null) =>
        HttpExtensions.KeyedRequest(method, path, Guid.NewGuid().ToString(), body);

    public sealed class FaultyDatabaseApi : TodoApiFactory
    {
        public DatabaseFaults Faults { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.ConfigureDbContext<TodoDbContext>(db => db.AddInterceptors(Faults)));
        }
    }

    // Each fault fires once, on the next command or commit after it is armed.
    public sealed class DatabaseFaults : IDbTransactionInterceptor, IDbCommandInterceptor
    {
        public bool LoseNextCommit { get; set; }
        public bool BreakNextKeyInsert { get; set; }

        // The commit has happened; the exception is what a connection dropped before the reply looks like.
        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (LoseNextCommit)
            {
                LoseNextCommit = false;
                throw new TimeoutException("The commit's reply was lost.");
            }
            return Task.CompletedTask;
        }

        public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (BreakNextKeyInsert && command.CommandText.Contains("INSERT INTO", StringComparison.Ordinal)
                && command.CommandText.Contains("idempotency_keys", StringComparison.Ordinal))
            {
                BreakNextKeyInsert = false;
                throw new InvalidOperationException("The key could not be stored.");
            }
            return ValueTask.FromResult(result);
        }
    }
}
