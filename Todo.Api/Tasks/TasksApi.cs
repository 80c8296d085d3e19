using Todo.Api.Auth;
using Todo.Api.Http;
using Todo.Api.Idempotency;

namespace Todo.Api.Tasks;

public static class TasksApi
{
    public static WebApplicationBuilder AddTasks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TaskMetrics>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(TaskMetrics.MeterName));
        return builder;
    }

    public static void MapTasks(this IEndpointRouteBuilder app)
    {
        app.MapTaskRoutes(app.MapGroup("/api/tasks").WithTags("Tasks"));

        // The hackathon brief's shape: the same API, for the caller's own user id only.
        app.MapTaskRoutes(app.MapGroup("/api/{user_id}/tasks")
            .WithTags("Tasks (user id in the path)")
            .AddEndpointFilter(RequirePathUserIsCaller)
            .ProducesProblem(StatusCodes.Status403Forbidden));
    }

    private static void MapTaskRoutes(this IEndpointRouteBuilder app, RouteGroupBuilder group)
    {
        group.RequireAuthorization()
            .RequireCors()
            .RequireRateLimiting(RateLimitSettings.PerUserPolicy)
            .AddEndpointFilter(InputValidationFilter.RejectInvalidInput)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("", TaskHandlers.List);
        group.MapPost("", TaskHandlers.Create).AcceptsJson<CreateTaskRequest>().WithIdempotencyKey();

        // Another user's task is a 403, no task a 404.
        var task = group.MapGroup("/{id}")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        task.MapGet("", TaskHandlers.Get);
        task.MapPut("", TaskHandlers.Update).AcceptsJson<UpdateTaskRequest>();
        task.MapPatch("", TaskHandlers.Update).AcceptsJson<UpdateTaskRequest>();
        task.MapPatch("/complete", TaskHandlers.Complete).AcceptsJson<CompleteTaskRequest>(optional: true).WithIdempotencyKey();
        task.MapDelete("", TaskHandlers.Delete);
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
