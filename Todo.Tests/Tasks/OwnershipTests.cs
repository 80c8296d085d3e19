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

    public static TheoryData<string, string, string, string?> BadIdRequests
    {
        get
        {
            var data = new TheoryData<string, string, string, string?>();
            foreach (var id in (string[])["abc", "0", "-1", "+1", "1.5", "1e3", "2147483648", "99999999999999999999"])
            {
                foreach (var (method, suffix, body) in Requests)
                {
                    data.Add(id, method, suffix, body);
                }
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

        var response = await api.CreateClientForNewUser().SendRawAsync(new HttpMethod(method), $"/api/tasks/{task.Id}{suffix}", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain("Private", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(task, await owner.GetTaskAsync(task.Id));
    }

    [Theory]
    [MemberData(nameof(TaskRequests))]
    public async Task AnIdWithNoTaskIsNotFound(string method, string suffix, string? body)
    {
        var client = api.CreateClientForNewUser();

        var response = await client.SendRawAsync(new HttpMethod(method), $"/api/tasks/{int.MaxValue}{suffix}", body);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [MemberData(nameof(BadIdRequests))]
    public async Task AnIdThatIsNotAPositive32BitIntegerIsA422(string id, string method, string suffix, string? body)
    {
        var client = api.CreateClientForNewUser();

        var response = await client.SendRawAsync(new HttpMethod(method), $"/api/tasks/{id}{suffix}", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.NotEmpty(problem["errors"]!["id"]!.AsArray());
    }

    [Fact]
    public async Task AnotherUsersTaskNeverShowsInTheList()
    {
        var owner = api.CreateClientForNewUser();
        await owner.CreateTaskAsync("Private");
        var other = api.CreateClientForNewUser();

        var response = await other.GetAsync("/api/tasks?status=all&limit=500");

        Assert.Empty(await response.ReadTasksAsync());
        Assert.Equal("0", response.Headers.GetValues("X-Total-Count").Single());
    }
}
