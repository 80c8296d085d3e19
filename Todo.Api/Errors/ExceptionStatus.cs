using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Todo.Api.Errors;

// Which status an exception that reached the exception handler becomes, and which of them are not failures of the
// service; DatabaseUnavailableHandler, beside it, answers the 503s.
internal static class ExceptionStatus
{
    // A request the client got wrong is not a server failure, and an exception an IExceptionHandler handled
    // (the database outage's 503) has logged its own warning: neither gets an Error line with a stack trace.
    public static bool IsExpected(ExceptionHandlerSuppressDiagnosticsContext context) =>
        context.ExceptionHandledBy == ExceptionHandledType.ExceptionHandlerService
        || For(context.Exception) < StatusCodes.Status500InternalServerError;

    public static int For(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        // Kestrel reports broken request framing as a BadHttpRequestException, except a chunk size that
        // overflows: a bare IOException. Only reading the request can throw one this far up, so it is the
        // client's doing, as the framework's own body binder treats it.
        IOException => StatusCodes.Status400BadRequest,
        _ when IsDatabaseUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            // Npgsql's own InvalidOperationException ("Transaction is already completed") comes from a connection it
            // broke under a running transaction when the server went away (a crash).
            if (current is RetryLimitExceededException or TimeoutException or NpgsqlException { IsTransient: true }
                or InvalidOperationException { Source: "Npgsql", Message: "Transaction is already completed" })
            {
                return true;
            }
        }

        return false;
    }
}
