using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Todo.Api.Data;

// Readiness: the database answers a real query (a hung server still accepts connections, and an idle pooled
// connection looks open). Not Aspire's DbContext check: on a hung server it waits for Npgsql to give up, seconds after
// the probe's own deadline. Here the query runs in the background on a pooled connection and the probe waits for it
// only until the health check's timeout; a query still running from an earlier probe is awaited, not repeated.
// - A probe that times out while its connection is still opening (300 ms away that takes about 2 s) answers the
//   last result, Healthy before the first: slow to connect is not down, and Degraded would log a warning each time.
//   A connection that cannot be opened fails the probe that waits for it once the connect timeout is up.
// - Once no request has used the database for Database:IdleAfterSeconds, a probe reports the last answer, when it
//   was healthy, instead of querying, so that probes every few seconds do not keep a Neon compute from scaling to zero.
internal sealed class DatabaseReadinessCheck(IServiceScopeFactory scopes, DatabaseActivity activity, IOptions<DatabaseOptions> options)
    : IHealthCheck
{
    private readonly Lock gate = new();
    private Probe? running;
    private HealthCheckResult? last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        Probe probe;
        lock (gate)
        {
            var idle = !options.Value.ProbeWhenIdle && activity.IdleFor > TimeSpan.FromSeconds(options.Value.IdleAfterSeconds);
            if (idle && last is { Status: HealthStatus.Healthy } known)
            {
                return known;
            }
            if (running is not { Task.IsCompleted: false })
            {
                running = new Probe(scopes);
                // Every probe's outcome is kept when it ends, waited for or not: the last result a probe still
                // connecting answers with must be the database's latest, not the one before an outage.
                running.Task.ContinueWith(ended => Remember(ended.IsCompletedSuccessfully
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("The database did not answer.")), TaskScheduler.Default);
            }
            probe = running;
        }

        try
        {
            await probe.Task.WaitAsync(cancellationToken);
            return Remember(HealthCheckResult.Healthy());
        }
        catch (OperationCanceledException) when (!probe.Opened)
        {
            return last ?? HealthCheckResult.Healthy("Still connecting to the database.");
        }
        catch (OperationCanceledException)
        {
            return Remember(HealthCheckResult.Unhealthy("The database did not answer in time."));
        }
        catch (System.Data.Common.DbException)
        {
            return Remember(HealthCheckResult.Unhealthy("The database did not answer."));
        }
    }

    private HealthCheckResult Remember(HealthCheckResult result)
    {
        lock (gate)
        {
            last = result;
        }
        return result;
    }

    private sealed class Probe
    {
        private volatile bool opened;

        public Probe(IServiceScopeFactory scopes) => Task = QueryAsync(scopes);

        public Task Task { get; }
        public bool Opened => opened;

        // On the DbConnection itself, past EF's interceptors: a probe is not a request using the database.
        private async Task QueryAsync(IServiceScopeFactory scopes)
        {
            await using var scope = scopes.CreateAsyncScope();
            var connection = scope.ServiceProvider.GetRequiredService<TodoDbContext>().Database.GetDbConnection();
            try
            {
                await connection.OpenAsync();
                opened = true;
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync();
            }
            finally
            {
                // The context goes back to EF's pool, which closes only connections that EF opened.
                await connection.CloseAsync();
            }
        }
    }
}
