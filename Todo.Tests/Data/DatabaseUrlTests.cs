using Npgsql;
using Todo.Api.Data;

namespace Todo.Tests.Data;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void NeonUriBecomesAnNpgsqlConnectionString()
    {
        var url = "postgresql://alex:AbC%40123%2Fx@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require";

        var converted = DatabaseUrl.TryConvert(url, out var connectionString, out _);

        Assert.True(converted);
        var npgsql = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal("ep-cool-darkness-123456.us-east-2.aws.neon.tech", npgsql.Host);
        Assert.Equal(5432, npgsql.Port);
        Assert.Equal("neondb", npgsql.Database);
        Assert.Equal("alex", npgsql.Username);
        Assert.Equal("AbC@123/x", npgsql.Password);
        Assert.Equal(SslMode.Require, npgsql.SslMode);
        Assert.Equal(ChannelBinding.Require, npgsql.ChannelBinding);
    }

    [Theory]
    [InlineData("postgres://u:p@localhost:6543/todo?sslmode=verify-full", 6543, SslMode.VerifyFull)]
    [InlineData("postgres://u:p@localhost/todo?sslmode=disable", 5432, SslMode.Disable)]
    [InlineData("postgres://u:p@localhost/todo", 5432, SslMode.Prefer)]
    public void PortAndSslModeAreHonoured(string url, int port, SslMode sslMode)
    {
        var converted = DatabaseUrl.TryConvert(url, out var connectionString, out _);

        Assert.True(converted);
        var npgsql = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal(port, npgsql.Port);
        Assert.Equal(sslMode, npgsql.SslMode);
    }

    // Neon's URIs ask for TLS at once, without the SSLRequest round trip of every new connection.
    [Fact]
    public void SslNegotiationDirectIsKept()
    {
        var url = "postgresql://alex:secret@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require&sslnegotiation=direct";

        var converted = DatabaseUrl.TryConvert(url, out var connectionString, out _);

        Assert.True(converted);
        Assert.Equal(SslNegotiation.Direct, new NpgsqlConnectionStringBuilder(connectionString).SslNegotiation);
    }

    [Theory]
    [InlineData("mysql://u:p@localhost/todo")]
    [InlineData("Host=localhost;Database=todo")]
    [InlineData("postgres://u:p@localhost/todo?sslmode=sometimes")]
    [InlineData("postgres://u:p@localhost/todo?sslnegotiation=indirect")]
    public void AnythingElseIsRefusedWithAMessage(string url)
    {
        var converted = DatabaseUrl.TryConvert(url, out _, out var error);

        Assert.False(converted);
        Assert.Contains("DATABASE_URL", error, StringComparison.Ordinal);
        Assert.DoesNotContain(":p@", error, StringComparison.Ordinal);
    }
}
