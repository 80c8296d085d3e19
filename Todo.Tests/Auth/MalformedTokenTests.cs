using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Auth;

// Tokens whose signature verifies but whose content breaks the contract: 401 invalid_token, whichever key signed
// them (the shared secret, or a key of the JWKS).
public sealed class MalformedTokenTests(JwksApi fixture) : IClassFixture<JwksApi>
{
    public static TheoryData<string> Signers => ["HS256", "EdDSA"];

    public static TheoryData<string, string> ControlCharacters => ForEachSigner("\u0001", "\t", "\n", "\u001f", "\u007f", "\u0085", "\u009f");

    // A second member after {"sub":…,"name":"Ada","exp":…}; the escaped name is "sub" once read.
    public static TheoryData<string, string> SecondClaims => ForEachSigner(
        "\"sub\":\"user_other\"", "\"s\\u0075b\":\"user_other\"", "\"exp\":4102444800", "\"name\":\"Eve\"");

    public static TheoryData<string, string> EmptyOrBlank => ForEachSigner("", " ", "\u3000");

    public static TheoryData<string, string> TimeClaims => ForEachSigner("exp", "nbf", "iat");

    [Theory]
    [MemberData(nameof(Signers))]
    public async Task SubjectWithNulIsRejected(string signer)
    {
        var token = Signed(signer, HandMadeJwt.Claims("abc\u0000x"));

        await AssertInvalidTokenAsync(token);
    }

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public async Task SubjectWithAControlCharacterIsRejected(string signer, string control)
    {
        var token = Signed(signer, HandMadeJwt.Claims(TodoApiFactory.NewUserId() + control));

        await AssertInvalidTokenAsync(token);
    }

    [Theory]
    [MemberData(nameof(EmptyOrBlank))]
    public async Task EmptyOrBlankSubjectIsRejected(string signer, string sub) =>
        await AssertInvalidTokenAsync(Signed(signer, HandMadeJwt.Claims(sub)));

    [Theory]
    [MemberData(nameof(Signers))]
    public async Task NumericSubjectIsRejected(string signer)
    {
        var payload = HandMadeJwt.Claims("");
        payload["sub"] = 12345;

        await AssertInvalidTokenAsync(Signed(signer, payload));
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public async Task SubjectLongerThan255IsRejected(string signer) =>
        await AssertInvalidTokenAsync(Signed(signer, HandMadeJwt.Claims(new string('a', 256))));

    [Theory]
    [MemberData(nameof(Signers))]
    public async Task SubjectOf255CharactersIsAccepted(string signer)
    {
        var userId = TodoApiFactory.NewUserId().PadRight(255, 'x');

        var response = await fixture.Api.CreateClientWithToken(Signed(signer, HandMadeJwt.Claims(userId))).GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(SecondClaims))]
    public async Task AClaimGivenTwiceIsRejected(string signer, string secondClaim)
    {
        var payload = $$"""{"sub":"{{TodoApiFactory.NewUserId()}}","name":"Ada","exp":{{Expiry()}},{{secondClaim}}}""";

        await AssertInvalidTokenAsync(Signed(signer, payload));
    }

    [Theory]
    [MemberData(nameof(TimeClaims))]
    public async Task TimeClaimThatIsNotANumberIsRejected(string signer, string claim)
    {
        var payload = HandMadeJwt.Claims(TodoApiFactory.NewUserId());
        payload["nbf"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        payload["iat"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        payload[claim] = payload[claim]!.ToJsonString(); // the same time, as a string

        await AssertInvalidTokenAsync(Signed(signer, payload));
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public async Task IssuedAtTenYearsAheadIsRejected(string signer)
    {
        var payload = HandMadeJwt.Claims(TodoApiFactory.NewUserId());
        payload["iat"] = DateTimeOffset.UtcNow.AddYears(10).ToUnixTimeSeconds();

        await AssertInvalidTokenAsync(Signed(signer, payload));
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public async Task IssuedAtAheadWithinTheClockSkewIsAccepted(string signer)
    {
        var payload = HandMadeJwt.Claims(TodoApiFactory.NewUserId());
        payload["iat"] = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeSeconds();

        var response = await fixture.Api.CreateClientWithToken(Signed(signer, payload)).GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Signers))]
    public async Task ACritHeaderIsRejected(string signer)
    {
        var token = Signed(signer, HandMadeJwt.Claims(TodoApiFactory.NewUserId()), header =>
        {
            header["b64"] = true;
            header["crit"] = new JsonArray("b64");
        });

        await AssertInvalidTokenAsync(token);
    }

    private static TheoryData<string, string> ForEachSigner(params string[] cases)
    {
        var data = new TheoryData<string, string>();
        foreach (var signer in Signers)
        {
            foreach (var value in cases)
            {
                data.Add(signer, value);
            }
        }
        return data;
    }

    private static long Expiry() => DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();

    private string Signed(string signer, JsonObject payload, Action<JsonObject>? changeHeader = null) =>
        Signed(signer, payload.ToJsonString(), changeHeader);

    // Signed by the shared secret (HS256) or by the JWKS's Ed25519 key, over the payload exactly as written.
    private string Signed(string signer, string payloadJson, Action<JsonObject>? changeHeader = null)
    {
        var (header, sign) = signer == "HS256"
            ? (new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" }, data => HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestTokens.Secret), data))
            : (fixture.EdDsa.Header(), (Func<byte[], byte[]>)fixture.EdDsa.Sign);
        changeHeader?.Invoke(header);
        return HandMadeJwt.Create(header, payloadJson, sign);
    }

    private async Task AssertInvalidTokenAsync(string token)
    {
        var response = await fixture.Api.CreateClientWithToken(token).GetAsync("/api/tasks");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
    }
}
