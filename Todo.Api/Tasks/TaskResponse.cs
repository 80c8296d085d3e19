namespace Todo.Api.Tasks;

// What the frontend sees of a task; the owner never leaves the service.
internal sealed record TaskResponse(
    int Id,
    string Title,
    string? Description,
    bool Completed,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static TaskResponse From(TaskItem task) =>
        new(task.Id, task.Title, task.Description, task.Completed, task.CreatedAt, task.UpdatedAt);
}
