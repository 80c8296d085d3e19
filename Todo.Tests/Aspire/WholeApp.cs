using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Aspire;

// The whole app as Todo.AppHost composes it, started with Aspire.Hosting.Testing: the orchestrator, the
// database and the API as real processes. Every wait has a timeout, and disposing stops them all.
public abstract class WholeApp : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The app has not started.");

    public string? DatabaseConnectionString { get; private set; }

    public async Task InitializeAsync()
    {
        List<string> args = [$"Parameters:better-auth-secret={TestTokens.Secret}", "Postgres:DataVolume=false", .. await ArgumentsAsync()];

        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Todo_AppHost>([.. args], timeout.Token);
        app = await builder.BuildAsync(timeout.Token).WaitAsync(timeout.Token);
        await app.StartAsync(timeout.Token).WaitAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", timeout.Token).WaitAsync(timeout.Token);
        DatabaseConnectionString = await app.GetConnectionStringAsync("tododb", timeout.Token).AsTask().WaitAsync(timeout.Token);
    }

    protected abstract Task<string[]> ArgumentsAsync();

    public HttpClient CreateApiClient(string? userId = null)
    {
        var client = App.CreateHttpClient("api");
        client.Timeout = RequestTimeout;
        if (userId is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(userId));
        }
        return client;
    }

    // The API's processes as the orchestrator reports them, once each is healthy: one per replica.
    public async Task<IReadOnlyList<ResourceEvent>> HealthyApiInstancesAsync(int expected)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var healthy = new Dictionary<string, ResourceEvent>();
        await foreach (var update in App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (update.Resource.Name == "api" && update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
            {
                healthy[update.ResourceId] = update;
                if (healthy.Count == expected)
                {
                    break;
                }
            }
        }
        return [.. healthy.Values];
    }

    // The log lines one process has written so far.
    public async Task<List<string>> LogLinesAsync(string resourceId, Func<List<string>, bool> until)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var lines = new List<string>();
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(timeout.Token))
        {
            lines.AddRange(batch.Select(line => line.Content));
            if (until(lines))
            {
                break;
            }
        }
        return lines;
    }

    public virtual async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}

// Neon's mode: ConnectionStrings:tododb names the database (here a fresh one on the tests' PostgreSQL).
public sealed class ConnectionStringApp : WholeApp
{
    protected override async Task<string[]> ArgumentsAsync() => [$"ConnectionStrings:tododb={await PostgresServer.CreateDatabaseAsync()}"];
}

// The AppHost's own default on a machine without a container runtime: PostgreSQL from the local server
// binaries, its cluster in a folder of this run's and on a port of its own.
public sealed class LocalBinariesApp : WholeApp
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "todo-apphost-pg-" + Guid.NewGuid().ToString("N")[..8]);

    protected override Task<string[]> ArgumentsAsync() =>
        Task.FromResult<string[]>([$"Postgres:DataDirectory={DataDirectory}", $"Postgres:Port={PostgresServer.FreePort()}"]);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

// Two API processes behind the one endpoint, on a fresh database.
public sealed class TwoReplicasApp : WholeApp
{
    protected override async Task<string[]> ArgumentsAsync() =>
        ["Api:Replicas=2", $"ConnectionStrings:tododb={await PostgresServer.CreateDatabaseAsync()}"];
}
