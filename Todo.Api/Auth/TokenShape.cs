using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Todo.Api.Auth;

// The contract's rules for a token whose signature has verified. IdentityModel does not enforce them (a repeated
// claim overwrites the first, exp/nbf/iat are read from strings too, a numeric sub becomes a string, crit and a
// future iat are ignored) and its parsed token does not show them, so the payload gets one reader pass here.
internal static class TokenShape
{
    private const int MaxSubjectLength = 255;

    // Null when the token is well formed, else the rule it breaks: for the log only, never the value or the token.
    public static string? Problem(JsonWebToken token, DateTimeOffset now, TimeSpan clockSkew)
    {
        // RFC 7515 §4.1.11: we implement no extension, so a token that needs one is refused.
        if (token.TryGetHeaderValue<object>("crit", out _))
        {
            return "The token has a crit header.";
        }

        var problem = PayloadProblem(token.EncodedPayload);
        if (problem is null && token.IssuedAt > (now + clockSkew).UtcDateTime)
        {
            problem = "The token's iat is in the future.";
        }
        return problem;
    }

    private static string? PayloadProblem(string encodedPayload)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(encodedPayload.Length));
        try
        {
            return PayloadProblem(buffer.AsSpan(0, Base64Url.DecodeFromChars(encodedPayload, buffer)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? PayloadProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var names = new HashSet<string>(StringComparer.Ordinal);

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // GetString unescapes, so "s\u0075b" is the same claim as "sub", as IdentityModel reads it.
            var name = reader.GetString()!;
            if (!names.Add(name))
            {
                return "A claim is given twice.";
            }
            reader.Read();

            var problem = name switch
            {
                "sub" => reader.TokenType == JsonTokenType.String ? SubjectProblem(reader.GetString()!) : "The token's sub is not a string.",
                "exp" or "nbf" or "iat" when reader.TokenType != JsonTokenType.Number => "The token's exp, nbf or iat is not a number.",
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
            reader.Skip();
        }

        return names.Contains("sub") ? null : "The token has no sub claim.";
    }

    // The user id ends up in PostgreSQL text columns and in logs: no NUL (PostgreSQL refuses it), no control characters.
    private static string? SubjectProblem(string sub) =>
        string.IsNullOrWhiteSpace(sub) ? "The token's sub is empty or blank."
        : sub.Length > MaxSubjectLength ? "The token's sub is too long."
        : sub.AsSpan().ContainsAnyInRange('\u0000', '\u001f') || sub.AsSpan().ContainsAnyInRange('\u007f', '\u009f')
            ? "The token's sub holds a control character."
        : null;
}
