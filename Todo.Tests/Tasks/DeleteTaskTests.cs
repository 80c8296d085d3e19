using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Tasks;

public sealed class DeleteTaskTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task DeleteAnswers204WithAnEmptyBodyAndTheTaskIsGone()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();
        var kept = await client.CreateTaskAsync("kept");

        var response = await client.DeleteAsync($"/api/tasks/{task.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        await (await client.GetAsync($"/api/tasks/{task.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal([kept], await client.GetTasksAsync());
    }

    [Fact]
    public async Task DeletingTwiceIsA404TheSecondTime()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();
        (await client.DeleteAsync($"/api/tasks/{task.Id}")).EnsureSuccessStatusCode();

        var again = await client.DeleteAsync($"/api/tasks/{task.Id}");

        await again.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
