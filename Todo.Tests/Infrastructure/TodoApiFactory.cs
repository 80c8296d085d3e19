using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Todo.Tests.Infrastructure;

// The API over HTTP (in-memory test server) on a real PostgreSQL database. Tests share it and stay apart by
// using fresh random users, so nothing is reset between them.
public class TodoApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private static readonly Lazy<Task<string>> SharedDatabase = new(PostgresServer.CreateDatabaseAsync);

    private readonly Dictionary<string, string?> settings;

    public TodoApiFactory() : this([])
    {
    }

    protected TodoApiFactory(Dictionary<string, string?> settings) => this.settings = settings;

    public string ConnectionString { get; private set; } = "";

    // The database every default factory uses, migrated by whichever factory starts first.
    public static Task<string> SharedConnectionStringAsync() => SharedDatabase.Value;

    public async Task InitializeAsync() => ConnectionString = await ConnectionStringAsync();

    protected virtual Task<string> ConnectionStringAsync() => SharedDatabase.Value;

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
        builder.UseSetting("ConnectionStrings:tododb", ConnectionString);
        builder.UseSetting("Auth:Secret", TestTokens.Secret);
        // A loaded machine must not turn a slow test into a 503; the outage tests set the production bounds.
        builder.UseSetting("Database:RequestTimeoutSeconds", "30");
        builder.UseSetting("Database:CommandTimeoutSeconds", "15");
        builder.UseSetting("Database:ConnectTimeoutSeconds", "10");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

// A factory of its own, for tests that change configuration.
public class ConfiguredApiFactory(Dictionary<string, string?> settings) : TodoApiFactory(settings);
