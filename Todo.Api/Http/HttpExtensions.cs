using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Todo.Api.Auth;

namespace Todo.Api.Http;

internal static class HttpExtensions
{
    public static WebApplicationBuilder AddTodoHttp(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // The web defaults read numbers from strings too, which makes OpenAPI type every number as
            // "integer | string". Bodies are read by JsonBody, not the serializer, so nothing else changes.
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.Converters.Add(new UtcTimestampConverter());
        });

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ErrorCodes.Complete);
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();

        builder.AddTodoCors();
        builder.AddTodoRateLimiting();
        builder.AddTodoApiDocs();

        return builder;
    }

    private static void AddTodoCors(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CorsSettings>()
            .BindConfiguration(CorsSettings.Section)
            .Configure<IConfiguration>((settings, config) =>
            {
                if (config[$"{CorsSettings.Section}:{nameof(CorsSettings.AllowedOrigins)}"] is { Length: > 0 } csv)
                {
                    settings.AllowedOrigins = csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                }
                if (settings.AllowedOrigins.Length == 0)
                {
                    settings.AllowedOrigins = ["http://localhost:3000"];
                }
            });

        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins(settings.Value.AllowedOrigins)
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
                .WithHeaders("Authorization", "Content-Type", "Idempotency-Key")
                .WithExposedHeaders("Location", "X-Total-Count", "Retry-After")
                // Frontends often fetch with credentials: "include". The API reads only the bearer token,
                // never a cookie, so allowing credentials for the listed origins opens nothing.
                .AllowCredentials()
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
    }

    private static void AddTodoRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitSettings>()
            .BindConfiguration(RateLimitSettings.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((limiter, options) =>
        {
            var settings = options.Value;
            limiter.AddPolicy(RateLimitSettings.PerUserPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.IsAuthenticated == true
                    ? context.User.GetUserId()
                    : context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                    QueueLimit = 0,
                }));

            limiter.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : settings.WindowSeconds;
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);

                return Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                    "Too many requests. Wait for the time in Retry-After, then try again.");
            };
        });
    }
}
