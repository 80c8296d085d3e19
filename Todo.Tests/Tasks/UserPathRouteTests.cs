using System.Net;
using System.Net.Http.Json;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Tasks;

// Every route also answers at /api/{user_id}/tasks, for the signed-in user's own id only.
public sealed class UserPathRouteTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task EveryRouteWorksUnderTheCallersOwnId()
    {
        var userId = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(userId);
        var tasks = $"/api/{userId}/tasks";

        var created = await client.PostAsJsonAsync(tasks, new { title = "Via the user path" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonObjectAsync()).Id();
        Assert.Equal($"/api/tasks/{id}", created.Headers.Location?.OriginalString);

        var list = await client.GetAsync($"{tasks}?status=pending");
        Assert.Equal([id], (await list.ReadJsonArrayAsync()).Select(t => t!.AsObject().Id()));
        Assert.Equal("1", list.Headers.GetValues("X-Total-Count").Single());

        Assert.Equal("Via the user path", (await (await client.GetAsync($"{tasks}/{id}")).ReadJsonObjectAsync())["title"].Text());
        Assert.Equal("Put", (await (await client.PutAsJsonAsync($"{tasks}/{id}", new { title = "Put" })).ReadJsonObjectAsync())["title"].Text());
        Assert.Equal("Patched", (await (await client.PatchAsJsonAsync($"{tasks}/{id}", new { title = "Patched" })).ReadJsonObjectAsync())["title"].Text());
        Assert.True((await (await client.PatchAsync($"{tasks}/{id}/complete", null)).ReadJsonObjectAsync())["completed"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{tasks}/{id}")).StatusCode);
        await (await client.GetAsync($"/api/tasks/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnotherUsersIdInThePathIsForbiddenForEveryRoute()
    {
        var victimId = TodoApiFactory.NewUserId();
        var victim = api.CreateClientFor(victimId);
        var task = await victim.CreateTaskAsync("Private");
        var intruder = api.CreateClientForNewUser();
        var tasks = $"/api/{victimId}/tasks";

        var responses = new[]
        {
            await intruder.GetAsync(tasks),
            await intruder.PostAsJsonAsync(tasks, new { title = "Planted" }),
            await intruder.GetAsync($"{tasks}/{task.Id()}"),
            await intruder.PutAsJsonAsync($"{tasks}/{task.Id()}", new { title = "Taken" }),
            await intruder.PatchAsJsonAsync($"{tasks}/{task.Id()}", new { title = "Taken" }),
            await intruder.PatchAsync($"{tasks}/{task.Id()}/complete", null),
            await intruder.DeleteAsync($"{tasks}/{task.Id()}"),
        };

        foreach (var response in responses)
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }
        var victimTasks = await (await victim.GetAsync("/api/tasks")).ReadJsonArrayAsync();
        Assert.Equal([task.ToJsonString()], victimTasks.Select(t => t!.ToJsonString()));
        Assert.Empty(await (await intruder.GetAsync("/api/tasks")).ReadJsonArrayAsync());
    }

    [Fact]
    public async Task ThePathNeedsAToken()
    {
        var response = await api.CreateClient().GetAsync($"/api/{TodoApiFactory.NewUserId()}/tasks");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "missing_token");
    }
}
