using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Todo.Api.Errors;

// The contract answers every error as problem+json. The framework's writer declines when Accept leaves JSON
// out (a browser's Accept: text/html), which would turn the 401 and 429 hooks into 500s and status code pages
// into plain text. Registered after it, this one writes what it declines.
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status ?? context.HttpContext.Response.StatusCode);

        // Not the request's token: past its deadline it is cancelled, and the answer must still be written.
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, options: null,
            contentType: "application/problem+json", cancellationToken: CancellationToken.None));
    }
}
