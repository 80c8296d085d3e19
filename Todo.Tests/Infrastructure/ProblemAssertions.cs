using System.Net;
using System.Text.Json.Nodes;

namespace Todo.Tests.Infrastructure;

public static class ProblemAssertions
{
    // The contract's error shape: problem+json with status, a string detail and a stable code.
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var problem = await response.ReadJsonObjectAsync();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.Equal(code, problem["code"].Text());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"].Text()));
        return problem;
    }
}
