using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Auth;

// With Auth:Issuer and Auth:Audience set, a token must carry both, as Better Auth sets them.
public sealed class IssuerAudienceTests(IssuerAudienceTests.CheckedApi api) : IClassFixture<IssuerAudienceTests.CheckedApi>
{
    private const string Frontend = "http://localhost:3000";

    [Fact]
    public async Task ATokenWithTheConfiguredIssuerAndAudienceIsAccepted()
    {
        var response = await GetTasks(TestTokens.For(TodoApiFactory.NewUserId(), issuer: Frontend, audience: Frontend));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example", Frontend)]
    [InlineData(Frontend, "https://evil.example")]
    [InlineData(null, Frontend)]
    [InlineData(Frontend, null)]
    public async Task AnyOtherOrMissingIssuerOrAudienceIsInvalid(string? issuer, string? audience)
    {
        var response = await GetTasks(TestTokens.For(TodoApiFactory.NewUserId(), issuer: issuer, audience: audience));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    private Task<HttpResponseMessage> GetTasks(string token) => api.CreateClientWithToken(token).GetAsync("/api/tasks");

    public sealed class CheckedApi() : TodoApiFactory(new() { Settings = { ["Auth:Issuer"] = Frontend, ["Auth:Audience"] = Frontend } });
}
