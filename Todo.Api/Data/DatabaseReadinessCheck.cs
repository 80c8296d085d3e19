using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Todo.Api.Data;

// Readiness: the database answers a real query. Not Aspire's DbContext check: on a hung server it waits for
// Npgsql to give up (command timeout, then a cancel request on a new connection), which takes seconds after
// the probe's own deadline. Here the query runs on its own connection and the probe only waits for it until
// the health check's timeout; a query still running from an earlier probe is awaited, not repeated.
internal sealed class DatabaseReadinessCheck(string connectionString) : IHealthCheck, IDisposable
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2, NoResetOnClose = true, ApplicationName = "todo-readiness" }.ConnectionString);
    private readonly Lock gate = new();
    private Task? running;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        Task probe;
        lock (gate)
        {
            probe = running is { IsCompleted: false } ? running : running = QueryAsync();
        }

        try
        {
            await probe.WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (NpgsqlException)
        {
            return HealthCheckResult.Unhealthy("The database did not answer.");
        }
    }

    // A real round trip: a hung server still accepts connections, and an idle pooled connection looks open.
    private async Task QueryAsync()
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync();
    }

    public void Dispose() => dataSource.Dispose();
}
