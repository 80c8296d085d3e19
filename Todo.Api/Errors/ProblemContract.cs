using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Todo.Api.Errors;

// What every error body must carry, whoever produced it (endpoints, status code pages, the exception handler, the
// authentication and rate-limiting hooks): a code, a detail a person can act on, and never an exception's text.
internal static class ProblemContract
{
    public const int RetryAfterSeconds = 5;

    public static void Fill(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ??= context.HttpContext.Response.StatusCode;

        problem.Extensions.TryAdd(Problems.CodeKey, ErrorCodes.For(status));
        problem.Extensions.Remove("exception");

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            problem.Detail = "The database is unavailable. Try again in a few seconds.";
            context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
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
}
