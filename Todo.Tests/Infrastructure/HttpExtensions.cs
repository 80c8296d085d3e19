using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Todo.Tests.Infrastructure;

// The task as the API sends it, read with HttpExtensions.SnakeCase.
internal sealed record TaskDto(int Id, string Title, string? Description, bool Completed, DateTime CreatedAt, DateTime UpdatedAt);

internal static class HttpExtensions
{
    public static async Task<TaskDto> CreateTaskAsync(this HttpClient client, string title = "Buy milk", string? description = null)
    {
        var response = await client.PostAsJsonAsync("/api/tasks", new { title, description });
        response.EnsureSuccessStatusCode();
        return await response.ReadTaskAsync();
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
    public static async Task<TaskDto> GetTaskAsync(this HttpClient client, int id) =>
        await client.GetFromJsonAsync<TaskDto>($"/api/tasks/{id}", SnakeCase)
        ?? throw new InvalidOperationException("The response had no JSON body.");

    // The caller's list as the API has it now; the path may carry a query.
    public static async Task<List<TaskDto>> GetTasksAsync(this HttpClient client, string path = "/api/tasks") =>
        await client.GetFromJsonAsync<List<TaskDto>>(path, SnakeCase)
        ?? throw new InvalidOperationException("The response had no JSON body.");

    public static async Task<TaskDto> ReadTaskAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<TaskDto>(SnakeCase)
        ?? throw new InvalidOperationException("The response had no JSON body.");

    public static async Task<List<TaskDto>> ReadTasksAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<List<TaskDto>>(SnakeCase)
        ?? throw new InvalidOperationException("The response had no JSON body.");

    public static async Task<JsonObject> ReadJsonObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsObject()
        ?? throw new InvalidOperationException("The response had no JSON body.");

    // Sends raw text, for bodies a typed client would never produce; a null body sends none.
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string path, string? body,
        string contentType = "application/json") =>
        client.SendAsync(new HttpRequestMessage(method, path)
        {
            Content = body is null
                ? null
                : new StringContent(body, System.Text.Encoding.UTF8, System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType)),
        });

    public static string Text(this JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("Expected a string.");

    // Strict, so a typed read checks what reading the JSON by hand did: every field present, null only where
    // the record allows it, and no field the record does not know.
    public static JsonSerializerOptions SnakeCase { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
