using System.Text.Json;
using Todo.Api.Http;

namespace Todo.Api.Tasks;

// No body (or no "completed") toggles the task; {"completed": bool} sets it.
public sealed record CompleteTaskRequest(bool? Completed = null) : IJsonRequest<CompleteTaskRequest>
{
    public static bool BodyIsOptional => true;

    public static CompleteTaskRequest Read(JsonElement body, FieldErrors errors) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("completed", out var value)
            ? new CompleteTaskRequest(TaskRules.ReadCompleted(value, errors))
            : new CompleteTaskRequest((bool?)null);
}
