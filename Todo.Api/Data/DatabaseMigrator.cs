using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Todo.Api.Data;

// Applies the committed migrations before the server starts listening, so /health only turns green on
// the current schema. EF Core 9+ holds a database-wide migration lock while it migrates, so replicas that
// start together wait for each other instead of racing (Todo.Tests proves it against PostgreSQL).
internal sealed partial class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoDbContext>();

        // On a new database MigrateAsync finds the missing database and history table by failing queries,
        // and logs each failure as an error on an ordinary first start. Asking first is quiet.
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            await creator.CreateAsync(cancellationToken);
        }
        // EF's own history check is a SELECT from the table, which fails (and logs) while it is missing.
        var history = db.GetService<IHistoryRepository>();
        var quotedName = $"\"{HistoryRepository.DefaultTableName}\"";
        var historyTable = await db.Database
            .SqlQuery<string?>($"SELECT to_regclass({quotedName})::text AS \"Value\"")
            .SingleAsync(cancellationToken);
        if (historyTable is null)
        {
            try
            {
                await history.CreateIfNotExistsAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
            {
                // Another replica created it at the same moment.
            }
        }
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date.")]
    private static partial void LogMigrated(ILogger logger);
}
