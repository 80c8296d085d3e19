using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Mcp;

// The SDK's own client (ModelContextProtocol.Core), over the in-memory test server's HTTP handler.
internal static class McpTestClient
{
    public static Task<McpClient> ConnectAsync(this TodoApiFactory api, string userId, string? protocolVersion = null) =>
        api.ConnectWithTokenAsync(TestTokens.For(userId), protocolVersion);

    public static async Task<McpClient> ConnectWithTokenAsync(this TodoApiFactory api, string? token, string? protocolVersion = null,
        string? origin = null)
    {
        var http = api.CreateClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (origin is not null)
        {
            http.DefaultRequestHeaders.Add("Origin", origin);
        }

        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            http, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion });
    }

    public static Task<CallToolResult> CallAsync(this McpClient client, string tool, object arguments) =>
        client.CallJsonAsync(tool, JsonSerializer.Serialize(arguments));

    // Arguments exactly as written, for values a typed object would never produce.
    public static Task<CallToolResult> CallJsonAsync(this McpClient client, string tool, string arguments) =>
        client.CallToolAsync(tool, JsonDocument.Parse(arguments).RootElement.EnumerateObject()
            .ToDictionary(property => property.Name, property => (object?)property.Value.Clone())).AsTask();

    // The result's text, which must hold the same JSON as its structured content.
    public static JsonObject Structured(this CallToolResult result)
    {
        Assert.NotEqual(true, result.IsError);
        var structured = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!.AsObject();
        Assert.True(JsonNode.DeepEquals(structured, JsonNode.Parse(result.Text())), "The text is not the structured content.");
        return structured;
    }

    // The one sentence of an error result, after checking it is one.
    public static string Error(this CallToolResult result)
    {
        Assert.True(result.IsError, $"Expected an error result, got {result.Text()}");
        Assert.Null(result.StructuredContent);
        return result.Text();
    }

    public static string Text(this CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    // A JSON-RPC request sent as a browser or a bare agent would, without the SDK.
    public static HttpRequestMessage RawRequest(string method, object? parameters = null, string protocolVersion = "2025-11-25")
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }) };
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        return request;
    }

    // The JSON-RPC message of an SSE response ("event: message", "data: {...}").
    public static async Task<JsonObject> ReadRpcAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var data = text.Split('\n').Where(line => line.StartsWith("data:", StringComparison.Ordinal)).Select(line => line[5..].Trim())
            .Where(line => line.Length > 0).Last();
        return JsonNode.Parse(data)!.AsObject();
    }
}
