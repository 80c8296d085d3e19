using Todo.Api.Auth;
using Todo.Api.Data;
using Todo.Api.Http;
using Todo.Api.Mcp;
using Todo.Api.Tasks;

var builder = WebApplication.CreateBuilder(args);

// Service defaults: OpenTelemetry, health checks, HTTP resilience, service discovery.
builder.AddServiceDefaults();
builder.UseDefaultUrlWhenNoneConfigured("http://localhost:8000");

// Data: PostgreSQL through EF Core, migrated at start-up unless turned off.
builder.AddTodoDatabase();

// Auth: bearer tokens minted by the Better Auth frontend.
builder.AddTodoAuthentication();

// HTTP: snake_case JSON, problem details, CORS, rate limits, OpenAPI.
builder.AddTodoHttp();

// Tasks: the feature itself, and its metrics; the same tasks as MCP tools for AI agents.
builder.AddTasks();
builder.AddTodoMcp();

var app = builder.Build();

app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ErrorCodes.StatusForException,
    SuppressDiagnosticsCallback = ErrorCodes.IsExpected,
});
app.UseStatusCodePages();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseRequestDeadline();

app.MapDefaultEndpoints();
app.MapTodoApiDocs();
app.MapTasks();
app.MapTodoMcp();

if (!app.ConfigurationIsValid())
{
    return 1;
}

app.Run();
return 0;

public partial class Program;
