using System.Text;
using Microsoft.Extensions.Options;

namespace Todo.Api.Auth;

internal sealed class AuthOptions
{
    public const string Section = "Auth";
    public const int MinSecretBytes = 32;

    // The Better Auth secret (BETTER_AUTH_SECRET): HS256 tokens are verified with its UTF-8 bytes.
    public string? Secret { get; set; }

    // Checked only when set; Better Auth's jwt plugin sets both to the frontend's base URL.
    public string? Issuer { get; set; }
    public string? Audience { get; set; }

    // Better Auth's JWKS endpoint, e.g. http://localhost:3000/api/auth/jwks.
    public string? JwksUrl { get; set; }

    // A token with an unknown kid fetches the key set again at most this often.
    public int JwksMinRefreshSeconds { get; set; } = 30;
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!string.IsNullOrEmpty(options.JwksUrl)
            && !(Uri.TryCreate(options.JwksUrl, UriKind.Absolute, out var jwks) && (jwks.Scheme == Uri.UriSchemeHttp || jwks.Scheme == Uri.UriSchemeHttps)))
        {
            return ValidateOptionsResult.Fail(
                $"Auth:JwksUrl must be an absolute http(s) URL such as http://localhost:3000/api/auth/jwks, not '{options.JwksUrl}'.");
        }
        if (options.JwksMinRefreshSeconds < 0)
        {
            return ValidateOptionsResult.Fail("Auth:JwksMinRefreshSeconds must be 0 or more.");
        }

        if (string.IsNullOrEmpty(options.Secret))
        {
            return string.IsNullOrEmpty(options.JwksUrl)
                ? ValidateOptionsResult.Fail(
                    "No token key is configured. Set BETTER_AUTH_SECRET (or Auth:Secret) to the Better Auth secret, " +
                    "at least 32 bytes (e.g. `openssl rand -base64 32`), or set Auth:JwksUrl.")
                : ValidateOptionsResult.Success;
        }

        return Encoding.UTF8.GetByteCount(options.Secret) < AuthOptions.MinSecretBytes
            ? ValidateOptionsResult.Fail(
                $"BETTER_AUTH_SECRET (Auth:Secret) is {Encoding.UTF8.GetByteCount(options.Secret)} bytes; HS256 needs at least " +
                $"{AuthOptions.MinSecretBytes}. Generate one with `openssl rand -base64 32` and set it in the frontend and here.")
            : ValidateOptionsResult.Success;
    }
}
