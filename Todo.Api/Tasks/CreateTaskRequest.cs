using System.Text.Json;
using Todo.Api.Http;

namespace Todo.Api.Tasks;

public sealed record CreateTaskRequest(string Title, string? Description = null) : IJsonRequest<CreateTaskRequest>
{
    public static CreateTaskRequest Read(JsonElement body, FieldErrors errors)
    {
        string? title = null;
        if (body.TryGetProperty("title", out var titleValue))
        {
            title = TaskRules.ReadTitle(titleValue, errors);
        }
        else
        {
            errors.Add("title", "title is required.");
        }

        var description = body.TryGetProperty("description", out var descriptionValue)
            ? TaskRules.ReadDescription(descriptionValue, errors)
            : null;

        return new CreateTaskRequest(title ?? "", description);
    }
}
