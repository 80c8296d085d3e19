namespace Todo.Api.Input;

// Answers with the first Problem an IValidatedInput argument holds, so handlers only ever see valid input.
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
