using Microsoft.OpenApi;
using Todo.Api.Auth;
using Todo.Api.Http;
using Todo.Api.Idempotency;

namespace Todo.Api.Tasks;

internal static class TasksApi
{
    public static WebApplicationBuilder AddTasks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TaskMetrics>();
        builder.Services.AddSingleton(TimeProvider.System);
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

        group.MapGet("", TaskHandlers.List).WithName("listTasks" + suffix)
            .WithSummary("List your tasks, a page at a time")
            .WithListQueryDocs()
            .WithResponseHeader(StatusCodes.Status200OK, "X-Total-Count", "How many of your tasks match, over all pages.", JsonSchemaType.Integer);
        group.MapPost("", TaskHandlers.Create).WithName("createTask" + suffix)
            .WithSummary("Create a task")
            .AcceptsJson<CreateTaskRequest>()
            .WithIdempotencyKey();

        // Another user's task is a 403, no task a 404.
        var task = group.MapGroup("/{id}")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        task.MapGet("", TaskHandlers.Get).WithName("getTask" + suffix)
            .WithSummary("Get a task");
        task.MapPut("", TaskHandlers.Update).WithName("updateTask" + suffix)
            .WithSummary("Update a task: only the fields sent change")
            .AcceptsJson<UpdateTaskRequest>();
        task.MapPatch("", TaskHandlers.Update).WithName("patchTask" + suffix)
            .WithSummary("Update a task: only the fields sent change (same as PUT)")
            .AcceptsJson<UpdateTaskRequest>();
        task.MapPatch("/complete", TaskHandlers.Complete).WithName("completeTask" + suffix)
            .WithSummary("Mark a task completed or not, or toggle it without a body")
            .AcceptsJson<CompleteTaskRequest>(optional: true)
            .WithIdempotencyKey();
        task.MapDelete("", TaskHandlers.Delete).WithName("deleteTask" + suffix)
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
}
