using System.Text.Json;
using System.Text.Json.Nodes;
using Todo.Api.Tasks;

namespace Todo.Api.Mcp;

// The tools' JSON schemas, what an agent's model reads to fill in arguments. The limits come from the constants
// the rules check, as in the OpenAPI document; the rules themselves run in the handlers, whatever the schema says.
internal static class ToolSchemas
{
    public static readonly (string Name, JsonObject Schema) TaskId = ("task_id", new()
    {
        ["type"] = "integer",
        ["minimum"] = 1,
        ["maximum"] = int.MaxValue,
        ["description"] = "The task's id, as add_task or list_tasks gave it.",
    });

    public static readonly (string Name, JsonObject Schema) Title = ("title", new()
    {
        ["type"] = "string",
        ["minLength"] = 1,
        ["maxLength"] = TaskRules.TitleMaxLength,
        ["description"] = $"What to do, 1 to {TaskRules.TitleMaxLength} characters (trimmed).",
    });

    public static readonly (string Name, JsonObject Schema) Description = ("description", new()
    {
        ["type"] = new JsonArray("string", "null"),
        ["maxLength"] = TaskRules.DescriptionMaxLength,
        ["description"] = $"Details, up to {TaskRules.DescriptionMaxLength} characters.",
    });

    public static readonly (string Name, JsonObject Schema) Status = ("status", new()
    {
        ["type"] = "string",
        ["enum"] = new JsonArray("all", "pending", "completed"),
        ["default"] = "all",
        ["description"] = "Which tasks: all, pending (not completed) or completed.",
    });

    // Agents written from the hackathon brief pass user_id; it is accepted only when it is the caller's own.
    private static readonly (string Name, JsonObject Schema) UserId = ("user_id", new()
    {
        ["type"] = "string",
        ["description"] = "Not needed: the tools act for the signed-in user. If given, it must be that user's id.",
    });

    public static JsonElement Change(string status) => Object(new()
    {
        ["task_id"] = new JsonObject { ["type"] = "integer" },
        ["status"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(status) },
        ["title"] = new JsonObject { ["type"] = "string" },
    });

    public static JsonElement List { get; } = Object(new()
    {
        ["tasks"] = new JsonObject { ["type"] = "array", ["items"] = JsonSerializer.SerializeToNode(Task) },
        ["total"] = new JsonObject { ["type"] = "integer", ["description"] = "How many of the user's tasks match, beyond this page too." },
    });

    // The REST API's task, as docs/API.md and the OpenAPI document describe it.
    private static JsonElement Task => Object(new()
    {
        ["id"] = new JsonObject { ["type"] = "integer" },
        ["title"] = new JsonObject { ["type"] = "string" },
        ["description"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
        ["completed"] = new JsonObject { ["type"] = "boolean" },
        ["created_at"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        ["updated_at"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
    });

    // The user_id every tool accepts comes last.
    public static JsonElement Arguments(string[] required, params (string Name, JsonObject Schema)[] properties)
    {
        var schema = new JsonObject();
        foreach (var (name, property) in properties.Append(UserId))
        {
            schema[name] = property.DeepClone();
        }

        return JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = schema,
            ["required"] = new JsonArray([.. required.Select(name => (JsonNode)name)]),
        });
    }

    // Every property is always there.
    private static JsonElement Object(JsonObject properties) => JsonSerializer.SerializeToElement(new JsonObject
    {
        ["type"] = "object",
        ["properties"] = properties,
        ["required"] = new JsonArray([.. properties.Select(p => (JsonNode)p.Key)]),
    });
}
