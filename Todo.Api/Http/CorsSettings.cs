using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Todo.Api.Http;

internal sealed class CorsSettings
{
    public const string Section = "Cors";

    // Also accepted as one comma-separated value, the easy form for an environment variable.
    public string[] AllowedOrigins { get; set; } = [];
}

internal static class CorsSettingsExtensions
{
    public static void AddTodoCors(this WebApplicationBuilder builder)
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
}
