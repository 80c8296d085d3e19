using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Todo.Api.Http;

internal static class ErrorCodes
{
    public const string Key = "code";
    public const int RetryAfterSeconds = 5;

    public static string For(int status) => status switch
    {
        400 => "bad_request",
        401 => "invalid_token",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "validation_error",
        429 => "rate_limited",
        503 => "database_unavailable",
        >= 500 => "internal_error",
        _ => ReasonPhrases.GetReasonPhrase(status).ToLowerInvariant().Replace(' ', '_') is { Length: > 0 } code ? code : "error",
    };

    // Fills in what every error body must carry, whoever produced it: endpoints, status code pages, the
    // exception handler, the authentication and rate-limiting hooks.
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ??= context.HttpContext.Response.StatusCode;

        problem.Extensions.TryAdd(Key, For(status));
        problem.Extensions.Remove("exception");

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            problem.Detail = "The database is unavailable. Try again in a few seconds.";
            context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (status >= 500)
        {
            // Never an exception message: it can carry SQL, connection details or a token.
            problem.Detail = "An unexpected error occurred.";
        }

        // Routing and Kestrel answer these without a detail; say what to do instead.
        problem.Detail ??= status switch
        {
            StatusCodes.Status400BadRequest => "The request could not be read: its framing or body is malformed.",
            StatusCodes.Status404NotFound => "No such route. The API is under /api/tasks; its documentation is at /docs.",
            StatusCodes.Status405MethodNotAllowed => $"This route does not take {context.HttpContext.Request.Method}; /docs lists the methods of each route.",
            StatusCodes.Status415UnsupportedMediaType => Problems.UnsupportedMediaTypeDetail,
            _ => problem.Title ?? ReasonPhrases.GetReasonPhrase(status),
        };
    }

    // A request the client got wrong is not a server failure, and an exception an IExceptionHandler handled
    // (the database outage's 503) has logged its own warning: neither gets an Error line with a stack trace.
    public static bool IsExpected(ExceptionHandlerSuppressDiagnosticsContext context) =>
        context.ExceptionHandledBy == ExceptionHandledType.ExceptionHandlerService
        || StatusForException(context.Exception) < StatusCodes.Status500InternalServerError;

    public static int StatusForException(Exception exception) => exception switch
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
            // broke under a running transaction when the server went away: faults.sh saw it in a crash.
            if (current is RetryLimitExceededException or TimeoutException or NpgsqlException { IsTransient: true }
                or InvalidOperationException { Source: "Npgsql", Message: "Transaction is already completed" })
            {
                return true;
            }
        }

        return false;
    }
}
