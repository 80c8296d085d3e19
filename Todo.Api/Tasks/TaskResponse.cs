namespace Todo.Api.Tasks;

// What the frontend sees of a task; the owner never leaves the service.
internal sealed record TaskResponse(
    int Id,
    string Title,
    string? Description,
    bool Completed,
    DateTime CreatedAt,
    DateTime UpdatedAt);
