using System.Text.Json;
using System.Text.Json.Serialization;
using Todo.Api.Auth;
using Todo.Api.Data;
using Todo.Api.Docs;
using Todo.Api.Errors;
using Todo.Api.Hosting;
using Todo.Api.Http;
using Todo.Api.Mcp;
using Todo.Api.Tasks;

var builder = WebApplication.CreateBuilder(args);

// Service defaults: OpenTelemetry, health checks, HTTP resilience, service discovery.
builder.AddServiceDefaults();
builder.UseDefaultUrlWhenNoneConfigured("http://localhost:8000");
builder.Services.AddSingleton(TimeProvider.System);

// Data: PostgreSQL through Aspire's Npgsql EF Core component, migrated at start-up unless turned off, the pool warmed.
builder.AddTodoDatabase();

// Auth: bearer tokens minted by the Better Auth frontend.
builder.AddTodoAuthentication();

// Errors: every one is problem+json with the contract's code, whatever Accept says; a sick database is a 503.
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemContract.Fill);
builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();

// HTTP: snake_case JSON (timestamps in UTC with a Z), CORS for the frontend, a rate limit per user.
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    // The web defaults read numbers from strings too, which makes OpenAPI type every number as "integer | string".
    // Bodies are read by JsonBody, not the serializer, so nothing else changes.
    json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
    json.SerializerOptions.Converters.Add(new UtcTimestampConverter());
});
builder.AddTodoCors();
builder.AddTodoRateLimiting();

// The features: the tasks API and its metrics, and the same tasks as MCP tools for AI agents.
builder.AddTasks();
builder.AddTodoMcp();

// OpenAPI at /openapi/v1.json, interactive documentation at /docs.
builder.AddTodoApiDocs();

var app = builder.Build();

app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ExceptionStatus.For,
    SuppressDiagnosticsCallback = ExceptionStatus.IsExpected,
});
app.UseStatusCodePages();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseRequestDeadline();

app.MapDefaultEndpoints();
app.MapTasks();
app.MapTodoMcp();
app.MapTodoApiDocs();

if (!app.ConfigurationIsValid())
{
    return 1;
}

app.Run();
return 0;

public partial class Program;
