using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Aspire;

// The whole app as the AppHost composes it. With TODO_TEST_POSTGRES set, the AppHost gets a fresh
// database on that server as ConnectionStrings:tododb (its Neon mode, no Docker); otherwise it starts its
// PostgreSQL container, without a data volume so that nothing outlives the run.
public sealed class WholeApp : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private DistributedApplication? app;

    public bool ExternalDatabase { get; } = Environment.GetEnvironmentVariable("TODO_TEST_POSTGRES") is { Length: > 0 };

    public DistributedApplication App => app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        List<string> args = [$"Parameters:better-auth-secret={TestTokens.Secret}", "Postgres:DataVolume=false"];
        if (ExternalDatabase)
        {
            args.Add($"ConnectionStrings:tododb={await PostgresServer.CreateDatabaseAsync()}");
        }

        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Todo_AppHost>([.. args], timeout.Token);
        app = await builder.BuildAsync(timeout.Token).WaitAsync(timeout.Token);
        await app.StartAsync(timeout.Token).WaitAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", timeout.Token).WaitAsync(timeout.Token);
    }

    public HttpClient CreateApiClient()
    {
        var client = App.CreateHttpClient("api");
        client.Timeout = RequestTimeout;
        return client;
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
