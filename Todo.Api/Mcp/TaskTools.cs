using System.Text.Json;
using ModelContextProtocol.Protocol;
using Todo.Api.Input;
using Todo.Api.Tasks;

namespace Todo.Api.Mcp;

internal sealed record TaskChange(int TaskId, string Status, string Title);

internal sealed record TaskList(List<TaskResponse> Tasks, int Total);

// The five tools of the hackathon brief: the definitions on top, the handlers below. Each handler runs the REST
// endpoint's own input rules and its owner-scoped statement from OwnedTasks, in the same one round trip.
internal static class TaskTools
{
    public static IEnumerable<TaskTool> All() =>
    [
        new(Define("add_task", "Add a task", "Add a task for the signed-in user. Returns the new task's id.",
                new() { ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = false, OpenWorldHint = false },
                ToolSchemas.Arguments(["title"], ToolSchemas.Title, ToolSchemas.Description), ToolSchemas.Change("created")),
            AddTask),
        new(Define("list_tasks", "List tasks",
                $"List the signed-in user's tasks, newest first: at most {TaskListQuery.DefaultLimit}, and total counts every match.",
                new() { ReadOnlyHint = true, OpenWorldHint = false },
                ToolSchemas.Arguments([], ToolSchemas.Status), ToolSchemas.List),
            ListTasks),
        new(Define("complete_task", "Complete a task", "Mark a task completed. A task already completed stays completed.",
                new() { ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = false },
                ToolSchemas.Arguments(["task_id"], ToolSchemas.TaskId), ToolSchemas.Change("completed")),
            CompleteTask),
        new(Define("update_task", "Update a task",
                "Change a task's title, description or both; what is left out stays as it is. A null description clears it.",
                new() { ReadOnlyHint = false, DestructiveHint = true, IdempotentHint = true, OpenWorldHint = false },
                ToolSchemas.Arguments(["task_id"], ToolSchemas.TaskId, ToolSchemas.Title, ToolSchemas.Description), ToolSchemas.Change("updated")),
            UpdateTask),
        new(Define("delete_task", "Delete a task", "Delete a task for good.",
                new() { ReadOnlyHint = false, DestructiveHint = true, IdempotentHint = true, OpenWorldHint = false },
                ToolSchemas.Arguments(["task_id"], ToolSchemas.TaskId), ToolSchemas.Change("deleted")),
            DeleteTask),
    ];

    private static Tool Define(string name, string title, string description, ToolAnnotations annotations, JsonElement input, JsonElement output)
    {
        annotations.Title = title;
        return new Tool { Name = name, Title = title, Description = description, Annotations = annotations, InputSchema = input, OutputSchema = output };
    }

    private static async Task<CallToolResult> AddTask(ToolCall call, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var request = CreateTaskRequest.Read(call.Arguments, errors);
        if (!errors.IsEmpty)
        {
            return ToolResults.Invalid(errors);
        }

        var task = (await call.Db.CreateOwnedTaskAsync(call.UserId, request, call.Now, cancellationToken)).Task!;
        call.Metrics.Created();
        return ToolResults.Success(new TaskChange(task.Id, "created", task.Title), call.Services);
    }

    private static async Task<CallToolResult> ListTasks(ToolCall call, CancellationToken cancellationToken)
    {
        // The list query's own parser: a status other than all, pending or completed gets its sentence.
        var query = new TaskListQuery { Status = call.Arguments.TryGetProperty("status", out var status) ? Text(status) : null };
        if (query.Problem is { } problem)
        {
            return ToolResults.Error(problem);
        }

        var (page, total) = await call.Db.ListOwnedTasksAsync(call.UserId, query, cancellationToken);
        return ToolResults.Success(new TaskList(page, total), call.Services);
    }

    private static async Task<CallToolResult> CompleteTask(ToolCall call, CancellationToken cancellationToken)
    {
        if (ReadTaskId(call.Arguments, out var errors) is not { } id)
        {
            return ToolResults.Invalid(errors);
        }

        // Sets, never toggles: an agent that retries must not undo its own call.
        var owned = await call.Db.SetOwnedTaskCompletedAsync(id, call.UserId, completed: true, call.Now, cancellationToken);
        if (owned.Task is not { } task)
        {
            return ToolResults.NotOwned(owned, id);
        }

        call.Metrics.Completed();
        return ToolResults.Success(new TaskChange(task.Id, "completed", task.Title), call.Services);
    }

    private static async Task<CallToolResult> UpdateTask(ToolCall call, CancellationToken cancellationToken)
    {
        var id = ReadTaskId(call.Arguments, out var errors);
        var hasTitle = call.Arguments.TryGetProperty("title", out var title);
        var hasDescription = call.Arguments.TryGetProperty("description", out var description);
        if (!hasTitle && !hasDescription)
        {
            errors.Add("body", "Send at least one of title or description.");
        }

        var change = new UpdateTaskRequest(
            hasTitle ? TaskRules.ReadTitle(title, errors) : null,
            hasDescription ? TaskRules.ReadDescription(description, errors) : null)
        {
            HasDescription = hasDescription,
        };
        if (id is null || !errors.IsEmpty)
        {
            return ToolResults.Invalid(errors);
        }

        var owned = await call.Db.UpdateOwnedTaskAsync(id.Value, call.UserId, change, call.Now, cancellationToken);
        if (owned.Task is not { } task)
        {
            return ToolResults.NotOwned(owned, id.Value);
        }

        return ToolResults.Success(new TaskChange(task.Id, "updated", task.Title), call.Services);
    }

    private static async Task<CallToolResult> DeleteTask(ToolCall call, CancellationToken cancellationToken)
    {
        if (ReadTaskId(call.Arguments, out var errors) is not { } id)
        {
            return ToolResults.Invalid(errors);
        }

        var owned = await call.Db.DeleteOwnedTaskAsync(id, call.UserId, cancellationToken);
        if (owned.Task is not { } task)
        {
            return ToolResults.NotOwned(owned, id);
        }

        call.Metrics.Deleted();
        return ToolResults.Success(new TaskChange(task.Id, "deleted", task.Title), call.Services);
    }

    // The REST API's id rule, for a JSON number: a whole number from 1 to 2^31 - 1 ("7", 7.5 or 0 are not).
    private static int? ReadTaskId(JsonElement arguments, out FieldErrors errors)
    {
        errors = new FieldErrors();
        if (!arguments.TryGetProperty("task_id", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add("task_id", "task_id is required.");
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var id) && id > 0)
        {
            return id;
        }

        errors.Add("task_id", "task_id must be a positive 32-bit integer.");
        return null;
    }

    // A JSON null is "not given"; any other value that is not a string is kept as its JSON text, so the parser refuses it.
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
