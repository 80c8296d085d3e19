using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Auth;

// Tokens signed by the keys of Better Auth's JWKS (Auth:JwksUrl), next to the shared-secret tokens.
public sealed class JwksTokenTests(JwksApi fixture) : IClassFixture<JwksApi>
{
    [Theory]
    [InlineData("EdDSA")]
    [InlineData("ES256")]
    [InlineData("RS256")]
    [InlineData("PS256")]
    public async Task ATokenSignedByAPublishedKeyIsAccepted(string algorithm)
    {
        var userId = TodoApiFactory.NewUserId();
        var client = fixture.Api.CreateClientWithToken(fixture.Key(algorithm).CreateToken(userId));

        var task = await client.CreateTaskAsync($"Signed with {algorithm}");

        var readBySameUser = await fixture.Api.CreateClientFor(userId).GetTaskAsync(task.Id);
        Assert.Equal($"Signed with {algorithm}", readBySameUser.Title);
    }

    [Fact]
    public async Task SharedSecretTokensStillWork()
    {
        var response = await fixture.Api.CreateClientForNewUser().GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("EdDSA")]
    [InlineData("RS256")]
    public async Task ATamperedTokenIsInvalid(string algorithm)
    {
        var token = fixture.Key(algorithm).CreateToken("user_a");
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("user_a", "user_b", StringComparison.Ordinal);
        var forgedPayload = $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[0] ^= 1;
        var forgedSignature = $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";

        await AssertRejectedAsync(forgedPayload, "invalid_token");
        await AssertRejectedAsync(forgedSignature, "invalid_token");
    }

    [Fact]
    public async Task AnExpiredTokenIsTokenExpired()
    {
        var token = fixture.EdDsa.CreateToken(TodoApiFactory.NewUserId(), expires: DateTimeOffset.UtcNow.AddMinutes(-2));

        await AssertRejectedAsync(token, "token_expired");
    }

    [Fact]
    public async Task AKeyThatIsNotPublishedIsInvalid()
    {
        var stranger = TestSigningKey.Ed25519();

        await AssertRejectedAsync(stranger.CreateToken(TodoApiFactory.NewUserId()), "invalid_token");
    }

    [Fact]
    public async Task ASignatureByAnotherKeyUnderAPublishedKidIsInvalid()
    {
        var impostor = TestSigningKey.Ed25519(kid: fixture.EdDsa.Kid);

        await AssertRejectedAsync(impostor.CreateToken(TodoApiFactory.NewUserId()), "invalid_token");
    }

    public static TheoryData<string> PublicKeyMaterial => ["jwk-json", "modulus", "ed25519-x"];

    // HS256 "signed" with what anyone can read from the JWKS: the classic algorithm confusion.
    [Theory]
    [MemberData(nameof(PublicKeyMaterial))]
    public async Task AnHs256TokenKeyedWithPublicKeyMaterialIsInvalid(string material)
    {
        var (kid, secret) = material switch
        {
            "jwk-json" => (fixture.Rs256.Kid, Encoding.UTF8.GetBytes(fixture.Rs256.PublicJwk.ToJsonString())),
            "modulus" => (fixture.Rs256.Kid, Base64UrlEncoder.DecodeBytes(fixture.Rs256.PublicJwk["n"]!.GetValue<string>())),
            _ => (fixture.EdDsa.Kid, Base64UrlEncoder.DecodeBytes(fixture.EdDsa.PublicJwk["x"]!.GetValue<string>())),
        };

        await AssertRejectedAsync(Hs256(kid, secret), "invalid_token");
    }

    [Fact]
    public async Task AnRsaSignatureUnderAnEcKeysKidIsInvalid()
    {
        var token = fixture.Rs256.CreateToken(TodoApiFactory.NewUserId(), kidOverride: fixture.Es256.Kid);

        await AssertRejectedAsync(token, "invalid_token");
    }

    [Fact]
    public async Task AnEcdsaSignatureUnderTheEd25519KeysKidIsInvalid()
    {
        var token = fixture.Es256.CreateToken(TodoApiFactory.NewUserId(), kidOverride: fixture.EdDsa.Kid);

        await AssertRejectedAsync(token, "invalid_token");
    }

    [Fact]
    public async Task AJwkThatNamesItsAlgorithmVerifiesOnlyThatAlgorithm()
    {
        var pinnedElsewhere = TestSigningKey.Rsa("RS256", pinAlgorithm: true);
        pinnedElsewhere.PublicJwk["alg"] = "PS256";
        var pinnedHere = TestSigningKey.Rsa("RS256", pinAlgorithm: true);
        fixture.Jwks.Publish(pinnedElsewhere.PublicJwk);
        fixture.Jwks.Publish(pinnedHere.PublicJwk);

        await AssertRejectedAsync(pinnedElsewhere.CreateToken(TodoApiFactory.NewUserId()), "invalid_token");
        var accepted = await fixture.Api.CreateClientWithToken(pinnedHere.CreateToken(TodoApiFactory.NewUserId())).GetAsync("/api/tasks");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task AnUnsignedTokenNamingAPublishedKidIsInvalid()
    {
        var token = HandMadeJwt.Create(new JsonObject { ["alg"] = "none", ["kid"] = fixture.EdDsa.Kid },
            HandMadeJwt.Claims(TodoApiFactory.NewUserId()), sign: null);

        await AssertRejectedAsync(token, "invalid_token");
    }

    [Fact]
    public async Task ASymmetricKeyInTheJwksIsNeverTrusted()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        fixture.Jwks.Publish(new JsonObject { ["kty"] = "oct", ["k"] = Base64UrlEncoder.Encode(secret), ["kid"] = "shared" });

        await AssertRejectedAsync(Hs256("shared", secret), "invalid_token");
    }

    private static string Hs256(string kid, byte[] secret) =>
        HandMadeJwt.Create(new JsonObject { ["alg"] = "HS256", ["kid"] = kid, ["typ"] = "JWT" },
            HandMadeJwt.Claims(TodoApiFactory.NewUserId()), data => HMACSHA256.HashData(secret, data));

    private async Task AssertRejectedAsync(string token, string code)
    {
        var response = await fixture.Api.CreateClientWithToken(token).GetAsync("/api/tasks");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, code);
    }
}
