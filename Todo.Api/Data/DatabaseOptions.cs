using System.ComponentModel.DataAnnotations;

namespace Todo.Api.Data;

internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    // Turn off where a separate step (a CI job, an Aspire migration resource) applies migrations.
    public bool MigrateOnStartup { get; set; } = true;

    // Used when the connection string does not say: a dead database must fail a request in seconds.
    [Range(1, 60)]
    public int ConnectTimeoutSeconds { get; set; } = 3;

    [Range(1, 300)]
    public int CommandTimeoutSeconds { get; set; } = 10;

    [Range(0, 10)]
    public int MaxRetryCount { get; set; } = 2;
}
