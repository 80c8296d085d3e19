using System.ComponentModel.DataAnnotations;

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
