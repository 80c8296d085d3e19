using Npgsql;

namespace Todo.Api.Data;

internal static class DatabaseConnection
{
    public const int CancellationTimeoutMilliseconds = 1000;

    // ConnectionStrings:tododb wins; else Neon's DATABASE_URL. The connect and command timeouts of Database:
    // apply unless the connection string sets its own: Npgsql's 15 s and 30 s would hold a request that long.
    // A setting that cannot be read is returned as a problem for start-up validation to report.
    public static (string ConnectionString, string? Problem) Resolve(string? connectionString, string? databaseUrl, DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(connectionString) && !string.IsNullOrEmpty(databaseUrl))
        {
            if (!DatabaseUrl.TryConvert(databaseUrl, out connectionString, out var error))
            {
                return ("", error);
            }
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return ("", null);
        }

        NpgsqlConnectionStringBuilder npgsql;
        try
        {
            npgsql = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            return ("", $"ConnectionStrings:{DataExtensions.ConnectionName} is not a valid Npgsql connection string: {ex.Message}");
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
        // A hung server never answers the GSS request Npgsql sends first, and Npgsql then tries again without it:
        // two connect timeouts for each connection and cancel request. GSS needs Kerberos, which Neon does not offer;
        // a connection string that names Gss Encryption Mode keeps it.
        if (!set.Contains("Gss Encryption Mode"))
        {
            npgsql.GssEncryptionMode = GssEncryptionMode.Disable;
        }
        // After a delivered cancel request, wait 1 s (not 2) for the server's answer before breaking the connection.
        if (!set.Contains("Cancellation Timeout"))
        {
            npgsql.CancellationTimeout = CancellationTimeoutMilliseconds;
        }

        // Npgsql prunes idle connections down to this; DatabaseWarmup opens them.
        if (!set.Contains("Minimum Pool Size"))
        {
            npgsql.MinPoolSize = Math.Min(options.WarmConnections, npgsql.MaxPoolSize);
        }

        // EF Core opens and closes the connection around every command, and Npgsql would then put DISCARD ALL in
        // front of the next one: no extra round trip, but server work on every statement, and a cancellation that
        // comes while Npgsql waits for the reset's answer is put off until it arrives, which a hung server never
        // sends, so a request's deadline could not stop the command. EF Core leaves no session state to reset.
        if (!set.Contains("No Reset On Close"))
        {
            npgsql.NoResetOnClose = true;
        }

        return (npgsql.ConnectionString, null);
    }
}
