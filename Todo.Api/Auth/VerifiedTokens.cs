using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Todo.Api.Auth.Jwks;

namespace Todo.Api.Auth;

// Tokens that passed every check, by their text: a client sends the same token for many requests, and
// verifying it again (signature, claims, TokenShape) is a large share of a request's CPU (BENCHMARKS.md). An entry serves
// only before the token's exp (never into the clock skew), for at most MaxAge, and only while the key that
// verified it is still the one held: a JWKS refresh or another secret makes the token go through in full.
internal sealed class VerifiedTokens(SymmetricSecurityKey? sharedSecret, JwksKeyCache? jwks, TimeProvider clock)
{
    private const int Capacity = 4096;
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public bool TryAuthenticate(MessageReceivedContext context)
    {
        var token = BearerHeader.TokenOf(context.Request);
        if (token.IsEmpty
            || !Lookup.TryGetValue(token, out var entry)
            || clock.GetUtcNow().UtcDateTime >= entry.NotAfter
            || !IsHeld(entry))
        {
            return false;
        }

        context.Principal = new ClaimsPrincipal(entry.Identity);
        context.Success();
        return true;
    }

    // Called once every rule has passed.
    public void Remember(TokenValidatedContext context)
    {
        if (context.SecurityToken is not JsonWebToken { SigningKey: { } key } token
            || context.Principal?.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        var notAfter = Min(token.ValidTo, clock.GetUtcNow().UtcDateTime + MaxAge);
        if (entries.Count >= Capacity)
        {
            Sweep();
        }
        if (entries.Count < Capacity)
        {
            entries[token.EncodedToken] = new Entry(identity, notAfter, key, token.Kid);
        }
    }

    private ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> Lookup => entries.GetAlternateLookup<ReadOnlySpan<char>>();

    private bool IsHeld(Entry entry) =>
        ReferenceEquals(entry.Key, sharedSecret) || (jwks is not null && ReferenceEquals(jwks.Find(entry.Kid), entry.Key));

    private void Sweep()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (text, entry) in entries)
        {
            if (now >= entry.NotAfter || !IsHeld(entry))
            {
                entries.TryRemove(text, out _);
            }
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private sealed record Entry(ClaimsIdentity Identity, DateTime NotAfter, SecurityKey Key, string? Kid);
}
