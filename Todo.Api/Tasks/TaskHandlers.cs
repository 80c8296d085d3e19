using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Todo.Api.Auth;
using Todo.Api.Data;
using Todo.Api.Http;

namespace Todo.Api.Tasks;

// Every query carries the owner predicate; input has been validated by InputValidationFilter.
internal static class TaskHandlers
{
    public static async Task<Ok<List<TaskResponse>>> List([AsParameters] TaskListQuery query, ClaimsPrincipal user,
        TodoDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var tasks = db.Tasks.AsNoTracking().OwnedBy(user.GetUserId()).Matching(query.StatusFilter);

        // The count rides along with every row (PostgreSQL runs the uncorrelated subquery once): one round trip.
        // Only a page past the end, which has no row to carry it, asks again.
        var rows = await tasks.SortedBy(query.SortBy, query.Descending).Skip(query.Skip).Take(query.Take)
            .Select(t => new { Task = new TaskResponse(t.Id, t.Title, t.Description, t.Completed, t.CreatedAt, t.UpdatedAt), Total = tasks.Count() })
            .ToListAsync(cancellationToken);
        var total = rows.Count > 0 ? rows[0].Total : query.Skip > 0 ? await tasks.CountAsync(cancellationToken) : 0;

        response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(rows.ConvertAll(row => row.Task));
    }

    public static async Task<Created<TaskResponse>> Create(JsonBody<CreateTaskRequest> body, ClaimsPrincipal user,
        TodoDbContext db, TimeProvider clock, TaskMetrics metrics, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowForPostgres();
        var task = new TaskItem { UserId = user.GetUserId(), Title = body.Value.Title, Description = body.Value.Description, CreatedAt = now, UpdatedAt = now };

        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        metrics.Created();

        return TypedResults.Created($"/api/tasks/{task.Id}", TaskResponse.From(task));
    }

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> Get(TaskId taskId, ClaimsPrincipal user,
        TodoDbContext db, CancellationToken cancellationToken)
    {
        var task = await TaskQueries.FindOwnedAsync(db, taskId.Value, user.GetUserId(), cancellationToken);

        return task is null ? await db.MissingOrForbiddenAsync(taskId.Value, cancellationToken) : TypedResults.Ok(task);
    }

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> Update(TaskId taskId, JsonBody<UpdateTaskRequest> body,
        ClaimsPrincipal user, TodoDbContext db, TimeProvider clock, TaskMetrics metrics, CancellationToken cancellationToken)
    {
        var task = await db.ApplyAsync(taskId.Value, user.GetUserId(), body.Value, clock.UtcNowForPostgres(), cancellationToken);
        if (task is null)
        {
            return await db.MissingOrForbiddenAsync(taskId.Value, cancellationToken);
        }

        if (body.Value.Completed == true)
        {
            metrics.Completed();
        }
        return TypedResults.Ok(TaskResponse.From(task));
    }

    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> Complete(TaskId taskId, JsonBody<CompleteTaskRequest> body,
        ClaimsPrincipal user, TodoDbContext db, TimeProvider clock, TaskMetrics metrics, CancellationToken cancellationToken)
    {
        var task = await db.SetCompletedAsync(taskId.Value, user.GetUserId(), body.Value.Completed, clock.UtcNowForPostgres(), cancellationToken);
        if (task is null)
        {
            return await db.MissingOrForbiddenAsync(taskId.Value, cancellationToken);
        }

        if (task.Completed)
        {
            metrics.Completed();
        }
        return TypedResults.Ok(TaskResponse.From(task));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(TaskId taskId, ClaimsPrincipal user,
        TodoDbContext db, TaskMetrics metrics, CancellationToken cancellationToken)
    {
        var deleted = await db.Tasks.OwnedBy(user.GetUserId()).Where(t => t.Id == taskId.Value).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return await db.MissingOrForbiddenAsync(taskId.Value, cancellationToken);
        }

        metrics.Deleted();
        return TypedResults.NoContent();
    }

    // PostgreSQL keeps microseconds; rounding here makes the response equal what a later read returns.
    private static DateTime UtcNowForPostgres(this TimeProvider clock)
    {
        var ticks = clock.GetUtcNow().UtcTicks;
        return new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
    }
}
