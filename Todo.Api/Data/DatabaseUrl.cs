using Npgsql;

namespace Todo.Api.Data;

// Turns the postgres:// URI that Neon (and Heroku-style hosts) hand out into an Npgsql connection string.
internal static class DatabaseUrl
{
    public static bool TryConvert(string url, out string connectionString, out string error)
    {
        connectionString = "";
        error = "";

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            error = "DATABASE_URL must be a URI of the form postgresql://user:password@host:port/database.";
            return false;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : null,
        };

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }
        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var (key, value) in ParseQuery(uri.Query))
        {
            switch (key)
            {
                case "sslmode" when TryParseEnum<SslMode>(value, out var sslMode):
                    builder.SslMode = sslMode;
                    break;
                case "channel_binding" when TryParseEnum<ChannelBinding>(value, out var binding):
                    builder.ChannelBinding = binding;
                    break;
                // Neon's URIs carry sslnegotiation=direct: TLS at once, without the SSLRequest round trip (PostgreSQL 17).
                case "sslnegotiation" when TryParseEnum<SslNegotiation>(value, out var negotiation):
                    builder.SslNegotiation = negotiation;
                    break;
                case "sslmode" or "channel_binding" or "sslnegotiation":
                    error = $"DATABASE_URL has an unknown {key} value '{value}'.";
                    return false;
                case "options":
                    builder.Options = value;
                    break;
            }
        }

        connectionString = builder.ConnectionString;
        return true;
    }

    private static IEnumerable<(string Key, string Value)> ParseQuery(string query) =>
        query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Uri.UnescapeDataString(parts[0]).ToLowerInvariant(),
                parts.Length == 2 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : ""));

    // libpq spells them verify-ca / verify-full; Npgsql's enums are VerifyCA / VerifyFull.
    private static bool TryParseEnum<T>(string value, out T result) where T : struct, Enum =>
        Enum.TryParse(value.Replace("-", ""), ignoreCase: true, out result) && Enum.IsDefined(result);
}
