using Todo.Tests.Infrastructure;

namespace Todo.Tests.Operations;

// A service that cannot work refuses to start: one line per problem saying what to set, no stack trace,
// exit code 1.
public sealed class StartupConfigurationTests
{
    private const string Database = "Host=127.0.0.1;Port=1;Database=todo;Username=postgres";

    [Theory]
    [InlineData("")]
    [InlineData("only-31-bytes-long-secret-12345")]
    public async Task AMissingOrShortSecretStopsStartUpWithAMessage(string secret)
    {
        var exit = await ApiProcess.RunAsync(new() { ["ConnectionStrings__tododb"] = Database, ["BETTER_AUTH_SECRET"] = secret });

        AssertStoppedWith(exit, "BETTER_AUTH_SECRET");
    }

    [Fact]
    public async Task AMissingDatabaseStopsStartUpWithAMessage()
    {
        var exit = await ApiProcess.RunAsync(new() { ["BETTER_AUTH_SECRET"] = TestTokens.Secret });

        var line = AssertStoppedWith(exit, "ConnectionStrings:tododb");
        Assert.Contains("DATABASE_URL", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryProblemGetsItsOwnLine()
    {
        var exit = await ApiProcess.RunAsync(new() { ["DATABASE_URL"] = "mysql://somewhere/todo", ["BETTER_AUTH_SECRET"] = "short" });

        var lines = exit.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(1, exit.Code);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, line => line.Contains("DATABASE_URL", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("BETTER_AUTH_SECRET", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("localhost:3000/api/auth/jwks")]
    [InlineData("ftp://localhost/jwks")]
    [InlineData("/api/auth/jwks")]
    public async Task AJwksUrlThatIsNotAnAbsoluteHttpUrlStopsStartUp(string url)
    {
        var exit = await ApiProcess.RunAsync(new() { ["ConnectionStrings__tododb"] = Database, ["Auth__JwksUrl"] = url });

        AssertStoppedWith(exit, "Auth:JwksUrl");
    }

    [Fact]
    public async Task ANeonStyleDatabaseUrlIsEnoughToRun()
    {
        var shared = new Npgsql.NpgsqlConnectionStringBuilder(await TodoApiFactory.SharedConnectionStringAsync());
        await using var api = new TodoApiFactory(new()
        {
            Settings =
            {
                ["ConnectionStrings:tododb"] = "",
                ["DATABASE_URL"] = $"postgresql://{shared.Username}@{shared.Host}:{shared.Port}/{shared.Database}?sslmode=disable",
            },
        });
        await api.InitializeAsync();

        var task = await api.CreateClientForNewUser().CreateTaskAsync("Through DATABASE_URL");

        Assert.Equal("Through DATABASE_URL", task.Title);
    }

    private static string AssertStoppedWith(ApiProcess.Outcome exit, string setting)
    {
        Assert.Equal(1, exit.Code);
        var line = Assert.Single(exit.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exit.Output + exit.Error, StringComparison.Ordinal);
        return line;
    }
}
