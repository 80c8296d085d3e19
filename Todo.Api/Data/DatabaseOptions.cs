using System.ComponentModel.DataAnnotations;

namespace Todo.Api.Data;

internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    // Turn off where a separate step (a CI job, an Aspire migration resource) applies migrations.
    public bool MigrateOnStartup { get; set; } = true;

    // Used when the connection string does not say: a dead database must fail a request in seconds.
    [Range(1, 60)]
    public int ConnectTimeoutSeconds { get; set; } = 2;

    // Our queries take milliseconds. Npgsql ignores a request's cancellation while the reset it prepends to a
    // reused connection is unanswered, so on a hung server only this timeout stops the command.
    [Range(1, 300)]
    public int CommandTimeoutSeconds { get; set; } = 2;

    [Range(0, 10)]
    public int MaxRetryCount { get; set; } = 2;

    // How long a request may wait on the database, retries included; then 503 database_unavailable. A hung
    // server adds at most the connect timeout: Npgsql's cancel request opens a connection of its own.
    [Range(1, 60)]
    public int RequestTimeoutSeconds { get; set; } = 3;
}
