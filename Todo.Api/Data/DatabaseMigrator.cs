using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Todo.Api.Data;

// Applies the committed migrations before the server starts listening, so /health only turns green on
// the current schema. Replicas that start together wait for each other instead of racing (Todo.Tests proves
// it against PostgreSQL). On a current schema it costs one query.
internal sealed partial class DatabaseMigrator(IServiceProvider services, IOptions<DatabaseOptions> options, ILogger<DatabaseMigrator> logger)
    : IHostedService
{
    // Any fixed number, the same in every replica.
    private const long MigrationLockId = 0x746f646f_6d696772;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoDbContext>();

        // One query, on a connection the requests then use; the migrator's dozen round trips only when it has work.
        var pending = await PendingMigrationsAsync(db, cancellationToken);
        if (pending is { Count: 0 })
        {
            LogMigrated(logger);
            return;
        }

        if (options.Value.MigrationConnectionString is { Length: > 0 } direct)
        {
            db.Database.SetConnectionString(DirectConnectionString(direct, options.Value));
        }
        // Requests get a 5 s command timeout; a migration may rewrite a large table.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        if (pending is null)
        {
            await CreateDatabaseAsync(db, cancellationToken);
        }

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

    // The ids of the committed migrations the database lacks, or null when the database does not exist. The history
    // table is read through query_to_xml, which plans its query only when the CASE reaches it, so a database without
    // the table answers in the same one round trip instead of failing. On the DbConnection itself: a missing
    // database on a first start is expected, not the warning EF logs for a failed connection.
    private static async Task<List<string>?> PendingMigrationsAsync(TodoDbContext db, CancellationToken cancellationToken)
    {
        const string history = HistoryRepository.DefaultTableName;
        var connection = db.Database.GetDbConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT CASE WHEN to_regclass('"{history}"') IS NOT NULL THEN (xpath('/row/ids/text()',
                    query_to_xml('SELECT string_agg("MigrationId", '','') AS ids FROM "{history}"', false, true, '')))[1]::text END
                """;
            var applied = (await command.ExecuteScalarAsync(cancellationToken) as string ?? "").Split(',');
            return db.Database.GetMigrations().Except(applied).ToList();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return null;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    // Neon's pooled host runs PgBouncer in transaction mode, where a session advisory lock does not hold.
    private static string DirectConnectionString(string direct, DatabaseOptions options)
    {
        var (connectionString, problem) = direct.Contains("://", StringComparison.Ordinal)
            ? DatabaseConnection.Resolve(null, direct, options)
            : DatabaseConnection.Resolve(direct, null, options);
        return connectionString.Length > 0 ? connectionString
            : throw new InvalidOperationException($"Database:MigrationConnectionString cannot be used: {problem}");
    }

    private static async Task CreateDatabaseAsync(TodoDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.GetService<IRelationalDatabaseCreator>().CreateAsync(cancellationToken);
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
