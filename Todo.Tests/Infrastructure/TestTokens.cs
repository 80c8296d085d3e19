using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
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
        static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var signingInput = $"{Encode($"{{\"alg\":\"{algorithm}\",\"typ\":\"JWT\"}}")}.{Encode($"{{\"sub\":\"{userId}\",\"exp\":{exp}}}")}";
        var key = Encoding.UTF8.GetBytes(Secret);
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = algorithm switch
        {
            "HS384" => HMACSHA384.HashData(key, data),
            "HS512" => HMACSHA512.HashData(key, data),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    // An unsigned token (alg "none") that claims to be the user.
    public static string AlgNone(string userId)
    {
        static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return $"{Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Encode($"{{\"sub\":\"{userId}\",\"exp\":{exp}}}")}.";
    }
}
