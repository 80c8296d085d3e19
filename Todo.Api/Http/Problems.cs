using Microsoft.AspNetCore.Http.HttpResults;

namespace Todo.Api.Http;

// The contract's error responses. Every problem gets its "code" from ErrorCodes when the problem details
// service writes it, so only the 401s, which have three codes, name theirs.
public static class Problems
{
    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem("No task with that id.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult Validation(FieldErrors errors) =>
        TypedResults.Problem(errors.Summary(), statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["errors"] = errors.ToDictionary() });

    public static ProblemHttpResult PayloadTooLarge() =>
        TypedResults.Problem($"The body is larger than {JsonBody.MaxBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge);

    public const string UnsupportedMediaTypeDetail = "Send the body as JSON, with Content-Type: application/json.";

    public static ProblemHttpResult UnsupportedMediaType() =>
        TypedResults.Problem(UnsupportedMediaTypeDetail, statusCode: StatusCodes.Status415UnsupportedMediaType);

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
