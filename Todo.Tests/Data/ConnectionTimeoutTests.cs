using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Todo.Api.Data;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Data;

// The timeouts that bound a request on a sick database are the ones the live connection really has.
public sealed class ConnectionTimeoutTests
{
    [Fact]
    public async Task ConfiguredTimeoutsAreInForceOnTheLiveConnection()
    {
        await using var api = new TodoApiFactory(new() { Settings = { ["Database:ConnectTimeoutSeconds"] = "2", ["Database:CommandTimeoutSeconds"] = "4" } });
        await api.InitializeAsync();

        var (connectTimeout, commandTimeout) = await LiveTimeoutsAsync(api);

        Assert.Equal((2, 4), (connectTimeout, commandTimeout));
    }

    [Fact]
    public async Task TimeoutsSetInTheConnectionStringWin()
    {
        var shared = await TodoApiFactory.SharedConnectionStringAsync();
        await using var api = new TodoApiFactory(new()
        {
            Settings = { ["ConnectionStrings:tododb"] = new NpgsqlConnectionStringBuilder(shared) { Timeout = 7, CommandTimeout = 9 }.ConnectionString },
        });
        await api.InitializeAsync();

        var (connectTimeout, commandTimeout) = await LiveTimeoutsAsync(api);

        Assert.Equal((7, 9), (connectTimeout, commandTimeout));
    }

    private static async Task<(int Connect, int Command)> LiveTimeoutsAsync(TodoApiFactory api)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        // EF's own command timeout, when set, overrides the connection's for every command it sends.
        return (connection.ConnectionTimeout, db.Database.GetCommandTimeout() ?? connection.CommandTimeout);
    }
}
