using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Todo.Api.Auth;

public static class AuthExtensions
{
    public static WebApplicationBuilder AddTodoAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Configure<IConfiguration>((auth, config) => auth.Secret ??= config["BETTER_AUTH_SECRET"])
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));
        builder.Services.AddAuthorization();

        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            // Pinned: a token may not pick its own algorithm (alg=none, or HS256 keyed with a public key).
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKeys = auth.Secret is null ? [] : [new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.Secret))],
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
            OnTokenValidated = BearerEvents.RequireSubject,
            OnChallenge = BearerEvents.WriteChallenge,
        };
    }
}
