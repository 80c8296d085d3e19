using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Http;

public sealed class CorsTests(TodoApiFactory api, CorsTests.ListedOriginsApi listed)
    : IClassFixture<TodoApiFactory>, IClassFixture<CorsTests.ListedOriginsApi>
{
    private const string Frontend = "http://localhost:3000";

    [Theory]
    [InlineData("/api/tasks", "POST")]
    [InlineData("/api/tasks/1", "PUT")]
    [InlineData("/api/tasks/1", "PATCH")]
    [InlineData("/api/tasks/1", "DELETE")]
    [InlineData("/api/tasks/1/complete", "PATCH")]
    [InlineData("/api/user_x/tasks", "GET")]
    public async Task APreflightFromTheFrontendNeedsNoToken(string path, string method)
    {
        var response = await api.CreateClient().SendAsync(Preflight(path, Frontend, method));

        Assert.True(response.IsSuccessStatusCode, $"Preflight answered {(int)response.StatusCode}.");
        Assert.Equal(Frontend, Header(response, "Access-Control-Allow-Origin"));
        var methods = Header(response, "Access-Control-Allow-Methods")!;
        Assert.Equal(["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"], methods.Split(',', StringSplitOptions.TrimEntries).Order());
        var headers = Header(response, "Access-Control-Allow-Headers")!.ToLowerInvariant();
        Assert.Contains("authorization", headers, StringComparison.Ordinal);
        Assert.Contains("content-type", headers, StringComparison.Ordinal);
        Assert.Contains("idempotency-key", headers, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", null)]
    [InlineData("POST", """{"title": "x"}""")]
    public async Task ResponsesToTheFrontendExposeLocationAndTotalCount(string method, string? body)
    {
        var client = api.CreateClientForNewUser();
        client.DefaultRequestHeaders.Add("Origin", Frontend);

        var response = await client.SendRawAsync(new HttpMethod(method), "/api/tasks", body);

        Assert.True(response.IsSuccessStatusCode, $"{method} answered {(int)response.StatusCode}.");
        Assert.Equal(Frontend, Header(response, "Access-Control-Allow-Origin"));
        var exposed = Header(response, "Access-Control-Expose-Headers")!.Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("Location", exposed);
        Assert.Contains("X-Total-Count", exposed);
    }

    // As Chromium sends them for fetch(url, { method: "POST", credentials: "include", headers: {...} }).
    [Fact]
    public async Task ACredentialedPreflightAllowsCredentialsAndTheIdempotencyKey()
    {
        var preflight = Preflight("/api/user_x/tasks", Frontend, "POST");
        preflight.Headers.Remove("Access-Control-Request-Headers");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");

        var response = await api.CreateClient().SendAsync(preflight);

        Assert.True(response.IsSuccessStatusCode, $"Preflight answered {(int)response.StatusCode}.");
        Assert.Equal(Frontend, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Contains("idempotency-key", Header(response, "Access-Control-Allow-Headers")!.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACredentialedRequestGetsItsOriginBackWithCredentialsAndRetryAfterExposed()
    {
        var client = api.CreateClientForNewUser();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
        request.Headers.Add("Origin", Frontend);
        request.Headers.Add("Cookie", "better-auth.session_token=ignored");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Frontend, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Contains("Retry-After", Header(response, "Access-Control-Expose-Headers")!.Split(',', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task ErrorResponsesCarryTheCorsHeadersSoTheFrontendCanReadThem()
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("Origin", Frontend);

        var response = await client.GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(Frontend, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task APreflightFromAnotherOriginGetsNoAllowOrigin()
    {
        var response = await api.CreateClient().SendAsync(Preflight("/api/tasks", "https://evil.example", "GET"));

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ARequestFromAnotherOriginGetsNoAllowOrigin()
    {
        var client = api.CreateClientForNewUser();
        client.DefaultRequestHeaders.Add("Origin", "https://evil.example");

        var response = await client.GetAsync("/api/tasks");

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    // ListedOriginsApi lists two origins; the default one is then no longer allowed.
    [Theory]
    [InlineData("https://app.example", "https://app.example")]
    [InlineData("https://staging.example", "https://staging.example")]
    [InlineData(Frontend, null)]
    public async Task OriginsCanBeConfiguredAsACommaSeparatedList(string origin, string? allowed)
    {
        var client = listed.CreateClient();

        var response = await client.SendAsync(Preflight("/api/tasks", origin, "POST"));

        Assert.Equal(allowed, Header(response, "Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public sealed class ListedOriginsApi()
        : TodoApiFactory(new() { Settings = { ["Cors:AllowedOrigins"] = "https://app.example, https://staging.example" } });
}
