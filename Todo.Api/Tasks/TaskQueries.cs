using System.Linq.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Todo.Api.Data;
using Todo.Api.Http;

namespace Todo.Api.Tasks;

internal static class TaskQueries
{
    // Compiled once: the hottest read skips building and looking up its expression tree on every request.
    public static readonly Func<TodoDbContext, int, string, CancellationToken, Task<TaskResponse?>> FindOwnedAsync =
        EF.CompileAsyncQuery((TodoDbContext db, int id, string userId, CancellationToken _) => db.Tasks
            .Where(t => t.UserId == userId && t.Id == id)
            .Select(t => new TaskResponse(t.Id, t.Title, t.Description, t.Completed, t.CreatedAt, t.UpdatedAt))
            .FirstOrDefault());

    public static IQueryable<TaskItem> OwnedBy(this IQueryable<TaskItem> tasks, string userId) =>
        tasks.Where(t => t.UserId == userId);

    public static IQueryable<TaskItem> Matching(this IQueryable<TaskItem> tasks, TaskStatusFilter status) => status switch
    {
        TaskStatusFilter.Pending => tasks.Where(t => !t.Completed),
        TaskStatusFilter.Completed => tasks.Where(t => t.Completed),
        _ => tasks,
    };

    // Ties broken by id, so pages never overlap or skip a task.
    public static IOrderedQueryable<TaskItem> SortedBy(this IQueryable<TaskItem> tasks, TaskSort sort, bool descending) => sort switch
    {
        TaskSort.Updated => By(tasks, t => t.UpdatedAt, descending),
        TaskSort.Title => By(tasks, t => t.Title, descending),
        _ => By(tasks, t => t.CreatedAt, descending),
    };

    // Only the failure path asks whether the task exists at all: another user's task is a 403, none a 404.
    public static async Task<ProblemHttpResult> MissingOrForbiddenAsync(this TodoDbContext db, int id, CancellationToken cancellationToken) =>
        await db.Tasks.AnyAsync(t => t.Id == id, cancellationToken)
            ? Problems.Forbidden("This task belongs to another user.")
            : Problems.NotFound();

    private static IOrderedQueryable<TaskItem> By<TKey>(IQueryable<TaskItem> tasks, Expression<Func<TaskItem, TKey>> key, bool descending) =>
        descending
            ? tasks.OrderByDescending(key).ThenByDescending(t => t.Id)
            : tasks.OrderBy(key).ThenBy(t => t.Id);
}
