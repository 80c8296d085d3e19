using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Todo.Api.Auth;
using Todo.Api.Data;
using Todo.Api.Docs;
using Todo.Api.Errors;
using Todo.Api.Http;
using Todo.Api.Idempotency;
using Todo.Api.Input;

namespace Todo.Api.Tasks;

// The route table on top, the handlers below. Input reaches a handler only once InputValidationFilter has
// found it valid; the SQL, with its owner predicate, is in OwnedTasks.
internal static class TasksApi
{
    public static WebApplicationBuilder AddTasks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TaskMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(TaskMetrics.MeterName));
        builder.AddTaskDocs();
        return builder;
    }

    public static void MapTasks(this IEndpointRouteBuilder app)
    {
        app.MapTaskRoutes(app.MapGroup("/api/tasks").WithTags("Tasks"), "");

        // The hackathon brief's shape: the same API, for the caller's own user id only.
        app.MapTaskRoutes(app.MapGroup("/api/{user_id}/tasks")
            .WithTags("Tasks (user id in the path)")
            .AddEndpointFilter(RequirePathUserIsCaller)
            .ProducesProblem(StatusCodes.Status403Forbidden), "ForUser");
    }

    // operationIds are endpoint names, unique across the app, hence the suffix for the second copy.
    private static void MapTaskRoutes(this IEndpointRouteBuilder app, RouteGroupBuilder group, string suffix)
    {
        group.RequireAuthorization()
            .RequireCors()
            .RequireRateLimiting(RateLimitSettings.PerUserPolicy)
            .AddEndpointFilter(InputValidationFilter.RejectInvalidInput)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("", List).WithName("listTasks" + suffix)
            .WithSummary("List your tasks, a page at a time")
            .WithListQueryDocs()
            .WithResponseHeader(StatusCodes.Status200OK, "X-Total-Count", "How many of your tasks match, over all pages.", JsonSchemaType.Integer);
        group.MapPost("", Create).WithName("createTask" + suffix)
            .WithSummary("Create a task")
            .AcceptsJson<CreateTaskRequest>()
            .WithIdempotencyKey();

        // Another user's task is a 403, no task a 404.
        var task = group.MapGroup("/{id}")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        task.MapGet("", Get).WithName("getTask" + suffix)
            .WithSummary("Get a task");
        task.MapPut("", Update).WithName("updateTask" + suffix)
            .WithSummary("Update a task: only the fields sent change")
            .AcceptsJson<UpdateTaskRequest>();
        task.MapPatch("", Update).WithName("patchTask" + suffix)
            .WithSummary("Update a task: only the fields sent change (same as PUT)")
            .AcceptsJson<UpdateTaskRequest>();
        task.MapPatch("/complete", Complete).WithName("completeTask" + suffix)
            .WithSummary("Mark a task completed or not, or toggle it without a body")
            .AcceptsJson<CompleteTaskRequest>(optional: true)
            .WithIdempotencyKey();
        task.MapDelete("", Delete).WithName("deleteTask" + suffix)
            .WithSummary("Delete a task");
    }

    private static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder route, bool optional = false) where T : notnull =>
        route.Accepts<T>(optional, "application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async ValueTask<object?> RequirePathUserIsCaller(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var pathUser = context.HttpContext.GetRouteValue("user_id") as string;
        return pathUser == context.HttpContext.User.GetUserId()
            ? await next(context)
            : Problems.Forbidden("The user id in the path is not the signed-in user's.");
    }

    private static async Task<Ok<List<TaskResponse>>> List([AsParameters] TaskListQuery query, ClaimsPrincipal user,
        TodoDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var (page, total) = await db.ListOwnedTasksAsync(user.GetUserId(), query, cancellationToken);

        response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Created<TaskResponse>, ProblemHttpResult>> Create(JsonBody<CreateTaskRequest> body,
        IdempotencyKeyHeader idempotencyKey, ClaimsPrincipal user, TodoDbContext db, TimeProvider clock, TaskMetrics metrics,
        CancellationToken cancellationToken)
    {
        var (userId, now) = (user.GetUserId(), clock.UtcNowForPostgres());
        var outcome = await db.RunOnceAsync(OwnedTasks.Create(userId, body.Value, now), idempotencyKey, userId,
            StatusCodes.Status201Created, now, cancellationToken);
        if ((outcome.Problem ?? Problems.NotOwned(outcome.Owned)) is { } problem)
        {
            return problem;
        }

        if (!outcome.Replayed)
        {
            metrics.Created();
        }
        var task = outcome.Owned.Task!;
        return TypedResults.Created($"/api/tasks/{task.Id}", task);
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> Get(TaskId taskId, ClaimsPrincipal user,
        TodoDbContext db, CancellationToken cancellationToken)
    {
        var owned = await db.FindOwnedTaskAsync(taskId.Value, user.GetUserId(), cancellationToken);

        return Problems.NotOwned(owned) is { } problem ? problem : TypedResults.Ok(owned.Task!);
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> Update(TaskId taskId, JsonBody<UpdateTaskRequest> body,
        ClaimsPrincipal user, TodoDbContext db, TimeProvider clock, TaskMetrics metrics, CancellationToken cancellationToken)
    {
        var owned = await db.UpdateOwnedTaskAsync(taskId.Value, user.GetUserId(), body.Value, clock.UtcNowForPostgres(), cancellationToken);
        if (Problems.NotOwned(owned) is { } problem)
        {
            return problem;
        }

        if (body.Value.Completed == true)
        {
            metrics.Completed();
        }
        return TypedResults.Ok(owned.Task!);
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> Complete(TaskId taskId, JsonBody<CompleteTaskRequest> body,
        IdempotencyKeyHeader idempotencyKey, ClaimsPrincipal user, TodoDbContext db, TimeProvider clock, TaskMetrics metrics,
        CancellationToken cancellationToken)
    {
        var (userId, now) = (user.GetUserId(), clock.UtcNowForPostgres());
        var outcome = await db.RunOnceAsync(OwnedTasks.SetCompleted(taskId.Value, userId, body.Value.Completed, now), idempotencyKey, userId,
            StatusCodes.Status200OK, now, cancellationToken);
        if ((outcome.Problem ?? Problems.NotOwned(outcome.Owned)) is { } problem)
        {
            return problem;
        }

        var task = outcome.Owned.Task!;
        if (task.Completed && !outcome.Replayed)
        {
            metrics.Completed();
        }
        return TypedResults.Ok(task);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(TaskId taskId, ClaimsPrincipal user,
        TodoDbContext db, TaskMetrics metrics, CancellationToken cancellationToken)
    {
        var owned = await db.DeleteOwnedTaskAsync(taskId.Value, user.GetUserId(), cancellationToken);
        if (Problems.NotOwned(owned) is { } problem)
        {
            return problem;
        }

        metrics.Deleted();
        return TypedResults.NoContent();
    }

    // PostgreSQL keeps microseconds; rounding here makes the response equal what a later read returns.
    internal static DateTime UtcNowForPostgres(this TimeProvider clock)
    {
        var ticks = clock.GetUtcNow().UtcTicks;
        return new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
    }
}
