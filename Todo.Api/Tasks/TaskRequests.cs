using System.Text.Json;
using System.Text.Json.Serialization;
using Todo.Api.Input;

namespace Todo.Api.Tasks;

// The bodies the tasks API reads, each with the rules of its fields. JsonBody<T> parses the JSON and calls
// Read; every broken rule becomes one entry of the 422's errors.

internal sealed record CreateTaskRequest(string Title, string? Description = null) : IJsonRequest<CreateTaskRequest>
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

// PUT and PATCH change only the fields present; "description": null clears it, so presence is kept apart
// from value for the description.
internal sealed record UpdateTaskRequest(string? Title = null, string? Description = null, bool? Completed = null) : IJsonRequest<UpdateTaskRequest>
{
    [JsonIgnore]
    public bool HasDescription { get; init; }

    public static UpdateTaskRequest Read(JsonElement body, FieldErrors errors)
    {
        var hasTitle = body.TryGetProperty("title", out var titleValue);
        var hasDescription = body.TryGetProperty("description", out var descriptionValue);
        var hasCompleted = body.TryGetProperty("completed", out var completedValue);

        if (!hasTitle && !hasDescription && !hasCompleted)
        {
            errors.Add("body", "Send at least one of title, description or completed.");
        }

        return new UpdateTaskRequest(
            hasTitle ? TaskRules.ReadTitle(titleValue, errors) : null,
            hasDescription ? TaskRules.ReadDescription(descriptionValue, errors) : null,
            hasCompleted ? TaskRules.ReadCompleted(completedValue, errors) : null)
        {
            HasDescription = hasDescription,
        };
    }
}

// No body (or no "completed") toggles the task; {"completed": bool} sets it.
internal sealed record CompleteTaskRequest(bool? Completed = null) : IJsonRequest<CompleteTaskRequest>
{
    public static bool BodyIsOptional => true;

    public static CompleteTaskRequest Read(JsonElement body, FieldErrors errors) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("completed", out var value)
            ? new CompleteTaskRequest(TaskRules.ReadCompleted(value, errors))
            : new CompleteTaskRequest((bool?)null);
}
