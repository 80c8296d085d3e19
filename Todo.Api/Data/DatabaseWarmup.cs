using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Todo.Api.Data;

// Opens Database:WarmConnections connections in the background once the service listens, and again after a request
// found a connection broken, so that requests find one open instead of making their own handshake (7 round trips
// over TLS and SCRAM). It never queries: an open idle connection does not keep a Neon compute awake, and it only
// reconnects after a request used the database, so a compute that suspended is woken by a request, not by us.
internal sealed partial class DatabaseWarmup(IServiceScopeFactory scopes, DatabaseActivity activity, IOptions<DatabaseOptions> options,
    IHostApplicationLifetime lifetime, ILogger<DatabaseWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var count = options.Value.WarmConnections;
        if (count == 0)
        {
            return;
        }

        var refill = new SemaphoreSlim(0);
        activity.RefillRequested += () => refill.Release();
        await WhenStartedAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var opening = OpenAsync(count, stoppingToken);
            activity.Warming(opening);
            await opening;
            await refill.WaitAsync(stoppingToken);
            activity.RefillTaken();
        }
    }

    private async Task OpenAsync(int count, CancellationToken stoppingToken)
    {
        var scopeList = Enumerable.Range(0, count).Select(_ => scopes.CreateAsyncScope()).ToList();
        try
        {
            // All started before any is closed, each on a context of its own, so that they are distinct connections; each
            // goes back to the pool as soon as it is open, so that requests and probes meanwhile find the idle ones. On the
            // DbConnection itself: EF's retries would stretch a failed warm-up, and opening it is not a request's use.
            var connections = scopeList.ConvertAll(scope => scope.ServiceProvider.GetRequiredService<TodoDbContext>().Database.GetDbConnection());
            var opening = connections.ConvertAll(connection => connection.OpenAsync(stoppingToken));
            await Task.WhenAll(connections.Select(async (connection, i) =>
            {
                await opening[i];
                await connection.CloseAsync();
            }));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogNotWarmed(logger, ex);
        }
        finally
        {
            foreach (var scope in scopeList)
            {
                await scope.DisposeAsync();
            }
        }
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connections not opened ahead of need; the next request that finds the database away asks again.")]
    private static partial void LogNotWarmed(ILogger logger, Exception exception);
}
