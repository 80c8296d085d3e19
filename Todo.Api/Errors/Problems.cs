using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Todo.Api.Input;

namespace Todo.Api.Errors;

// The error vocabulary of the contract: every "code" an error body can carry, once. The OpenAPI document's enum
// is read from these constants (ProblemDocs), so a new code cannot miss it.
internal static class ErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string MissingToken = "missing_token";
    public const string InvalidToken = "invalid_token";
    public const string TokenExpired = "token_expired";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string RequestTimeout = "request_timeout";
    public const string IdempotencyKeyInUse = "idempotency_key_in_use";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string ValidationError = "validation_error";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string RateLimited = "rate_limited";
    public const string InternalError = "internal_error";
    public const string DatabaseUnavailable = "database_unavailable";

    public static readonly IReadOnlyList<string> All = [.. typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral).Select(field => (string)field.GetRawConstantValue()!)];

    // The code of a status that has one; the statuses with more than one (401, 409, 422) name theirs where they are made.
    public static string For(int status) => status switch
    {
        400 => BadRequest,
        401 => InvalidToken,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        408 => RequestTimeout,
        409 => IdempotencyKeyInUse,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => ValidationError,
        429 => RateLimited,
        503 => DatabaseUnavailable,
        >= 500 => InternalError,
        _ => BadRequest,
    };
}

// The contract's error responses. Every problem gets its "code" when the problem details service writes it
// (ProblemContract), so only a second code of a status is named here.
internal static class Problems
{
    public const string CodeKey = "code";

    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem("No task with that id.", statusCode: StatusCodes.Status404NotFound);

    // A statement on one task that touched none of the caller's: another user's task, or none at all.
    public static ProblemHttpResult? NotOwned(Tasks.OwnedTask owned) =>
        owned.Task is not null ? null : owned.Found ? Forbidden("This task belongs to another user.") : NotFound();

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult Validation(FieldErrors errors) =>
        TypedResults.Problem(errors.Summary(), statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["errors"] = errors.ToDictionary() });

    public static ProblemHttpResult PayloadTooLarge() =>
        TypedResults.Problem($"The body is larger than {JsonBody.MaxBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge);

    public static ProblemHttpResult RequestTimeout() =>
        TypedResults.Problem("The body did not arrive in time. Send it again.", statusCode: StatusCodes.Status408RequestTimeout);

    public const string UnsupportedMediaTypeDetail = "Send the body as JSON, with Content-Type: application/json.";

    public static ProblemHttpResult UnsupportedMediaType() =>
        TypedResults.Problem(UnsupportedMediaTypeDetail, statusCode: StatusCodes.Status415UnsupportedMediaType);

    public static ProblemHttpResult IdempotencyKeyInUse() =>
        TypedResults.Problem("A request with this Idempotency-Key is still running. Retry it once that one has finished.",
            statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult IdempotencyKeyReused()
    {
        var problem = Validation(FieldErrors.Of("Idempotency-Key", "This Idempotency-Key was used for a different request. Use a new key for each action."));
        problem.ProblemDetails.Extensions[CodeKey] = ErrorCodes.IdempotencyKeyReused;
        return problem;
    }

    // For the places outside an endpoint (authentication challenges, the rate limiter, the request deadline).
    public static ValueTask WriteAsync(HttpContext context, int status, string detail, string? code = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = status, Detail = detail } };
        if (code is not null)
        {
            problem.ProblemDetails.Extensions[CodeKey] = code;
        }

        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(problem);
    }
}
