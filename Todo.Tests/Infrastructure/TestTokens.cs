using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Todo.Tests.Infrastructure;

// HS256 tokens as a Better Auth frontend mints them with the shared secret.
public static class TestTokens
{
    public const string Secret = "todo-tests-only-secret-0123456789abcdef";

    public static string For(string userId, string secret = Secret, DateTime? expires = null,
        string? issuer = null, string? audience = null, string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", userId)]),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            IssuedAt = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-15),
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-15),
            Issuer = issuer,
            Audience = audience,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), algorithm),
        };

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    // A token with exactly these claims, signed with the shared secret.
    public static string WithClaims(Dictionary<string, object> claims) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)), SecurityAlgorithms.HmacSha256),
        });

    // A token signed with the shared secret under another HMAC algorithm, signed by hand because
    // IdentityModel refuses to sign HS384/HS512 with a key shorter than the hash.
    public static string SignedWith(string algorithm, string userId)
    {
        var key = Encoding.UTF8.GetBytes(Secret);
        Func<byte[], byte[]> sign = algorithm switch
        {
            "HS384" => data => HMACSHA384.HashData(key, data),
            "HS512" => data => HMACSHA512.HashData(key, data),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        return HandMadeJwt.Create(new JsonObject { ["alg"] = algorithm, ["typ"] = "JWT" }, HandMadeJwt.Claims(userId), sign);
    }

    // An unsigned token (alg "none") that claims to be the user.
    public static string AlgNone(string userId) =>
        HandMadeJwt.Create(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }, HandMadeJwt.Claims(userId), sign: null);
}
