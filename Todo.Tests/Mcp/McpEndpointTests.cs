using System.Net;
using ModelContextProtocol.Client;
using Todo.Tests.Auth;
using Todo.Tests.Http;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Mcp;

// /mcp as HTTP: the same token, Origin rule, CORS and problem+json as /api, and no session.
public sealed class McpEndpointTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    private const string Frontend = "http://localhost:3000";

    [Fact]
    public async Task ACallWithoutATokenIsA401ProblemBeforeAnyToolRuns()
    {
        var response = await api.CreateClient().SendAsync(McpTestClient.RawRequest("tools/call", new { name = "add_task", arguments = new { title = "Anonymous" } }));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "missing_token");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task TheSdkClientWithoutATokenIsRefusedWith401()
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => api.ConnectWithTokenAsync(token: null));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task ATokenSignedWithAnotherSecretIsA401()
    {
        var client = api.CreateClientWithToken(TestTokens.For(TodoApiFactory.NewUserId(), secret: "not-the-api-secret-but-32-bytes-long!"));

        var response = await client.SendAsync(McpTestClient.RawRequest("tools/list"));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task AForeignOriginIsA403ProblemAndNoToolRuns()
    {
        var client = api.CreateClientForNewUser();
        var request = McpTestClient.RawRequest("tools/call", new { name = "add_task", arguments = new { title = "Rebound" } });
        request.Headers.Add("Origin", "http://attacker.example");

        var response = await client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("Origin", problem["detail"].Text(), StringComparison.Ordinal);
        Assert.Empty(await client.GetTasksAsync());
    }

    [Fact]
    public async Task AnAllowedOriginIsServed()
    {
        await using var client = await api.ConnectWithTokenAsync(TestTokens.For(TodoApiFactory.NewUserId()), origin: Frontend);

        var result = await client.CallAsync("list_tasks", new { });

        Assert.Empty(result.Structured()["tasks"]!.AsArray());
    }

    [Fact]
    public async Task APreflightFromTheFrontendAllowsMcpsHeadersWithoutAToken()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/mcp");
        preflight.Headers.Add("Origin", Frontend);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,mcp-protocol-version");

        var response = await api.CreateClient().SendAsync(preflight);

        Assert.True(response.IsSuccessStatusCode, $"Preflight answered {(int)response.StatusCode}.");
        Assert.Equal(Frontend, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("mcp-protocol-version", response.Headers.GetValues("Access-Control-Allow-Headers").Single().ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=nonsense")]
    public async Task ABodyThatIsNotUtf8JsonIsA415Problem(string contentType)
    {
        var request = McpTestClient.RawRequest("tools/list");
        request.Content!.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await api.CreateClientForNewUser().SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    // Stateless: any replica can answer any request, so a tool call needs no initialize before it.
    [Fact]
    public async Task AToolCallWithoutInitializeIsAnswered()
    {
        var client = api.CreateClientForNewUser();

        var response = await client.SendAsync(McpTestClient.RawRequest("tools/call", new { name = "add_task", arguments = new { title = "No handshake" } }));

        var message = await response.ReadRpcAsync();
        Assert.Equal("created", message["result"]!["structuredContent"]!["status"].Text());
        Assert.Equal("No handshake", Assert.Single(await client.GetTasksAsync()).Title);
    }

    [Fact]
    public async Task InitializeStartsNoSession()
    {
        var response = await api.CreateClientForNewUser().SendAsync(McpTestClient.RawRequest("initialize",
            new { protocolVersion = "2025-11-25", capabilities = new { }, clientInfo = new { name = "agent", version = "1" } }));

        var message = await response.ReadRpcAsync();
        Assert.Equal("todo", message["result"]!["serverInfo"]!["name"].Text());
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
    }
}

// Kestrel enforces body limits; the in-memory test server does not.
public sealed class McpBodyLimitTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    [Fact]
    public async Task ABodyOverTheApisLimitIsA413Problem()
    {
        using var client = new HttpClient { BaseAddress = api.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(TodoApiFactory.NewUserId()));
        var request = McpTestClient.RawRequest("tools/call", new { name = "add_task", arguments = new { title = "Big", description = new string('x', 70 * 1024) } });

        var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }
}

// Better Auth's jwt plugin tokens (JWKS) open /mcp as they open /api.
public sealed class McpJwksTokenTests(JwksApi fixture) : IClassFixture<JwksApi>
{
    [Fact]
    public async Task AJwksSignedTokenCallsTheTools()
    {
        await using var client = await fixture.Api.ConnectWithTokenAsync(fixture.EdDsa.CreateToken(TodoApiFactory.NewUserId()));

        var result = await client.CallAsync("add_task", new { title = "Signed with Ed25519" });

        Assert.Equal("created", result.Structured()["status"].Text());
    }
}

// /api and /mcp draw on one budget per user.
public sealed class McpRateLimitTests(RateLimitTests.LowLimitApi api) : IClassFixture<RateLimitTests.LowLimitApi>
{
    [Fact]
    public async Task AUserOverTheLimitOnTheRestApiGetsA429ProblemOnMcp()
    {
        var greedy = api.CreateClientForNewUser();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await greedy.GetAsync("/api/tasks")).StatusCode);
        }

        var response = await greedy.SendAsync(McpTestClient.RawRequest("tools/call", new { name = "list_tasks", arguments = new { } }));

        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
