using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Todo.AppHost;

// PostgreSQL run from the machine's server binaries as an executable resource: for machines with no container
// runtime. Its data lives in .data/postgres-apphost (Postgres:DataDirectory) and it listens on
// localhost:5434 (Postgres:Port), apart from scripts/run-local.sh's cluster.
internal sealed class LocalPostgresResource(string name, string command, string dataDirectory)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => new(this, "tcp");

    public string DataDirectory => WorkingDirectory;

    // Trust authentication on loopback only: a development database that never leaves this machine.
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host=localhost;Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres");
}

internal sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent => parent;

    public string DatabaseName => databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{parent};Database={databaseName}");
}

internal static partial class LocalPostgres
{
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, string binDirectory)
    {
        var dataDirectory = Path.GetFullPath(builder.Configuration["Postgres:DataDirectory"]
            ?? Path.Combine(builder.AppHostDirectory, "..", ".data", "postgres-apphost"));
        var port = builder.Configuration.GetValue("Postgres:Port", 5434);
        var postgres = Path.Combine(binDirectory, "postgres");

        // PostgreSQL refuses to run as root. setpriv execs it as the postgres user without a process in
        // between, so stopping the resource stops the server itself.
        var asRoot = Environment.IsPrivilegedProcess;
        var resource = new LocalPostgresResource(name, asRoot ? "setpriv" : postgres, dataDirectory);

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
            await CanConnectAsync(await resource.ConnectionStringExpression.GetValueAsync(cancellationToken), cancellationToken));

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, (started, cancellationToken) =>
            InitializeClusterAsync(resource, binDirectory, asRoot, started.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource), cancellationToken));

        var args = new List<object>();
        if (asRoot)
        {
            args.AddRange(["--reuid=postgres", "--regid=postgres", "--init-groups", "--", postgres]);
        }
        args.AddRange(["-D", dataDirectory, "-p", resource.Endpoint.Property(EndpointProperty.TargetPort),
            "-c", "listen_addresses=localhost", "-c", "unix_socket_directories=", "-c", "max_connections=200"]);

        return builder.AddResource(resource)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithArgs([.. args])
            .WithHealthCheck(healthCheck);
    }

    // The orchestrator runs nothing for a database of an executable server, so the database resource turns
    // Running once the server is healthy and the database is created.
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresResource> server, string name)
    {
        var builder = server.ApplicationBuilder;
        var database = new LocalPostgresDatabaseResource(name, name, server.Resource);

        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (ready, cancellationToken) =>
        {
            await EnsureDatabaseAsync(await server.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken), name, cancellationToken);
            await ready.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database,
                state => state with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
        });

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
            await CanConnectAsync(await database.ConnectionStringExpression.GetValueAsync(cancellationToken), cancellationToken));

        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresDatabase", Properties = [], State = KnownResourceStates.Waiting })
            .WithHealthCheck(healthCheck);
    }

    private static async Task InitializeClusterAsync(LocalPostgresResource resource, string binDirectory, bool asRoot, ILogger logger, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(resource.DataDirectory, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(resource.DataDirectory);
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", resource.DataDirectory], cancellationToken);
        }
        string[] initdb = [Path.Combine(binDirectory, "initdb"), "-D", resource.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8"];
        await (asRoot ? RunAsync("runuser", ["-u", "postgres", "--", .. initdb], cancellationToken) : RunAsync(initdb[0], initdb[1..], cancellationToken));
        LogClusterCreated(logger, resource.DataDirectory);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created a PostgreSQL cluster in {DataDirectory}.")]
    private static partial void LogClusterCreated(ILogger logger, string dataDirectory);

    private static async Task<HealthCheckResult> CanConnectAsync(string? connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }

    private static async Task EnsureDatabaseAsync(string? adminConnectionString, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
