using System.Net;
using System.Net.Http.Json;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Tasks;

// Every route also answers at /api/{user_id}/tasks, for the signed-in user's own id only.
public sealed class UserPathRouteTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task CreateUnderTheCallersOwnIdAnswersWithTheUsualLocation()
    {
        var userId = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(userId);

        var response = await client.PostAsJsonAsync($"/api/{userId}/tasks", new { title = "Via the user path" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadTaskAsync();
        Assert.Equal($"/api/tasks/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal([created], await client.GetTasksAsync());
    }

    [Fact]
    public async Task ListUnderTheCallersOwnIdFiltersAndCounts()
    {
        var userId = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(userId);
        var open = await client.CreateTaskAsync("Via the user path");
        var done = await client.CreateTaskAsync("Done already");
        (await client.PatchAsync($"/api/tasks/{done.Id}/complete", null)).EnsureSuccessStatusCode();

        var response = await client.GetAsync($"/api/{userId}/tasks?status=pending");

        Assert.Equal([open], await response.ReadTasksAsync());
        Assert.Equal("1", response.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task GetUnderTheCallersOwnIdReadsTheTask()
    {
        var userId = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(userId);
        var task = await client.CreateTaskAsync("Via the user path");

        var response = await client.GetAsync($"/api/{userId}/tasks/{task.Id}");

        Assert.Equal(task, await response.ReadTaskAsync());
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public async Task UpdateUnderTheCallersOwnIdChangesTheTask(string method)
    {
        var userId = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(userId);
        var task = await client.CreateTaskAsync("Via the user path");

        var response = await client.SendJsonAsync(new HttpMethod(method), $"/api/{userId}/tasks/{task.Id}", new { title = method });

        Assert.Equal(method, (await response.ReadTaskAsync()).Title);
        Assert.Equal(method, (await client.GetTaskAsync(task.Id)).Title);
    }

    [Fact]
    public async Task CompleteUnderTheCallersOwnIdCompletesTheTask()
    {
        var userId = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(userId);
        var task = await client.CreateTaskAsync("Via the user path");

        var response = await client.PatchAsync($"/api/{userId}/tasks/{task.Id}/complete", null);

        Assert.True((await response.ReadTaskAsync()).Completed);
        Assert.True((await client.GetTaskAsync(task.Id)).Completed);
    }

    [Fact]
    public async Task DeleteUnderTheCallersOwnIdRemovesTheTask()
    {
        var userId = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(userId);
        var task = await client.CreateTaskAsync("Via the user path");

        var response = await client.DeleteAsync($"/api/{userId}/tasks/{task.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await client.GetAsync($"/api/tasks/{task.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    // {id} stands for the victim's task.
    [Theory]
    [InlineData("GET", "", null)]
    [InlineData("POST", "", """{"title": "Planted"}""")]
    [InlineData("GET", "/{id}", null)]
    [InlineData("PUT", "/{id}", """{"title": "Taken"}""")]
    [InlineData("PATCH", "/{id}", """{"title": "Taken"}""")]
    [InlineData("PATCH", "/{id}/complete", null)]
    [InlineData("DELETE", "/{id}", null)]
    public async Task AnotherUsersIdInThePathIsForbiddenForEveryRoute(string method, string suffix, string? body)
    {
        var victimId = TodoApiFactory.NewUserId();
        var victim = api.CreateClientFor(victimId);
        var task = await victim.CreateTaskAsync("Private");
        var intruder = api.CreateClientForNewUser();
        var path = $"/api/{victimId}/tasks{suffix.Replace("{id}", $"{task.Id}", StringComparison.Ordinal)}";

        var response = await intruder.SendRawAsync(new HttpMethod(method), path, body);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal([task], await victim.GetTasksAsync());
        Assert.Empty(await intruder.GetTasksAsync());
    }

    [Fact]
    public async Task ThePathNeedsAToken()
    {
        var response = await api.CreateClient().GetAsync($"/api/{TodoApiFactory.NewUserId()}/tasks");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "missing_token");
    }
}
