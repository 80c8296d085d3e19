using System.Data.Common;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Todo.Api.Http;

namespace Todo.Api.Data;

// What the service's own database work tells the rest: when a request last used the database (the readiness check
// leaves an idle database alone), that a connection broke (DatabaseWarmup refills the pool), and when a connection
// opens inside a request (its deadline does not count that time).
internal sealed class DatabaseActivity(TimeProvider clock, IHttpContextAccessor http) : DbConnectionInterceptor, IDbCommandInterceptor
{
    private long lastUsed = clock.GetTimestamp();
    private int refillWanted;
    private Task warming = Task.CompletedTask;

    public TimeSpan IdleFor => clock.GetElapsedTime(Interlocked.Read(ref lastUsed));

    // DatabaseWarmup has taken the request; the next broken connection asks again.
    public void RefillTaken() => Interlocked.Exchange(ref refillWanted, 0);

    public event Action? RefillRequested;

    // A request that needs a connection while DatabaseWarmup opens them waits for those (not counted by its deadline)
    // instead of making a handshake of its own: a burst right after start does not open a connection per request.
    public override async ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Interlocked.Exchange(ref lastUsed, clock.GetTimestamp());
        if (Deadline() is { } deadline)
        {
            deadline.PauseForOpening();
            await Volatile.Read(ref warming).WaitAsync(cancellationToken);
        }
        return result;
    }

    // The connections DatabaseWarmup is opening; the task fails only when the service stops.
    public void Warming(Task opening) => Volatile.Write(ref warming, opening);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Deadline()?.ResumeAfterOpening();
        return Task.CompletedTask;
    }

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Deadline()?.ResumeAfterOpening();
        return Task.CompletedTask;
    }

    // A transient failure is a connection that broke (the server restarted, or a Neon compute suspended and closed
    // it): Npgsql clears the pool of the dead ones, and the pool is refilled in the background.
    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Exception is NpgsqlException { IsTransient: true })
        {
            RequestRefill();
        }
        return Task.CompletedTask;
    }

    // A command the deadline cancelled on a hung server leaves its connection broken, and Npgsql clears the pool.
    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (command.Connection?.State is not System.Data.ConnectionState.Open)
        {
            RequestRefill();
        }
        return Task.CompletedTask;
    }

    private void RequestRefill()
    {
        if (Interlocked.Exchange(ref refillWanted, 1) == 0)
        {
            RefillRequested?.Invoke();
        }
    }

    private RequestDeadline? Deadline() => http.HttpContext?.Features.Get<IHttpRequestTimeoutFeature>() as RequestDeadline;
}
