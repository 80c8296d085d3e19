using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Operations;

public sealed class TokenLoggingTests(TokenLoggingTests.LoggedApi api) : IClassFixture<TokenLoggingTests.LoggedApi>
{
    [Fact]
    public async Task RejectedTokensNeverReachTheLogs()
    {
        var userId = TodoApiFactory.NewUserId();
        string[] tokens =
        [
            TestTokens.For(userId, expires: DateTime.UtcNow.AddMinutes(-10)),
            TestTokens.For(userId, secret: "another-secret-that-is-long-enough-0123456789"),
            TestTokens.AlgNone(userId),
            "garbage.token-value-1234567890.xyz",
        ];

        foreach (var token in tokens)
        {
            var client = api.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/tasks")).StatusCode);
        }

        Assert.Contains("Bearer was not authenticated", api.Logs.Text, StringComparison.Ordinal);
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(token, api.Logs.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('.')[1], api.Logs.Text, StringComparison.Ordinal);
        }
    }

    public sealed class LoggedApi() : TodoApiFactory(new() { Logs = LogLevel.Trace });
}
