using System.Net;
using System.Text.Json.Nodes;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Auth;

// A token as Better Auth's jwt plugin makes it by default: EdDSA with a kid, iss and aud the frontend's base
// URL, a 15-minute exp, and the user object in the payload. The API is configured as docs/AUTH.md says.
public sealed class BetterAuthPluginTokenTests(BetterAuthPluginTokenTests.PluginApi fixture) : IClassFixture<BetterAuthPluginTokenTests.PluginApi>
{
    private const string Frontend = "http://localhost:3000";

    [Fact]
    public async Task ThePluginsDefaultTokenIsAccepted()
    {
        var userId = "usr_" + Guid.NewGuid().ToString("N")[..16];
        var client = fixture.Api.CreateClientWithToken(fixture.EdDsa.CreateToken(PluginPayload(userId, Frontend, Frontend)));

        var created = await client.CreateTaskAsync("From the plugin's token");

        // The owner is the token's sub: a shared-secret token for that user id sees the task too.
        var sameUser = fixture.Api.CreateClientWithToken(TestTokens.For(userId, issuer: Frontend, audience: Frontend));
        Assert.Equal("From the plugin's token", (await sameUser.GetTaskAsync(created.Id)).Title);
    }

    [Theory]
    [InlineData("https://evil.example", Frontend)]
    [InlineData(Frontend, "https://evil.example")]
    public async Task AnotherIssuerOrAudienceIsInvalid(string issuer, string audience)
    {
        var token = fixture.EdDsa.CreateToken(PluginPayload(TodoApiFactory.NewUserId(), issuer, audience));

        var response = await fixture.Api.CreateClientWithToken(token).GetAsync("/api/tasks");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    // The shape of better-auth's jwt plugin payload: the session's user, then iat, iss, aud, exp and sub.
    private static JsonObject PluginPayload(string userId, string issuer, string audience)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["id"] = userId,
            ["name"] = "Ada Lovelace",
            ["email"] = "ada@example.com",
            ["emailVerified"] = true,
            ["image"] = null,
            ["createdAt"] = "2026-11-01T09:00:00.000Z",
            ["updatedAt"] = "2026-11-20T09:00:00.000Z",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = issuer,
            ["aud"] = audience,
            ["exp"] = now.AddMinutes(15).ToUnixTimeSeconds(),
            ["sub"] = userId,
        };
    }

    public sealed class PluginApi : JwksApi
    {
        protected override Dictionary<string, string?> Settings(string jwksUrl) =>
            new() { ["Auth:JwksUrl"] = jwksUrl, ["Auth:Issuer"] = Frontend, ["Auth:Audience"] = Frontend };
    }
}
