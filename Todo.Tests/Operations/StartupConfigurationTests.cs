using Todo.Tests.Infrastructure;

namespace Todo.Tests.Operations;

// A service that cannot work refuses to start, and says what to set.
public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("only-31-bytes-long-secret-12345")]
    public async Task AMissingOrShortSecretStopsStartUpWithAMessage(string secret)
    {
        await using var api = new ConfiguredApiFactory(new() { ["Auth:Secret"] = secret });
        await api.InitializeAsync();

        var failure = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains("BETTER_AUTH_SECRET", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingDatabaseStopsStartUpWithAMessage()
    {
        await using var api = new ConfiguredApiFactory(new() { ["ConnectionStrings:tododb"] = "" });
        await api.InitializeAsync();

        var failure = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains("ConnectionStrings:tododb", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("DATABASE_URL", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANeonStyleDatabaseUrlIsEnoughToRun()
    {
        var shared = new Npgsql.NpgsqlConnectionStringBuilder(await TodoApiFactory.SharedConnectionStringAsync());
        await using var api = new ConfiguredApiFactory(new()
        {
            ["ConnectionStrings:tododb"] = "",
            ["DATABASE_URL"] = $"postgresql://{shared.Username}@{shared.Host}:{shared.Port}/{shared.Database}?sslmode=disable",
        });
        await api.InitializeAsync();

        var task = await api.CreateClientForNewUser().CreateTaskAsync("Through DATABASE_URL");

        Assert.Equal("Through DATABASE_URL", task["title"].Text());
    }
}
