using System.Net;
using System.Text.Json.Nodes;
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
    public async Task DocumentListsTheStatusCodesTheApiReallyReturns()
    {
        var document = await DocumentAsync();

        Assert.Equal(["200", "401", "403", "404", "422", "429", "503"], Responses(document, "/api/tasks/{id}", "get"));
        Assert.Equal(["201", "401", "409", "413", "415", "422", "429", "503"], Responses(document, "/api/tasks", "post"));
        Assert.Equal(["204", "401", "403", "404", "422", "429", "503"], Responses(document, "/api/tasks/{id}", "delete"));
        Assert.Contains("403", Responses(document, "/api/{user_id}/tasks", "get"));
    }

    [Fact]
    public async Task DocumentHasAPlaceForTheBearerToken()
    {
        var document = await DocumentAsync();

        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["Bearer"]!["scheme"].Text());
        Assert.NotNull(document["paths"]!["/api/tasks"]!["get"]!["security"]);
        Assert.Null(document["paths"]!["/health"]?["get"]?["security"]);
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

    private static IEnumerable<string> Responses(JsonNode document, string path, string method) =>
        document["paths"]![path]![method]!["responses"]!.AsObject().Select(r => r.Key).Order();

    private static IEnumerable<string> Parameters(JsonNode document, string path, string method) =>
        document["paths"]![path]![method]!["parameters"]!.AsArray().Select(p => p!["name"].Text()).Order();
}
