using System.Linq.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Todo.Api.Data;
using Todo.Api.Http;

namespace Todo.Api.Tasks;

// Every statement the tasks API sends, each with the owner predicate. The success path is one round trip;
// only a miss asks whether the task exists at all (another user's task is a 403, none a 404).
internal static class OwnedTasks
{
    // Compiled once: the hottest read skips building and looking up its expression tree on every request.
    private static readonly Func<TodoDbContext, int, string, CancellationToken, Task<TaskResponse?>> FindOwned =
        EF.CompileAsyncQuery((TodoDbContext db, int id, string userId, CancellationToken _) => db.Tasks
            .Where(t => t.UserId == userId && t.Id == id)
            .Select(t => new TaskResponse(t.Id, t.Title, t.Description, t.Completed, t.CreatedAt, t.UpdatedAt))
            .FirstOrDefault());

    public static Task<TaskResponse?> FindOwnedTaskAsync(this TodoDbContext db, int id, string userId, CancellationToken cancellationToken) =>
        FindOwned(db, id, userId, cancellationToken);

    public static async Task<(List<TaskResponse> Page, int Total)> ListOwnedTasksAsync(this TodoDbContext db, string userId,
        TaskListQuery query, CancellationToken cancellationToken)
    {
        var tasks = db.Tasks.AsNoTracking().Where(t => t.UserId == userId).Matching(query.StatusFilter);

        // The count rides along with every row (PostgreSQL runs the uncorrelated subquery once): one round trip.
        // Only a page past the end, which has no row to carry it, asks again.
        var rows = await tasks.SortedBy(query.SortBy, query.Descending).Skip(query.Skip).Take(query.Take)
            .Select(t => new { Task = new TaskResponse(t.Id, t.Title, t.Description, t.Completed, t.CreatedAt, t.UpdatedAt), Total = tasks.Count() })
            .ToListAsync(cancellationToken);
        var total = rows.Count > 0 ? rows[0].Total : query.Skip > 0 ? await tasks.CountAsync(cancellationToken) : 0;

        return (rows.ConvertAll(row => row.Task), total);
    }

    public static async Task<TaskItem> CreateOwnedTaskAsync(this TodoDbContext db, string userId, CreateTaskRequest request,
        DateTime now, CancellationToken cancellationToken)
    {
        var task = new TaskItem { UserId = userId, Title = request.Title, Description = request.Description, CreatedAt = now, UpdatedAt = now };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        return task;
    }

    // A single UPDATE … RETURNING: the owner predicate and the change travel together, so two concurrent
    // edits of different fields cannot lose each other's.
    public static async Task<TaskItem?> UpdateOwnedTaskAsync(this TodoDbContext db, int id, string userId, UpdateTaskRequest change,
        DateTime now, CancellationToken cancellationToken)
    {
        var rows = await db.Tasks.FromSql($"""
            UPDATE tasks SET
                title = CASE WHEN {change.Title is not null} THEN {change.Title} ELSE title END,
                description = CASE WHEN {change.HasDescription} THEN {change.Description} ELSE description END,
                completed = COALESCE({change.Completed}, completed),
                updated_at = {now}
            WHERE id = {id} AND user_id = {userId}
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

        return rows.SingleOrDefault();
    }

    // completed null toggles.
    public static async Task<TaskItem?> SetOwnedTaskCompletedAsync(this TodoDbContext db, int id, string userId, bool? completed,
        DateTime now, CancellationToken cancellationToken)
    {
        var rows = await db.Tasks.FromSql($"""
            UPDATE tasks SET completed = COALESCE({completed}, NOT completed), updated_at = {now}
            WHERE id = {id} AND user_id = {userId}
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

        return rows.SingleOrDefault();
    }

    // DELETE … RETURNING, since ExecuteDeleteAsync returns only a count: the MCP delete_task tool names the task it
    // deleted, in the same single round trip.
    public static async Task<TaskItem?> DeleteOwnedTaskAsync(this TodoDbContext db, int id, string userId, CancellationToken cancellationToken)
    {
        var rows = await db.Tasks.FromSql($"""
            DELETE FROM tasks
            WHERE id = {id} AND user_id = {userId}
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

        return rows.SingleOrDefault();
    }

    public static async Task<ProblemHttpResult> MissingOrForbiddenAsync(this TodoDbContext db, int id, CancellationToken cancellationToken) =>
        await db.Tasks.AnyAsync(t => t.Id == id, cancellationToken)
            ? Problems.Forbidden("This task belongs to another user.")
            : Problems.NotFound();

    private static IQueryable<TaskItem> Matching(this IQueryable<TaskItem> tasks, TaskStatusFilter status) => status switch
    {
        TaskStatusFilter.Pending => tasks.Where(t => !t.Completed),
        TaskStatusFilter.Completed => tasks.Where(t => t.Completed),
        _ => tasks,
    };

    // Ties broken by id, so pages never overlap or skip a task.
    private static IOrderedQueryable<TaskItem> SortedBy(this IQueryable<TaskItem> tasks, TaskSort sort, bool descending) => sort switch
    {
        TaskSort.Updated => By(tasks, t => t.UpdatedAt, descending),
        TaskSort.Title => By(tasks, t => t.Title, descending),
        _ => By(tasks, t => t.CreatedAt, descending),
    };

    private static IOrderedQueryable<TaskItem> By<TKey>(IQueryable<TaskItem> tasks, Expression<Func<TaskItem, TKey>> key, bool descending) =>
        descending
            ? tasks.OrderByDescending(key).ThenByDescending(t => t.Id)
            : tasks.OrderBy(key).ThenBy(t => t.Id);
}
