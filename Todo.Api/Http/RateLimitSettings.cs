using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Todo.Api.Auth;
using Todo.Api.Errors;

namespace Todo.Api.Http;

// Requests each user may make to the tasks API per window; anonymous callers are counted by address.
internal sealed class RateLimitSettings
{
    public const string Section = "RateLimiting";
    public const string PerUserPolicy = "per-user";

    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 300;

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;
}

internal static class RateLimitSettingsExtensions
{
    public static void AddTodoRateLimiting(this WebApplicationBuilder builder)
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
