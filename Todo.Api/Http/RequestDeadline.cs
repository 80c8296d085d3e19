using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Todo.Api.Data;
using Todo.Api.Errors;

namespace Todo.Api.Http;

// The deadline of every request: its token is cancelled after Database:RequestTimeoutSeconds, so EF stops retrying and
// Npgsql cancels the running command, and the caller gets 503 database_unavailable with Retry-After. Time spent opening
// a connection is not counted (up to the connect timeout in all): 300 ms from the database a handshake alone costs about
// 2 s, and a request should not fail because the pool had to replace a connection the database dropped.
// ASP.NET Core's request timeouts cannot pause, hence this small version of them; it offers the same feature.
internal sealed partial class RequestDeadline : IHttpRequestTimeoutFeature, IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly Lock gate = new();
    private readonly TimeProvider clock;
    private readonly long startedAt;
    private readonly TimeSpan budget;
    private readonly TimeSpan openingAllowance;
    private TimeSpan credited;
    private long? openingSince;
    private bool disabled;

    private RequestDeadline(TimeProvider clock, TimeSpan budget, TimeSpan openingAllowance)
    {
        (this.clock, this.budget, this.openingAllowance) = (clock, budget, openingAllowance);
        startedAt = clock.GetTimestamp();
        RequestTimeoutToken = source.Token;
        source.CancelAfter(budget);
    }

    public CancellationToken RequestTimeoutToken { get; }

    public void DisableTimeout()
    {
        lock (gate)
        {
            disabled = true;
            source.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    // While a connection opens, the deadline moves to the latest it can be; afterwards back, by the time it took.
    public void PauseForOpening()
    {
        lock (gate)
        {
            if (!disabled && openingSince is null && !source.IsCancellationRequested)
            {
                openingSince = clock.GetTimestamp();
                CancelAt(budget + openingAllowance);
            }
        }
    }

    public void ResumeAfterOpening()
    {
        lock (gate)
        {
            if (!disabled && openingSince is { } since && !source.IsCancellationRequested)
            {
                credited += clock.GetElapsedTime(since);
                credited = credited < openingAllowance ? credited : openingAllowance;
                openingSince = null;
                CancelAt(budget + credited);
            }
        }
    }

    public void Dispose() => source.Dispose();

    private void CancelAt(TimeSpan sinceStart)
    {
        var left = sinceStart - clock.GetElapsedTime(startedAt);
        source.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
    }

    public static async Task RunAsync(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        using var deadline = new RequestDeadline(context.RequestServices.GetRequiredService<TimeProvider>(),
            TimeSpan.FromSeconds(options.RequestTimeoutSeconds), TimeSpan.FromSeconds(options.ConnectTimeoutSeconds));
        context.Features.Set<IHttpRequestTimeoutFeature>(deadline);
        if (context.GetEndpoint()?.Metadata.GetMetadata<DisableRequestTimeoutAttribute>() is not null)
        {
            // The endpoint applies the deadline to its own work (the MCP tools, inside their response stream).
            await next(context);
            return;
        }

        var aborted = context.RequestAborted;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline.RequestTimeoutToken);
        context.RequestAborted = linked.Token;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (deadline.RequestTimeoutToken.IsCancellationRequested && !context.Response.HasStarted)
        {
            LogDeadlinePassed(context.RequestServices.GetRequiredService<ILogger<RequestDeadline>>());
            await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The database did not answer in time.");
        }
        finally
        {
            // The exception handler takes a cancelled RequestAborted for a client that went away.
            context.RequestAborted = aborted;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The request's deadline passed while it waited on the database; answered 503.")]
    private static partial void LogDeadlinePassed(ILogger logger);
}

internal static class RequestDeadlineExtensions
{
    public static IApplicationBuilder UseRequestDeadline(this IApplicationBuilder app) => app.Use(RequestDeadline.RunAsync);
}
