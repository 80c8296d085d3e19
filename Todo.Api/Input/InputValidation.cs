using Microsoft.AspNetCore.Http.HttpResults;

namespace Todo.Api.Input;

// A bound handler argument that knows whether the request got it right, and the filter that answers with the
// first Problem it finds, so handlers only ever see valid input.
internal interface IValidatedInput
{
    ProblemHttpResult? Problem { get; }
}

internal static class InputValidationFilter
{
    public static async ValueTask<object?> RejectInvalidInput(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is IValidatedInput { Problem: { } problem })
            {
                return problem;
            }
        }

        return await next(context);
    }
}
