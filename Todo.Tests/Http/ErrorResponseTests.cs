using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Http;

// Errors the tasks feature never sees still have the contract's JSON shape.
public sealed class ErrorResponseTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/tasks/1/nothing-here")]
    [InlineData("/no-such-page")]
    public async Task AnUnknownRouteIsA404Problem(string path)
    {
        var response = await api.CreateClientForNewUser().GetAsync(path);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Contains("/docs", problem["detail"].Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnsupportedMethodIsA405Problem()
    {
        var response = await api.CreateClientForNewUser().DeleteAsync("/api/tasks");

        var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Contains("DELETE", problem["detail"].Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRootRedirectsToTheDocumentation()
    {
        var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/docs", response.Headers.Location?.OriginalString);
    }

    // A browser's Accept leaves JSON out; the framework's writer then declines, and the 401 hook would fail with a 500.
    [Theory]
    [InlineData("/api/tasks", false, HttpStatusCode.Unauthorized, "missing_token")]
    [InlineData("/no-such-page", true, HttpStatusCode.NotFound, "not_found")]
    [InlineData("/api/tasks/abc", true, HttpStatusCode.UnprocessableEntity, "validation_error")]
    public async Task AnErrorIsAProblemWhateverTheAcceptHeaderAsksFor(string path, bool signedIn, HttpStatusCode status, string code)
    {
        var client = signedIn ? api.CreateClientForNewUser() : api.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var response = await client.GetAsync(path);

        await response.AssertProblemAsync(status, code);
    }

    [Fact]
    public async Task AnUnexpectedFailureIsA500ThatGivesNothingAway()
    {
        await using var broken = new TodoApiFactory(new() { Services = services => services.AddSingleton<TimeProvider, BrokenClock>() });
        await broken.InitializeAsync();

        var response = await broken.CreateClientForNewUser().SendRawAsync(HttpMethod.Post, "/api/tasks", """{"title": "x"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
        var body = problem.ToJsonString();
        Assert.DoesNotContain(BrokenClock.Message, body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("exception", body, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class BrokenClock : TimeProvider
    {
        public const string Message = "secret internals: Host=db.internal;Password=hunter2";

        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException(Message);
    }
}
