using Microsoft.EntityFrameworkCore;
using Todo.Api.Data;

namespace Todo.Api.Tasks;

// Changes as single UPDATE … RETURNING statements: the owner predicate and the change travel together,
// so the success path is one round trip and two concurrent edits cannot lose each other's fields.
internal static class TaskUpdates
{
    public static async Task<TaskItem?> ApplyAsync(this TodoDbContext db, int id, string userId, UpdateTaskRequest change,
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
    public static async Task<TaskItem?> SetCompletedAsync(this TodoDbContext db, int id, string userId, bool? completed,
        DateTime now, CancellationToken cancellationToken)
    {
        var rows = await db.Tasks.FromSql($"""
            UPDATE tasks SET completed = COALESCE({completed}, NOT completed), updated_at = {now}
            WHERE id = {id} AND user_id = {userId}
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);

        return rows.SingleOrDefault();
    }
}
