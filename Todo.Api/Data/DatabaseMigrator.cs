using Microsoft.EntityFrameworkCore;

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
        // Requests get a 2 s command timeout; a migration may rewrite a large table.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));

        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date.")]
    private static partial void LogMigrated(ILogger logger);
}
