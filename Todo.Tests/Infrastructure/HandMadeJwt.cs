using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Todo.Tests.Infrastructure;

// Compact JWTs put together by hand, for tokens a JWT library would refuse to make (alg none, HMAC keyed
// with public key material) or that must be signed outside the code under test.
public static class HandMadeJwt
{
    // sign gets the ASCII signing input; null leaves the signature empty (alg none).
    public static string Create(JsonObject header, JsonObject payload, Func<byte[], byte[]>? sign) =>
        Create(header, payload.ToJsonString(), sign);

    // The payload exactly as written, for JSON a JsonObject cannot hold (a claim given twice).
    public static string Create(JsonObject header, string payloadJson, Func<byte[], byte[]>? sign)
    {
        var signingInput = $"{Encode(header.ToJsonString())}.{Encode(payloadJson)}";
        var signature = sign is null ? "" : Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }

    // The claims a valid token needs: the user and an expiry a few minutes away.
    public static JsonObject Claims(string userId) =>
        new() { ["sub"] = userId, ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds() };

    private static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
