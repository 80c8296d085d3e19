using System.Net;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Auth;

// HS256 tokens over the Better Auth secret: what is accepted, and the 401 for everything else.
public sealed class SharedSecretTokenTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task NoAuthorizationHeaderIsMissingToken()
    {
        var response = await api.CreateClient().GetAsync("/api/tasks");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "missing_token");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.e30")]
    public async Task AMalformedHeaderIsInvalidToken(string header)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);

        var response = await client.GetAsync("/api/tasks");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        AssertChallenge(response, "invalid_token");
    }

    [Fact]
    public async Task AValidTokenIsAccepted()
    {
        var response = await api.CreateClientForNewUser().GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ATokenSignedWithAnotherSecretIsInvalid()
    {
        var token = TestTokens.For(TodoApiFactory.NewUserId(), secret: "another-secret-of-at-least-32-bytes-long");

        await (await GetTasks(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task ATamperedPayloadIsInvalid()
    {
        var token = TestTokens.For("user_a");
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("user_a", "user_b", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        await (await GetTasks(forged)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task AnExpiredTokenIsTokenExpired()
    {
        var token = TestTokens.For(TodoApiFactory.NewUserId(), expires: DateTime.UtcNow.AddMinutes(-2));

        var response = await GetTasks(token);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "token_expired");
        AssertChallenge(response, "invalid_token");
    }

    [Fact]
    public async Task ATokenExpiredWithinTheClockSkewIsAccepted()
    {
        var token = TestTokens.For(TodoApiFactory.NewUserId(), expires: DateTime.UtcNow.AddSeconds(-30));

        Assert.Equal(HttpStatusCode.OK, (await GetTasks(token)).StatusCode);
    }

    [Fact]
    public async Task AnUnsignedTokenIsInvalid()
    {
        await (await GetTasks(TestTokens.AlgNone(TodoApiFactory.NewUserId()))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Theory]
    [InlineData("HS384")]
    [InlineData("HS512")]
    public async Task OnlyHs256IsAcceptedForTheSharedSecret(string algorithm)
    {
        var token = TestTokens.SignedWith(algorithm, TodoApiFactory.NewUserId());

        await (await GetTasks(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task ATokenWithoutSubIsInvalid()
    {
        var token = TestTokens.WithClaims(new() { ["exp"] = Expiry(), ["name"] = "No Subject" });

        await (await GetTasks(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task ATokenWithAnEmptySubIsInvalid()
    {
        var token = TestTokens.WithClaims(new() { ["exp"] = Expiry(), ["sub"] = "" });

        await (await GetTasks(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task ATokenWithoutExpIsInvalid()
    {
        var token = TestTokens.WithClaims(new() { ["sub"] = TodoApiFactory.NewUserId() });

        await (await GetTasks(token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task IssuerAndAudienceAreIgnoredWhenNotConfigured()
    {
        var token = TestTokens.For(TodoApiFactory.NewUserId(), issuer: "https://anyone.example", audience: "whatever");

        Assert.Equal(HttpStatusCode.OK, (await GetTasks(token)).StatusCode);
    }

    [Fact]
    public async Task TheTokenNeverComesBackInAResponse()
    {
        var token = TestTokens.For(TodoApiFactory.NewUserId(), secret: "another-secret-of-at-least-32-bytes-long");

        var response = await GetTasks(token);

        Assert.DoesNotContain(token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, response.Headers.ToString(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> GetTasks(string token) => api.CreateClientWithToken(token).GetAsync("/api/tasks");

    private static long Expiry() => DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();

    private static void AssertChallenge(HttpResponseMessage response, string error)
    {
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains($"error=\"{error}\"", challenge.Parameter, StringComparison.Ordinal);
    }
}
