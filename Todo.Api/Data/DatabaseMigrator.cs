using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Todo.Api.Data;

// Applies the committed migrations before the server starts listening, so /health only turns green on
// the current schema. Replicas that start together wait for each other instead of racing (Todo.Tests proves
// it against PostgreSQL).
internal sealed partial class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    // Any fixed number, the same in every replica.
    private const long MigrationLockId = 0x746f646f_6d696772;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoDbContext>();
        // Requests get a 2 s command timeout; a migration may rewrite a large table.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));

        // On a new database MigrateAsync finds the missing database and history table by failing queries,
        // and logs each failure as an error on an ordinary first start. Asking first is quiet.
        await CreateDatabaseIfMissingAsync(db, cancellationToken);

        // EF Core's own lock on PostgreSQL is a LOCK TABLE that ends with each migration's transaction, so with
        // two or more pending migrations a second replica plans the ones the first is still applying. A session
        // advisory lock, on a connection of its own, covers the whole run.
        await using var lockConnection = new NpgsqlConnection(db.Database.GetConnectionString());
        await lockConnection.OpenAsync(cancellationToken);
        await RunAsync(lockConnection, $"SELECT pg_advisory_lock({MigrationLockId})", cancellationToken);
        try
        {
            await CreateHistoryTableIfMissingAsync(db, cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            // Explicitly: a pooled connection keeps its session, and the lock with it, after it is closed.
            await RunAsync(lockConnection, $"SELECT pg_advisory_unlock({MigrationLockId})", CancellationToken.None);
        }
        LogMigrated(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task CreateDatabaseIfMissingAsync(TodoDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }
        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another replica created it at the same moment.
        }
    }

    // EF's own check is a SELECT from the history table, which fails (and logs) while the table is missing.
    private static async Task CreateHistoryTableIfMissingAsync(TodoDbContext db, CancellationToken cancellationToken)
    {
        var quotedName = $"\"{HistoryRepository.DefaultTableName}\"";
        var table = await db.Database.SqlQuery<string?>($"SELECT to_regclass({quotedName})::text AS \"Value\"").SingleAsync(cancellationToken);
        if (table is null)
        {
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        }
    }

    private static async Task RunAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // No command timeout: a replica waits here for as long as another one's migrations take.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date.")]
    private static partial void LogMigrated(ILogger logger);
}
