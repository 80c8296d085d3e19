using System.ComponentModel.DataAnnotations;

namespace Todo.Api.Data;

// The defaults hold with the database 300 ms away (Neon from another continent): see docs/NEON.md.
internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    // Turn off where a separate step (a CI job, an Aspire migration resource) applies migrations.
    public bool MigrateOnStartup { get; set; } = true;

    // Where migrations run when it is not the service's own database: Neon's direct (unpooled) host, since the
    // migrator's session advisory lock does not survive PgBouncer's transaction pooling. Npgsql form or a postgres:// URI.
    public string? MigrationConnectionString { get; set; }

    // Used when the connection string does not say. A new connection 300 ms away costs about 2 s (TCP, TLS, SCRAM),
    // a Neon compute that was asleep a little more. It also bounds the cancel request Npgsql sends to a hung server,
    // so a request's worst case grows with it (docs/OPERATIONS.md).
    [Range(1, 60)]
    public int ConnectTimeoutSeconds { get; set; } = 5;

    // Used when the connection string does not say. Every statement is one round trip of milliseconds of work. A
    // request's deadline (RequestTimeoutSeconds, shorter by default) cancels its statements first; this bounds the
    // ones outside a request, such as the readiness probe's query. Migrations at start-up get 5 minutes.
    [Range(1, 300)]
    public int CommandTimeoutSeconds { get; set; } = 5;

    [Range(0, 10)]
    public int MaxRetryCount { get; set; } = 2;

    // How long a request may wait on the database, retries included, not counting the time spent opening
    // connections (up to ConnectTimeoutSeconds in all); then 503 database_unavailable.
    [Range(1, 60)]
    public int RequestTimeoutSeconds { get; set; } = 3;

    // Connections opened in the background at start and again after the database dropped them, so that a burst
    // of requests waits for a free connection instead of each making its own handshake. Also Npgsql's minimum
    // pool size (unless the connection string sets one), so that idle ones are not pruned.
    [Range(0, 100)]
    public int WarmConnections { get; set; } = 8;

    // After this long without a request using the database, /health stops querying it (it reports the last answer,
    // when that was healthy) so that a Neon compute can scale to zero. ProbeWhenIdle makes every probe query.
    [Range(1, 3600)]
    public int IdleAfterSeconds { get; set; } = 60;

    public bool ProbeWhenIdle { get; set; }
}
