using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Http;

// A client that breaks HTTP/1.1 framing made the mistake, not the server: a 400 problem where an answer is
// still possible, and never an Error or Critical log line.
public sealed class RequestFramingTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    private const string Body = """{"title": "Framed badly", "completed": true}""";

    [Theory]
    [InlineData("POST", "/api/tasks")]
    [InlineData("PUT", "/api/tasks/1")]
    [InlineData("PATCH", "/api/tasks/1")]
    [InlineData("PATCH", "/api/tasks/1/complete")]
    public async Task AChunkSizeThatOverflowsIsA400Problem(string method, string path)
    {
        var request = AuthenticatedRequest(method, path, "Transfer-Encoding: chunked", $"fffffffffffffffff\r\n{Body}\r\n0\r\n\r\n");

        var response = await RawHttp.SendAsync(api.Address, request);

        await response!.AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");
        Assert.Empty(api.Logs.Failures);
    }

    [Theory]
    [InlineData("zz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("-1\r\n{}\r\n0\r\n\r\n")]
    [InlineData("2\r\n{}}}\r\n0\r\n\r\n")]
    [InlineData("2\r{}\r\n0\r\n\r\n")]
    public async Task MalformedChunkFramingIsA400Problem(string chunks)
    {
        var request = AuthenticatedRequest("POST", "/api/tasks", "Transfer-Encoding: chunked", chunks);

        var response = await RawHttp.SendAsync(api.Address, request);

        await response!.AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");
        Assert.Empty(api.Logs.Failures);
    }

    [Theory]
    [InlineData(HangUp.Closing)]
    [InlineData(HangUp.Resetting)]
    public async Task AClientThatHangsUpMidBodyLogsNoFailure(HangUp hangUp)
    {
        var probe = Guid.NewGuid().ToString("N");
        var request = AuthenticatedRequest("POST", $"/api/tasks?probe={probe}", "Content-Length: 1000", Body);

        await RawHttp.SendAsync(api.Address, request, hangUp);

        await api.Logs.WaitForLineAsync("Request finished", probe);
        Assert.Empty(api.Logs.Failures);
    }

    // Kestrel's minimum data rate cuts the client off within seconds; the request deadline never leaves a body
    // read half-cancelled (Kestrel logged that as an error when it drained the rest).
    [Fact]
    public async Task ABodyThatStopsArrivingIsA408Problem()
    {
        var request = AuthenticatedRequest("POST", "/api/tasks", "Content-Length: 1000", Body);

        var response = await RawHttp.SendAsync(api.Address, request);

        await response!.AssertProblemAsync(HttpStatusCode.RequestTimeout, "request_timeout");
        Assert.Empty(api.Logs.Failures);
    }

    private static byte[] AuthenticatedRequest(string method, string path, string framingHeader, string body) =>
        RawHttp.Request(method, path, TestTokens.For(TodoApiFactory.NewUserId()), framingHeader, body);
}
