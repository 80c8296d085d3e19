using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Todo.Tests.Infrastructure;

public static class HttpExtensions
{
    public static async Task<JsonObject> CreateTaskAsync(this HttpClient client, string title = "Buy milk", string? description = null)
    {
        var response = await client.PostAsJsonAsync("/api/tasks", new { title, description });
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonObjectAsync();
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object body) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });

    // Sent as given: the client does not check the key, so tests can send bad ones.
    public static HttpRequestMessage KeyedRequest(HttpMethod method, string path, string key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    // The task as the API has it now, read back by its owner.
    public static async Task<JsonObject> GetTaskAsync(this HttpClient client, int id)
    {
        var response = await client.GetAsync($"/api/tasks/{id}");
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonObjectAsync();
    }

    public static async Task<JsonObject> ReadJsonObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsObject()
        ?? throw new InvalidOperationException("The response had no JSON body.");

    public static async Task<JsonArray> ReadJsonArrayAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsArray()
        ?? throw new InvalidOperationException("The response had no JSON body.");

    // Sends raw text, for bodies a typed client would never produce.
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string path, string body,
        string contentType = "application/json") =>
        client.SendAsync(new HttpRequestMessage(method, path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType)),
        });

    public static int Id(this JsonObject task) => task["id"]!.GetValue<int>();

    public static string Text(this JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("Expected a string.");

    public static JsonSerializerOptions SnakeCase { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
