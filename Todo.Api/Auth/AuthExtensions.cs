using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Todo.Api.Auth.Jwks;

namespace Todo.Api.Auth;

internal static class AuthExtensions
{
    public static WebApplicationBuilder AddTodoAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Configure<IConfiguration>((auth, config) => auth.Secret ??= config["BETTER_AUTH_SECRET"])
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        builder.Services.AddHttpClient(JwksKeyCache.HttpClientName);
        builder.Services.AddSingleton<JwksKeyCache>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, JwksKeyCache, TimeProvider>((jwt, auth, jwks, clock) => Configure(jwt, auth.Value, jwks, clock));
        builder.Services.AddAuthorization();

        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, JwksKeyCache jwks, TimeProvider clock)
    {
        var useJwks = !string.IsNullOrEmpty(auth.JwksUrl);
        var sharedSecret = string.IsNullOrEmpty(auth.Secret) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.Secret));
        var verified = new VerifiedTokens(sharedSecret, useJwks ? jwks : null, clock);

        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            // Pinned: a token may not pick its own algorithm (alg=none). Each key also verifies only its own
            // algorithm family, so an HS256 token "signed" with a public key matches nothing.
            ValidAlgorithms = useJwks
                ? [SecurityAlgorithms.HmacSha256, Ed25519SecurityKey.Algorithm, SecurityAlgorithms.EcdsaSha256,
                    SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256]
                : [SecurityAlgorithms.HmacSha256],
            IssuerSigningKeyResolver = (_, token, kid, _) => SigningKeys(token, kid, sharedSecret, useJwks ? jwks : null),
            ValidateIssuerSigningKey = true,
            ValidateIssuer = auth.Issuer is not null,
            ValidIssuer = auth.Issuer,
            ValidateAudience = auth.Audience is not null,
            ValidAudience = auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(60),
            NameClaimType = "sub",
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context => verified.TryAuthenticate(context) ? Task.CompletedTask
                : useJwks ? BearerEvents.FetchUnknownSigningKey(context) : Task.CompletedTask,
            OnTokenValidated = async context =>
            {
                await BearerEvents.RequireWellFormedToken(context);
                if (context.Result is null)
                {
                    verified.Remember(context);
                }
            },
            OnChallenge = BearerEvents.WriteChallenge,
        };
    }

    // The key set's key for the token's kid, when its algorithm allows, and the shared secret.
    private static List<SecurityKey> SigningKeys(SecurityToken token, string? kid, SymmetricSecurityKey? sharedSecret, JwksKeyCache? jwks)
    {
        var keys = new List<SecurityKey>(2);
        if (jwks?.Find(kid) is { } published && token is JsonWebToken { Alg: var alg } && published.AllowsAlgorithm(alg))
        {
            keys.Add(published);
        }
        if (sharedSecret is not null)
        {
            keys.Add(sharedSecret);
        }
        return keys;
    }
}
