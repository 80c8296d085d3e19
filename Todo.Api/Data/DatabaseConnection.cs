using Npgsql;

namespace Todo.Api.Data;

internal static class DatabaseConnection
{
    // ConnectionStrings:tododb wins; else Neon's DATABASE_URL. The connect and command timeouts of Database:
    // apply unless the connection string sets its own: Npgsql's 15 s and 30 s would hold a request that long.
    public static string Resolve(string? connectionString, string? databaseUrl, DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(connectionString) && !string.IsNullOrEmpty(databaseUrl))
        {
            if (!DatabaseUrl.TryConvert(databaseUrl, out connectionString, out var error))
            {
                throw new InvalidOperationException(error);
            }
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "";
        }

        NpgsqlConnectionStringBuilder npgsql;
        try
        {
            npgsql = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:{DataExtensions.ConnectionName} is not a valid Npgsql connection string: {ex.Message}");
        }

        // Keys lists only the keywords the string sets (ContainsKey is true for every keyword Npgsql knows).
        var set = npgsql.Keys.Cast<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!set.Contains("Timeout"))
        {
            npgsql.Timeout = options.ConnectTimeoutSeconds;
        }
        if (!set.Contains("Command Timeout"))
        {
            npgsql.CommandTimeout = options.CommandTimeoutSeconds;
        }

        // EF Core opens and closes the connection around every command, and Npgsql would then send DISCARD ALL
        // before the next one: a round trip per statement. EF Core leaves no session state to reset.
        if (!set.Contains("No Reset On Close"))
        {
            npgsql.NoResetOnClose = true;
        }

        return npgsql.ConnectionString;
    }
}
