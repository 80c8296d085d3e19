using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Todo.Api.Errors;
using Todo.Api.Input;

namespace Todo.Api.Tasks;

// The {id} route value. Binding never fails, so a bad id reaches the validation filter and becomes the
// contract's 422 instead of the framework's bare 400.
internal sealed record TaskId(int Value, ProblemHttpResult? Problem) : IBindableFromHttpContext<TaskId>, IValidatedInput
{
    public static ValueTask<TaskId?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var raw = context.GetRouteValue("id") as string;
        var valid = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0;

        return ValueTask.FromResult<TaskId?>(valid
            ? new TaskId(id, null)
            : new TaskId(0, Problems.Validation(FieldErrors.Of("id", "id must be a positive 32-bit integer."))));
    }
}
