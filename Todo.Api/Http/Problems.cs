using Microsoft.AspNetCore.Http.HttpResults;

namespace Todo.Api.Http;

// The contract's error responses. Every problem gets its "code" from ErrorCodes when the problem details
// service writes it, so only the statuses that have more than one code name theirs.
internal static class Problems
{
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
            statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { [ErrorCodes.Key] = "idempotency_key_in_use" });

    public static ProblemHttpResult IdempotencyKeyReused()
    {
        var problem = Validation(FieldErrors.Of("Idempotency-Key", "This Idempotency-Key was used for a different request. Use a new key for each action."));
        problem.ProblemDetails.Extensions[ErrorCodes.Key] = "idempotency_key_reused";
        return problem;
    }

    // For the places outside an endpoint (authentication challenges, the rate limiter).
    public static ValueTask WriteAsync(HttpContext context, int status, string detail, string? code = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = status, Detail = detail } };
        if (code is not null)
        {
            problem.ProblemDetails.Extensions[ErrorCodes.Key] = code;
        }

        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(problem);
    }
}
