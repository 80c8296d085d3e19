using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Todo.Api.Data;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public async Task ReplicasStartingTogetherMigrateOnce()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        var replicas = Enumerable.Range(0, 4)
            .Select(_ => new TodoApiFactory(new() { Settings = { ["ConnectionStrings:tododb"] = connectionString } }))
            .ToList();

        var clients = await Task.WhenAll(replicas.Select(replica => Task.Run(replica.CreateClientForNewUser)));
        var created = await Task.WhenAll(clients.Select(client => client.PostAsync("/api/tasks", Json("""{"title":"From a replica"}"""))));

        Assert.All(created, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        Assert.Equal(await MigrationCountInCodeAsync(replicas[0]), await ScalarAsync<long>(connectionString, """SELECT count(*) FROM "__EFMigrationsHistory" """));
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task AFirstStartOnADatabaseThatDoesNotExistYetLogsNoError()
    {
        var missing = new NpgsqlConnectionStringBuilder(await PostgresServer.AdminConnectionStringAsync())
        {
            Database = "todo_new_" + Guid.NewGuid().ToString("N")[..12],
        };
        await using var api = new TodoApiFactory(new()
        {
            Settings = { ["ConnectionStrings:tododb"] = missing.ConnectionString },
            Logs = LogLevel.Information,
        });
        await api.InitializeAsync();

        var response = await api.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Database schema is up to date", api.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?m)^(Error|Critical) ", api.Logs.Text);
        Assert.DoesNotMatch("(?m)^Warning ", api.Logs.Text);
    }

    // Neon's pooled host does not keep the migrator's session advisory lock: with Database:MigrationConnectionString the
    // migrations run on the direct host, and the API's own connection only asks whether any are pending.
    [Fact]
    public async Task MigrationsRunOnTheMigrationConnectionStringWhenOneIsSet()
    {
        var direct = await PostgresServer.CreateDatabaseAsync();
        await using var firstConnection = new TcpForwarder(direct);
        await using var pooled = new TcpForwarder(direct);
        firstConnection.Start();
        pooled.Start();
        await using (var connection = new NpgsqlConnection(firstConnection.ConnectionString))
        {
            await connection.OpenAsync();
        }
        await using var api = new TodoApiFactory(new()
        {
            Settings =
            {
                ["ConnectionStrings:tododb"] = pooled.ConnectionString,
                ["Database:MigrationConnectionString"] = direct,
                ["Database:WarmConnections"] = "0",
            },
        });

        api.CreateClient().Dispose();

        Assert.Equal(await MigrationCountInCodeAsync(api), await ScalarAsync<long>(direct, """SELECT count(*) FROM "__EFMigrationsHistory" """));
        Assert.Equal(firstConnection.RoundTrips + 1, pooled.RoundTrips);
    }

    [Fact]
    public async Task MigrationOnStartupCanBeTurnedOff()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await using var api = new TodoApiFactory(new()
        {
            Settings = { ["ConnectionStrings:tododb"] = connectionString, ["Database:MigrateOnStartup"] = "false" },
        });

        api.CreateClient().Dispose();

        Assert.Null(await ScalarAsync<string>(connectionString, "SELECT to_regclass('public.tasks')::text"));
    }

    [Fact]
    public async Task SchemaIsTheContractsTable()
    {
        var connectionString = await TodoApiFactory.SharedConnectionStringAsync();
        await using (var api = new TodoApiFactory())
        {
            await api.InitializeAsync();
            api.CreateClient().Dispose();
        }

        var columns = await ScalarAsync<string>(connectionString, """
            SELECT string_agg(column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' ' || is_nullable, ', ' ORDER BY ordinal_position)
            FROM information_schema.columns WHERE table_name = 'tasks'
            """);
        var identity = await ScalarAsync<string>(connectionString, "SELECT is_identity FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'id'");
        var index = await ScalarAsync<string>(connectionString, "SELECT indexdef FROM pg_indexes WHERE tablename = 'tasks' AND indexdef LIKE '%user_id%'");

        Assert.Equal("id integer NO, user_id text NO, title character varying(200) NO, description character varying(1000) YES, " +
            "completed boolean NO, created_at timestamp with time zone NO, updated_at timestamp with time zone NO", columns);
        Assert.Equal("YES", identity);
        Assert.Contains("(user_id, created_at, id)", index, StringComparison.Ordinal);
    }

    private static async Task<long> MigrationCountInCodeAsync(TodoApiFactory api)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoDbContext>();
        return db.Database.GetMigrations().Count();
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)value;
    }
}
