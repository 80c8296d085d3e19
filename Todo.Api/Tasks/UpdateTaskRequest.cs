using System.Text.Json;
using System.Text.Json.Serialization;
using Todo.Api.Http;

namespace Todo.Api.Tasks;

// PUT and PATCH change only the fields present; "description": null clears it, so presence is kept apart
// from value for the description.
public sealed record UpdateTaskRequest(string? Title = null, string? Description = null, bool? Completed = null) : IJsonRequest<UpdateTaskRequest>
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
