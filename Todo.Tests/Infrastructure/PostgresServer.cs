using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Todo.Tests.Infrastructure;

// The one PostgreSQL server of a test run, found in this order: a connection string in TODO_TEST_POSTGRES;
// a Testcontainers container when a Docker engine answers; a throwaway cluster from the local PostgreSQL
// binaries (initdb/pg_ctl), removed when the run ends.
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    public static Task<string> AdminConnectionStringAsync() => Server.Value;

    // A fresh, empty database on the shared server.
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = await AdminConnectionStringAsync();
        var name = "todo_test_" + Guid.NewGuid().ToString("N")[..12];

        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("TODO_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            return configured;
        }

        return await TryStartContainerAsync() ?? await LocalCluster.StartAsync();
    }

    private static async Task<string?> TryStartContainerAsync()
    {
        PostgreSqlContainer container;
        try
        {
            container = new PostgreSqlBuilder("postgres:17-alpine").Build();
        }
        catch (DotNet.Testcontainers.Builders.DockerUnavailableException)
        {
            return null;
        }

        await container.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return container.GetConnectionString();
    }

    private static class LocalCluster
    {
        public static async Task<string> StartAsync()
        {
            var bin = FindBinDirectory();
            RemoveStaleClusters();
            var root = Directory.CreateTempSubdirectory(Prefix).FullName;
            var data = Path.Combine(root, "data");
            var port = FreePort();

            // PostgreSQL refuses to run as root; CI runs as root, so the cluster belongs to "postgres".
            var asRoot = Environment.UserName == "root";
            if (asRoot)
            {
                await RunAsync("chown", ["postgres:postgres", root]);
            }

            await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], asRoot);
            await RunAsync(Path.Combine(bin, "pg_ctl"),
            [
                "-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
                "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                "start",
            ], asRoot);

            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asRoot).GetAwaiter().GetResult();

            return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        }

        private const string Prefix = "todo-tests-pg-";

        // The test host may be ended before it can delete its cluster, so each run removes the stopped
        // clusters that earlier runs left behind (a running one has a postmaster.pid). Young folders are
        // left alone: a test run started at the same moment may still be inside initdb.
        private static void RemoveStaleClusters()
        {
            var cutoff = DateTime.UtcNow.AddMinutes(-10);
            foreach (var stale in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*")
                .Where(dir => Directory.GetCreationTimeUtc(dir) < cutoff
                    && !File.Exists(Path.Combine(dir, "data", "postmaster.pid"))))
            {
                try
                {
                    Directory.Delete(stale, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        // The AppHost's own search, so the tests and `dotnet run --project Todo.AppHost` find the same server.
        private static string FindBinDirectory() =>
            Todo.AppHost.PostgresBinaries.FindBinDirectory() ?? throw new InvalidOperationException(
                "No PostgreSQL server for the tests: set TODO_TEST_POSTGRES to a connection string, start Docker, " +
                "or install the PostgreSQL server binaries (Debian: apt-get install postgresql).");


        private static async Task RunAsync(string file, string[] arguments, bool asPostgres = false)
        {
            var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true };
            if (asPostgres)
            {
                foreach (var prefix in new[] { "-u", "postgres", "--", file })
                {
                    start.ArgumentList.Add(prefix);
                }
            }
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
            }
        }
    }
}
