using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;
using Npgsql;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Aspire;

// What every database mode of the AppHost must give the API.
public abstract class WholeAppTests<TApp>(TApp wholeApp) : IClassFixture<TApp> where TApp : WholeApp
{
    protected TApp WholeApp { get; } = wholeApp;

    [Fact]
    public async Task TheApiIsHealthyWithItsDatabase()
    {
        var response = await WholeApp.CreateApiClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ATaskRoundTripsThroughTheDatabase()
    {
        var userId = TodoApiFactory.NewUserId();
        var client = WholeApp.CreateApiClient(userId);

        var created = await client.PostAsJsonAsync("/api/tasks", new { title = "Through the AppHost", description = "and back" });
        var id = (await created.ReadTaskAsync()).Id;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await using var database = new NpgsqlConnection(WholeApp.DatabaseConnectionString);
        await database.OpenAsync();
        await using var row = new NpgsqlCommand("SELECT user_id, title, description FROM tasks WHERE id = $1", database) { Parameters = { new() { Value = id } } };
        await using var reader = await row.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((userId, "Through the AppHost", "and back"), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
    }

    // An agent's way in: the SDK's client against /mcp on the api's endpoint, with a token of the AppHost's secret.
    [Fact]
    public async Task AnAgentCallsATaskToolThroughTheAppHost()
    {
        var userId = TodoApiFactory.NewUserId();
        var http = WholeApp.CreateApiClient(userId);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }, http, ownsHttpClient: true);
        await using var client = await McpClient.CreateAsync(transport);

        var result = await client.CallToolAsync("add_task", new Dictionary<string, object?> { ["title"] = "Through the AppHost's MCP" });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("created", result.StructuredContent!.Value.GetProperty("status").GetString());
        Assert.Equal("Through the AppHost's MCP", Assert.Single(await WholeApp.CreateApiClient(userId).GetTasksAsync()).Title);
    }

    [Fact]
    public async Task TheDashboardListsTheMcpUrlOfTheApi()
    {
        var api = Assert.Single(await WholeApp.HealthyApiInstancesAsync(expected: 1));

        Assert.Contains(api.Snapshot.Urls, url => url.Url.EndsWith("/mcp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAppHostHandsTheApiItsDatabaseSecretOriginsAndTelemetryEndpoint()
    {
        var api = Assert.Single(await WholeApp.HealthyApiInstancesAsync(expected: 1));

        var environment = api.Snapshot.EnvironmentVariables.ToDictionary(variable => variable.Name, variable => variable.Value);

        Assert.Equal(WholeApp.DatabaseConnectionString, environment["ConnectionStrings__tododb"]);
        Assert.Equal(TestTokens.Secret, environment["Auth__Secret"]);
        Assert.Equal("http://localhost:3000", environment["Cors__AllowedOrigins"]);
        Assert.StartsWith("http", environment["OTEL_EXPORTER_OTLP_ENDPOINT"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAppHostHandsTheApiTheSecretSoOtherTokensAreRefused()
    {
        var client = WholeApp.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer",
            TestTokens.For(TodoApiFactory.NewUserId(), secret: "not-the-apphost-secret-but-32-bytes-long"));

        var response = await client.GetAsync("/api/tasks");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }
}

public sealed class ConnectionStringModeTests(ConnectionStringApp wholeApp) : WholeAppTests<ConnectionStringApp>(wholeApp);

public sealed class LocalBinariesModeTests(LocalBinariesApp wholeApp) : WholeAppTests<LocalBinariesApp>(wholeApp)
{
    [Fact]
    public void TheClusterLivesInTheConfiguredDataDirectory()
    {
        var version = File.ReadAllText(Path.Combine(WholeApp.DataDirectory, "PG_VERSION")).Trim();

        Assert.Matches(@"^\d+$", version);
    }
}

public sealed partial class ReplicaTests(TwoReplicasApp wholeApp) : IClassFixture<TwoReplicasApp>
{
    [Fact]
    public async Task TwoApiProcessesAnswerBehindOneEndpointAndMigrateOnce()
    {
        var replicas = await wholeApp.HealthyApiInstancesAsync(expected: 2);

        var logs = await Task.WhenAll(replicas.Select(replica => wholeApp.LogLinesAsync(replica.ResourceId,
            lines => lines.Any(line => line.Contains("Now listening on", StringComparison.Ordinal))
                && lines.Any(line => line.Contains("Database schema is up to date", StringComparison.Ordinal)))));
        var ports = logs.Select(lines => int.Parse(ListeningPort().Match(string.Join('\n', lines)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        var answers = await Task.WhenAll(ports.Select(port => new HttpClient { Timeout = Todo.Tests.Aspire.WholeApp.RequestTimeout }.GetAsync($"http://localhost:{port}/health")));
        var applied = logs.Sum(lines => lines.Count(line => line.Contains("Applying migration", StringComparison.Ordinal)));
        await using var database = new NpgsqlConnection(wholeApp.DatabaseConnectionString);
        await database.OpenAsync();
        await using var history = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", database);
        var migrations = (long)(await history.ExecuteScalarAsync())!;

        Assert.Equal(2, ports.Distinct().Count());
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.True(migrations > 0);
        Assert.Equal(migrations, applied);
    }

    [GeneratedRegex(@"Now listening on: http://[^:]+:(\d+)")]
    private static partial Regex ListeningPort();
}
