using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Todo.Api.Docs;
using Todo.Api.Errors;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Operations;

public sealed class ApiDocsTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task InteractiveDocsAreServedAtDocs()
    {
        var client = api.CreateClient();

        var page = await client.GetAsync("/docs/");
        var script = await client.GetAsync("/docs/scalar.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);
        Assert.Contains("\"preferredSecurityScheme\":[\"Bearer\"]", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task DocsPageOffersNoHostedServices()
    {
        var html = await api.CreateClient().GetStringAsync("/docs/");

        Assert.Contains("\"hideClientButton\":true", html, StringComparison.Ordinal);
        Assert.Contains("\"showDeveloperTools\":\"never\"", html, StringComparison.Ordinal);
        Assert.Contains("\"agent\":{\"disabled\":true}", html, StringComparison.Ordinal);
        Assert.Contains("\"mcp\":{\"disabled\":true}", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocumentListsTheStatusCodesTheApiReallyReturns()
    {
        var document = await DocumentAsync();

        Assert.Equal(["200", "401", "403", "404", "422", "429", "500", "503"], Responses(document, "/api/tasks/{id}", "get"));
        Assert.Equal(["201", "401", "409", "413", "415", "422", "429", "500", "503"], Responses(document, "/api/tasks", "post"));
        Assert.Equal(["204", "401", "403", "404", "422", "429", "500", "503"], Responses(document, "/api/tasks/{id}", "delete"));
        Assert.Contains("409", Responses(document, "/api/tasks/{id}/complete", "patch"));
        Assert.Contains("403", Responses(document, "/api/{user_id}/tasks", "get"));
    }

    [Fact]
    public async Task EveryOperationHasAUniqueOperationIdAndASummary()
    {
        var document = await DocumentAsync();

        var operations = Operations(document).ToList();

        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty(At(o, "summary").Text())));
        Assert.Equal(operations.Count, operations.Select(o => At(o, "operationId").Text()).Distinct().Count());
        Assert.Equal("listTasks", At(document, "paths", "/api/tasks", "get", "operationId").Text());
        Assert.Equal("completeTaskForUser", At(document, "paths", "/api/{user_id}/tasks/{id}/complete", "patch", "operationId").Text());
    }

    [Fact]
    public async Task TaskSchemaHasAnIntegerIdAndStringTimestamps()
    {
        var task = At(await DocumentAsync(), "components", "schemas", "TaskResponse");

        Assert.Equal("integer", At(task, "properties", "id", "type").Text());
        Assert.Equal("string", At(task, "properties", "created_at", "type").Text());
        Assert.Equal("date-time", At(task, "properties", "updated_at", "format").Text());
        Assert.Equal(6, At(task, "required").AsArray().Count);
    }

    [Fact]
    public async Task EveryErrorResponseIsTheSharedProblemSchema()
    {
        var document = await DocumentAsync();

        var errors = Operations(document).SelectMany(o => At(o, "responses").AsObject().Where(r => r.Key[0] is '4' or '5')).ToList();
        var problem = At(document, "components", "schemas", "Problem");

        Assert.All(errors, r => Assert.Equal("#/components/schemas/Problem",
            At(r.Value!, "content", "application/problem+json", "schema", "$ref").Text()));
        Assert.Equal(["code", "detail", "status", "trace_id"], At(problem, "required").AsArray().Select(n => n.Text()).Order());
        Assert.Contains("rate_limited", At(problem, "properties", "code", "enum").AsArray().Select(n => n.Text()));
        Assert.Null(At(document, "components", "schemas")["ProblemDetails"]);
    }

    [Fact]
    public async Task ProblemSchemaNamesEveryCodeTheServiceMapsAStatusTo()
    {
        var codes = At(await DocumentAsync(), "components", "schemas", "Problem", "properties", "code", "enum").AsArray().Select(n => n.Text());

        Assert.All([400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429, 500, 503], status => Assert.Contains(ErrorCodes.For(status), codes));
    }

    // The enum is the vocabulary: a code added to ErrorCodes is in the document, and the document names no other.
    [Fact]
    public async Task ProblemSchemaNamesExactlyTheErrorCodes()
    {
        var codes = (await DocumentAsync())["components"]!["schemas"]!["Problem"]!["properties"]!["code"]!["enum"]!.AsArray().Select(n => n.Text());

        Assert.Equal(ErrorCodes.All.Order(), codes.Order());
    }

    [Fact]
    public async Task ListQueryParametersCarryTheirAllowedValuesAndDefaults()
    {
        var parameters = At(await DocumentAsync(), "paths", "/api/tasks", "get", "parameters").AsArray()
            .ToDictionary(p => At(p!, "name").Text(), p => At(p!, "schema"));

        Assert.Equal(["all", "pending", "completed"], At(parameters["status"], "enum").AsArray().Select(n => n.Text()));
        Assert.Equal("all", At(parameters["status"], "default").Text());
        Assert.Equal(["created", "updated", "title"], At(parameters["sort"], "enum").AsArray().Select(n => n.Text()));
        Assert.Equal("desc", At(parameters["order"], "default").Text());
        Assert.Equal((1, 500, 100),
            ((int)At(parameters["limit"], "minimum"), (int)At(parameters["limit"], "maximum"), (int)At(parameters["limit"], "default")));
        Assert.Equal((0, 0), ((int)At(parameters["offset"], "minimum"), (int)At(parameters["offset"], "default")));
    }

    [Fact]
    public async Task ResponseAndRequestHeadersAreDescribed()
    {
        var paths = At(await DocumentAsync(), "paths");

        Assert.NotNull(At(paths, "/api/tasks", "post", "responses", "201", "headers", "Location"));
        Assert.Equal("integer", At(paths, "/api/tasks", "get", "responses", "200", "headers", "X-Total-Count", "schema", "type").Text());
        Assert.NotNull(At(paths, "/api/tasks", "get", "responses", "429", "headers", "Retry-After"));
        Assert.NotNull(At(paths, "/api/tasks/{id}", "get", "responses", "503", "headers", "Retry-After"));
        Assert.Contains("Idempotency-Key", At(paths, "/api/tasks/{id}/complete", "patch", "parameters").AsArray().Select(p => At(p!, "name").Text()));
    }

    [Fact]
    public async Task RequestBodiesCarryTheInputRules()
    {
        var schemas = At(await DocumentAsync(), "components", "schemas");

        var title = At(schemas, "CreateTaskRequest", "properties", "title");
        Assert.Equal((1, 200), ((int)At(title, "minLength"), (int)At(title, "maxLength")));
        Assert.Equal(1000, (int)At(schemas, "CreateTaskRequest", "properties", "description", "maxLength"));
        Assert.Equal("string", At(schemas, "UpdateTaskRequest", "properties", "title", "type").Text());
        Assert.Equal("boolean", At(schemas, "CompleteTaskRequest", "properties", "completed", "type").Text());
    }

    [Fact]
    public async Task DocumentHasAPlaceForTheBearerToken()
    {
        var document = await DocumentAsync();

        Assert.Equal("bearer", At(document, "components", "securitySchemes", "Bearer", "scheme").Text());
        Assert.NotNull(At(document, "paths", "/api/tasks", "get", "security"));
        Assert.Null(At(document, "paths")["/health"]?["get"]?["security"]);
    }

    [Fact]
    public async Task DocumentNamesTheQueryAndPathParametersAsTheApiReadsThem()
    {
        var document = await DocumentAsync();

        Assert.Equal(["limit", "offset", "order", "sort", "status"], Parameters(document, "/api/tasks", "get"));
        Assert.Equal(["id", "user_id"], Parameters(document, "/api/{user_id}/tasks/{id}", "put"));
    }

    private async Task<JsonNode> DocumentAsync()
    {
        var response = await api.CreateClient().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static IEnumerable<JsonNode> Operations(JsonNode document) =>
        At(document, "paths").AsObject().SelectMany(path => path.Value!.AsObject().Select(operation => operation.Value!));

    private static IEnumerable<string> Responses(JsonNode document, string path, string method) =>
        At(document, "paths", path, method, "responses").AsObject().Select(r => r.Key).Order();

    private static IEnumerable<string> Parameters(JsonNode document, string path, string method) =>
        At(document, "paths", path, method, "parameters").AsArray().Select(p => At(p!, "name").Text()).Order();

    // The node at the keys below node. A missing one fails the test with the JSON path it missed
    // (paths./api/tasks.post.responses.201) and what is there instead, not with "Assert.NotNull() Failure".
    private static JsonNode At(JsonNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            var child = node is JsonObject parent && parent.TryGetPropertyValue(key, out var value) ? value : null;
            if (child is null)
            {
                var at = PathOf(node);
                var there = node is JsonObject found ? "has " + string.Join(", ", found.Select(property => property.Key)) : "is " + node.GetValueKind();
                Assert.Fail($"The document has no {Join(at, key)}: {(at.Length > 0 ? at : "its root")} {there}.");
            }
            node = child;
        }
        return node;
    }

    private static string PathOf(JsonNode node) => node.Parent switch
    {
        null => "",
        JsonArray => Join(PathOf(node.Parent), node.GetElementIndex().ToString(CultureInfo.InvariantCulture)),
        _ => Join(PathOf(node.Parent), node.GetPropertyName()),
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
