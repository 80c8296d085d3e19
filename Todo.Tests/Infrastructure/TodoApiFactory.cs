using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Todo.Api.Data;

namespace Todo.Tests.Infrastructure;

// The API over HTTP (in-memory test server) on a real PostgreSQL database. Tests share it and stay apart by
// using fresh random users, so nothing is reset between them. A test that needs the API set up otherwise makes
// its own with an ApiSetup; a class fixture, which xunit builds without arguments, is a one-line subclass.
public class TodoApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private static readonly Lazy<Task<string>> SharedDatabase = new(PostgresServer.CreateDatabaseAsync);

    // A loaded machine must not turn a slow test into a 503; the outage tests set their own bounds (ApiSetup.Timeouts).
    private static readonly DatabaseOptions LoadedMachine = new() { RequestTimeoutSeconds = 30, CommandTimeoutSeconds = 15, ConnectTimeoutSeconds = 10 };

    private readonly ApiSetup setup;
    private TcpForwarder? forwarder;

    public TodoApiFactory() : this(new ApiSetup())
    {
    }

    // Internal: xunit builds a class fixture only from a type with a single public constructor.
    internal TodoApiFactory(ApiSetup setup) => this.setup = setup;

    // The API's database, reached directly (not through the forwarder).
    public string ConnectionString { get; private set; } = "";

    // The forwarder between the API and its database, with ApiSetup.Forwarded.
    public TcpForwarder Database =>
        forwarder ?? throw new InvalidOperationException("This API reaches its database directly: set ApiSetup.Forwarded.");

    // What the API logged, with ApiSetup.Logs.
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    // The database every default factory uses, migrated by whichever factory starts first.
    public static Task<string> SharedConnectionStringAsync() => SharedDatabase.Value;

    public async Task InitializeAsync()
    {
        ConnectionString = await setup.Database();
        if (setup.Forwarded)
        {
            forwarder = new TcpForwarder(ConnectionString);
            if (!setup.DatabaseDownAtStart)
            {
                forwarder.Start();
            }
        }
    }

    // The forwarder first: a paused one would hold up the API's shutdown.
    public override async ValueTask DisposeAsync()
    {
        if (forwarder is not null)
        {
            await forwarder.DisposeAsync();
        }
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public static string NewUserId() => "user_" + Guid.NewGuid().ToString("N");

    public HttpClient CreateClientFor(string userId) => CreateClientWithToken(TestTokens.For(userId));

    public HttpClient CreateClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    // A client for a user of its own, for tests that only need "somebody".
    public HttpClient CreateClientForNewUser() => CreateClientFor(NewUserId());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (setup.Environment is { } environment)
        {
            builder.UseEnvironment(environment);
        }
        builder.UseSetting("ConnectionStrings:tododb", forwarder?.ConnectionString ?? ConnectionString);
        builder.UseSetting("Auth:Secret", TestTokens.Secret);
        var timeouts = setup.Timeouts ?? LoadedMachine;
        builder.UseSetting("Database:RequestTimeoutSeconds", Invariant(timeouts.RequestTimeoutSeconds));
        builder.UseSetting("Database:CommandTimeoutSeconds", Invariant(timeouts.CommandTimeoutSeconds));
        builder.UseSetting("Database:ConnectTimeoutSeconds", Invariant(timeouts.ConnectTimeoutSeconds));
        foreach (var (key, value) in setup.Settings)
        {
            builder.UseSetting(key, value);
        }

        if (setup.Services is { } services)
        {
            builder.ConfigureTestServices(services);
        }
        if (setup.Logs is { } level)
        {
            builder.ConfigureLogging(logging => logging.AddFakeLogging().AddFilter<FakeLoggerProvider>(null, level));
        }
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

// How a TodoApiFactory runs the API; the defaults are what most tests want.
internal sealed class ApiSetup
{
    // Configuration on top of the tests' own (the database, Auth:Secret, timeouts a loaded machine meets).
    public Dictionary<string, string?> Settings { get; init; } = [];

    // Where the API's database comes from: the shared one, or PostgresServer.CreateDatabaseAsync for one of its own.
    public Func<Task<string>> Database { get; init; } = TodoApiFactory.SharedConnectionStringAsync;

    // The API reaches its database through a TcpForwarder (the factory's Database), which gives it an Npgsql pool of
    // its own and lets a test break the database or count round trips.
    public bool Forwarded { get; init; }

    // With Forwarded: nothing listens on the forwarder until the test calls Database.Start().
    public bool DatabaseDownAtStart { get; init; }

    // The request, command and connect timeouts, for tests of the bounds they set.
    public DatabaseOptions? Timeouts { get; init; }

    // Services registered after the API's own, so they win.
    public Action<IServiceCollection>? Services { get; init; }

    // Collects what the API logs from this level up, whatever the configuration filters (the factory's Logs).
    public LogLevel? Logs { get; init; }

    public string? Environment { get; init; }
}
