using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Todo.Api.Auth;
using Todo.Api.Data;
using Todo.Api.Errors;
using Todo.Api.Input;
using Todo.Api.Tasks;

namespace Todo.Api.Mcp;

// One call of a tool: its arguments as the JSON object the agent sent, and the signed-in user.
internal sealed record ToolCall(JsonElement Arguments, string UserId, IServiceProvider Services)
{
    public TodoDbContext Db => Services.GetRequiredService<TodoDbContext>();

    public TaskMetrics Metrics => Services.GetRequiredService<TaskMetrics>();

    public DateTime Now => Services.GetRequiredService<TimeProvider>().UtcNowForPostgres();
}

// A tool whose arguments are read by the REST API's own rules (TaskRules, the request records) rather than
// bound by the SDK, which answers a wrong type with "An error occurred invoking …" instead of naming the field.
// So the input schema is written here, as TaskDocs writes the OpenAPI one, and every outcome is a CallToolResult.
internal sealed partial class TaskTool(Tool definition, Func<ToolCall, CancellationToken, Task<CallToolResult>> run) : McpServerTool
{
    public override Tool ProtocolTool => definition;

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        // Only ever the token's sub: a user_id argument (the hackathon brief's tools take one) may only repeat it.
        var userId = request.User!.GetUserId();
        var arguments = JsonSerializer.SerializeToElement(request.Params?.Arguments ?? new Dictionary<string, JsonElement>());
        if (arguments.TryGetProperty("user_id", out var claimed) && claimed.ValueKind != JsonValueKind.Null
            && !(claimed.ValueKind == JsonValueKind.String && claimed.GetString() == userId))
        {
            return ToolResults.Error("user_id is not the signed-in user's id. Leave it out: the tools always act for the signed-in user.");
        }

        // The deadline of /api (RequestDeadline), applied here rather than to the whole request, which /mcp opts out of:
        // by the deadline the SDK has started its event stream, so cancelling the request could only cut it off. Here
        // the agent gets the 503's sentence as a result instead, within the same bound.
        var services = request.Services!;
        var requestDeadline = services.GetRequiredService<IHttpContextAccessor>().HttpContext?.Features.Get<IHttpRequestTimeoutFeature>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, requestDeadline?.RequestTimeoutToken ?? default);
        try
        {
            return await run(new ToolCall(arguments, userId, services), deadline.Token);
        }
        catch (Exception exception) when (IsDatabaseUnavailable(exception, deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            LogUnavailable(services.GetRequiredService<ILogger<TaskTool>>(), definition.Name, exception.GetType().Name, exception.GetBaseException().Message);
            return ToolResults.Error(DatabaseUnavailable);
        }
    }

    // The REST API's 503 detail.
    private const string DatabaseUnavailable = "The database is unavailable. Try again in a few seconds.";

    // As DatabaseUnavailableHandler decides for /api: past the deadline a database failure is the deadline's doing.
    private static bool IsDatabaseUnavailable(Exception exception, bool pastDeadline) =>
        ExceptionStatus.For(exception) == StatusCodes.Status503ServiceUnavailable
        || (pastDeadline && exception.GetBaseException() is OperationCanceledException or System.Data.Common.DbException or { Source: "Npgsql" });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable, tool {Tool} answered with an error: {ExceptionType}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string tool, string exceptionType, string reason);
}

// What a tool answers: its result as structured content and as the same JSON in text, or an error an agent can
// act on, whose sentence is the REST API's detail.
internal static class ToolResults
{
    public static CallToolResult Success<T>(T result, IServiceProvider services)
    {
        // The REST API's JSON settings, so a task here is byte for byte the task /api/tasks sends.
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var structured = JsonSerializer.SerializeToElement(result, json);
        return new CallToolResult { StructuredContent = structured, Content = [new TextContentBlock { Text = structured.GetRawText() }] };
    }

    public static CallToolResult Error(string sentence) =>
        new() { IsError = true, Content = [new TextContentBlock { Text = sentence }] };

    public static CallToolResult Error(ProblemHttpResult problem) => Error(problem.ProblemDetails.Detail ?? "The request was not valid.");

    public static CallToolResult Invalid(FieldErrors errors) => Error(Problems.Validation(errors));

    // The statement tells a 403 from a 404; the sentence adds the id, since an agent may juggle several.
    public static CallToolResult NotOwned(OwnedTask owned, int id) =>
        owned.Found ? Error($"Task {id} belongs to another user.") : Error($"No task with id {id}.");
}
