using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Tasks;

// Another user's task is a 403 and stays as it was; an id with no task is a 404; an id that is not a
// positive 32-bit integer is a 422.
public sealed class OwnershipTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    private static readonly (string Method, string Suffix, string? Body)[] Requests =
    [
        ("GET", "", null),
        ("PUT", "", """{"title": "Taken over"}"""),
        ("PATCH", "", """{"completed": true}"""),
        ("PATCH", "/complete", null),
        ("PATCH", "/complete", """{"completed": true}"""),
        ("DELETE", "", null),
    ];

    public static TheoryData<string, string, string?> TaskRequests
    {
        get
        {
            var data = new TheoryData<string, string, string?>();
            foreach (var (method, suffix, body) in Requests)
            {
                data.Add(method, suffix, body);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TaskRequests))]
    public async Task AnotherUsersTaskIsForbiddenAndUnchanged(string method, string suffix, string? body)
    {
        var owner = api.CreateClientForNewUser();
        var task = await owner.CreateTaskAsync("Private", "Only mine");

        var response = await Send(api.CreateClientForNewUser(), method, $"/api/tasks/{task.Id()}{suffix}", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain("Private", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(task.ToJsonString(), (await owner.GetTaskAsync(task.Id())).ToJsonString());
    }

    [Theory]
    [MemberData(nameof(TaskRequests))]
    public async Task AnIdWithNoTaskIsNotFound(string method, string suffix, string? body)
    {
        var client = api.CreateClientForNewUser();

        var response = await Send(client, method, $"/api/tasks/{int.MaxValue}{suffix}", body);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("2147483648")]
    [InlineData("99999999999999999999")]
    public async Task AnIdThatIsNotAPositive32BitIntegerIsA422(string id)
    {
        var client = api.CreateClientForNewUser();

        foreach (var (method, suffix, body) in Requests)
        {
            var response = await Send(client, method, $"/api/tasks/{id}{suffix}", body);

            var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
            Assert.NotEmpty(problem["errors"]!["id"]!.AsArray());
        }
    }

    [Fact]
    public async Task AnotherUsersTaskNeverShowsInTheList()
    {
        var owner = api.CreateClientForNewUser();
        await owner.CreateTaskAsync("Private");
        var other = api.CreateClientForNewUser();

        var response = await other.GetAsync("/api/tasks?status=all&limit=500");

        Assert.Empty(await response.ReadJsonArrayAsync());
        Assert.Equal("0", response.Headers.GetValues("X-Total-Count").Single());
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string path, string? body) =>
        body is null
            ? client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))
            : client.SendRawAsync(new HttpMethod(method), path, body);
}
