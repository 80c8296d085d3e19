using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Mcp;

// A tool call waits on a sick database no longer than a REST request does, and then says so in a result the
// agent can act on: the event stream is not cut off, and nothing is logged as an error.
public sealed class ToolDeadlineTests(ToolDeadlineTests.LockableDatabaseApi api) : IClassFixture<ToolDeadlineTests.LockableDatabaseApi>
{
    [Theory]
    [InlineData(null)]
    [InlineData("2025-11-25")]
    public async Task ALockedTableIsAnErrorResultWithinTheDeadline(string? protocolVersion)
    {
        await using var client = await api.ConnectAsync(TodoApiFactory.NewUserId(), protocolVersion);
        await using var locker = new NpgsqlConnection(api.ConnectionString);
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE", locker, transaction).ExecuteNonQueryAsync();
        var clock = Stopwatch.StartNew();

        var result = await client.CallAsync("add_task", new { title = "Waits on a lock" });

        clock.Stop();
        Assert.Equal("The database is unavailable. Try again in a few seconds.", result.Error());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1 + 2 + 1), $"took {clock.Elapsed}");
        Assert.Empty(api.Logs.Failures);
    }

    // A database of its own, so the lock stalls no other test; a 1 s deadline, so the command timeout is not what ends it.
    public sealed class LockableDatabaseApi() : TodoApiFactory(new ApiSetup
    {
        Database = PostgresServer.CreateDatabaseAsync,
        Settings = new() { ["Database:RequestTimeoutSeconds"] = "1", ["Database:CommandTimeoutSeconds"] = "30" },
        Logs = LogLevel.Information,
    });
}
