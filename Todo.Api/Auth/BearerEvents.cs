using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Todo.Api.Auth.Jwks;
using Todo.Api.Errors;

namespace Todo.Api.Auth;

internal static class BearerEvents
{
    // The key resolver is synchronous, so a key the cache does not hold yet is fetched here, before validation.
    public static async Task FetchUnknownSigningKey(MessageReceivedContext context)
    {
        var token = BearerHeader.TokenOf(context.Request);
        if (token.IsEmpty)
        {
            return;
        }

        string? kid;
        try
        {
            kid = new JsonWebToken(token.ToString()).Kid;
        }
        catch (ArgumentException)
        {
            return;
        }

        if (!string.IsNullOrEmpty(kid))
        {
            await context.HttpContext.RequestServices.GetRequiredService<JwksKeyCache>().EnsureKeyAsync(kid, context.HttpContext.RequestAborted);
        }
    }

    // Runs after the signature has verified, whichever key verified it.
    public static Task RequireWellFormedToken(TokenValidatedContext context)
    {
        var now = (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        var problem = context.SecurityToken is JsonWebToken token
            ? TokenShape.Problem(token, now, context.Options.TokenValidationParameters.ClockSkew)
            : "The token is not a JWS.";
        if (problem is not null)
        {
            context.Fail(problem);
        }
        return Task.CompletedTask;
    }

    // JwtBearer's own challenge has an empty body; the contract wants the JSON error, and RFC 6750's
    // WWW-Authenticate. The reason stays generic: it must not help anyone forge a token.
    public static async Task WriteChallenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();

        var (code, detail) = context.AuthenticateFailure switch
        {
            SecurityTokenExpiredException => (ErrorCodes.TokenExpired, "The token has expired. Sign in again."),
            not null => (ErrorCodes.InvalidToken, "The token is not valid."),
            null when context.Request.Headers.Authorization.Count > 0 => (ErrorCodes.InvalidToken, "The Authorization header is not a bearer token."),
            null => (ErrorCodes.MissingToken, "This endpoint needs Authorization: Bearer <token>."),
        };

        context.Response.Headers.WWWAuthenticate = code == ErrorCodes.MissingToken
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{detail}\"";

        await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, detail, code);
    }
}
