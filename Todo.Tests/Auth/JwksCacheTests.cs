using System.Diagnostics;
using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Auth;

// How the key set is fetched: on demand, refreshed for a new kid at most once per interval, and kept while
// the frontend is down. Each test has its own JWKS endpoint to count fetches on.
public sealed class JwksCacheTests
{
    [Fact]
    public async Task AFloodOfUnknownKidsDoesNotHammerTheFrontend()
    {
        var key = TestSigningKey.Ed25519();
        await using var jwks = await JwksServer.StartAsync(key);
        await using var api = await StartApiAsync(jwks.Url);
        Assert.Equal(HttpStatusCode.OK, (await Get(api, key.CreateToken(TodoApiFactory.NewUserId()))).StatusCode);

        var flood = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            Get(api, key.CreateToken(TodoApiFactory.NewUserId(), kidOverride: Guid.NewGuid().ToString("N")))));

        Assert.All(flood, response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Equal(1, jwks.Fetches);
    }

    [Fact]
    public async Task ARotatedInKeyIsFetchedWhenItsKidFirstArrives()
    {
        var old = TestSigningKey.Ed25519();
        await using var jwks = await JwksServer.StartAsync(old);
        await using var api = await StartApiAsync(jwks.Url, minRefreshSeconds: 0);
        Assert.Equal(HttpStatusCode.OK, (await Get(api, old.CreateToken(TodoApiFactory.NewUserId()))).StatusCode);

        var rotated = TestSigningKey.Ecdsa();
        jwks.Publish(rotated.PublicJwk);

        Assert.Equal(HttpStatusCode.OK, (await Get(api, rotated.CreateToken(TodoApiFactory.NewUserId()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(api, old.CreateToken(TodoApiFactory.NewUserId()))).StatusCode);
        Assert.Equal(2, jwks.Fetches);
    }

    [Fact]
    public async Task ATokenAcceptedBeforeItsKeyWasWithdrawnIsRefusedAfterwards()
    {
        var old = TestSigningKey.Ed25519();
        await using var jwks = await JwksServer.StartAsync(old);
        await using var api = await StartApiAsync(jwks.Url, minRefreshSeconds: 0);
        var token = old.CreateToken(TodoApiFactory.NewUserId());
        Assert.Equal(HttpStatusCode.OK, (await Get(api, token)).StatusCode);

        var rotated = TestSigningKey.Ecdsa();
        jwks.Publish(rotated.PublicJwk);
        jwks.Withdraw(old.PublicJwk);
        Assert.Equal(HttpStatusCode.OK, (await Get(api, rotated.CreateToken(TodoApiFactory.NewUserId()))).StatusCode);

        await (await Get(api, token)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task HeldKeysKeepWorkingWhileTheJwksIsDown()
    {
        var key = TestSigningKey.Rsa("RS256");
        await using var jwks = await JwksServer.StartAsync(key);
        await using var api = await StartApiAsync(jwks.Url, minRefreshSeconds: 0);
        Assert.Equal(HttpStatusCode.OK, (await Get(api, key.CreateToken(TodoApiFactory.NewUserId()))).StatusCode);

        jwks.Down = true;
        var unknown = await Get(api, TestSigningKey.Ed25519().CreateToken(TodoApiFactory.NewUserId()));
        var held = await Get(api, key.CreateToken(TodoApiFactory.NewUserId()));

        await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.True(jwks.Fetches >= 2, "The unknown kid should have tried a refresh.");
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
    }

    [Fact]
    public async Task AnUnreachableJwksFailsOnlyItsOwnTokensAndQuickly()
    {
        await using var api = await StartApiAsync("http://127.0.0.1:1/api/auth/jwks");

        var shared = await Get(api, TestTokens.For(TodoApiFactory.NewUserId()));
        var clock = Stopwatch.StartNew();
        var published = await Get(api, TestSigningKey.Ed25519().CreateToken(TodoApiFactory.NewUserId()));
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        await published.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"A request waited {clock.Elapsed} on the JWKS.");
    }

    [Fact]
    public async Task WithAJwksUrlTheSharedSecretIsOptional()
    {
        var key = TestSigningKey.Ed25519();
        await using var jwks = await JwksServer.StartAsync(key);
        await using var api = await StartApiAsync(jwks.Url, secret: "");

        Assert.Equal(HttpStatusCode.OK, (await Get(api, key.CreateToken(TodoApiFactory.NewUserId()))).StatusCode);
        await (await Get(api, TestTokens.For(TodoApiFactory.NewUserId()))).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    private static async Task<TodoApiFactory> StartApiAsync(string jwksUrl, int? minRefreshSeconds = null, string? secret = null)
    {
        var settings = new Dictionary<string, string?> { ["Auth:JwksUrl"] = jwksUrl };
        if (minRefreshSeconds is not null)
        {
            settings["Auth:JwksMinRefreshSeconds"] = minRefreshSeconds.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (secret is not null)
        {
            settings["Auth:Secret"] = secret;
        }

        var api = new TodoApiFactory(new() { Settings = settings });
        await api.InitializeAsync();
        return api;
    }

    private static Task<HttpResponseMessage> Get(TodoApiFactory api, string token) =>
        api.CreateClientWithToken(token).GetAsync("/api/tasks");
}
