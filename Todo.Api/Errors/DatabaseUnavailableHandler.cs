using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Timeouts;

namespace Todo.Api.Errors;

// A database that refuses or drops connections is an outage the caller is told about (503), not a fault of the
// service: one warning per request instead of the exception handler's error with a stack trace. A handled
// exception emits no diagnostics of the exception handler's own (ASP.NET Core 10).
internal sealed partial class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // Past the request's deadline any failure is the deadline's doing (a hung database): Npgsql breaks the
        // connection under a running transaction, and the next command finds it "already completed".
        // Only failures of the database's own making: a bug that happens to come late stays a 500.
        var pastDeadline = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true
            && exception.GetBaseException() is OperationCanceledException or System.Data.Common.DbException or { Source: "Npgsql" };
        if (!pastDeadline && ExceptionStatus.For(exception) != StatusCodes.Status503ServiceUnavailable)
        {
            return false;
        }

        LogUnavailable(logger, exception.GetType().Name, exception.GetBaseException().Message);
        await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The database is unavailable.");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable, answered 503: {ExceptionType}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string reason);
}
