namespace Todo.Api.Http;

internal sealed class CorsSettings
{
    public const string Section = "Cors";

    // Also accepted as one comma-separated value, the easy form for an environment variable.
    public string[] AllowedOrigins { get; set; } = [];
}
