using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Tasks;

public sealed class CompleteTaskTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task WithoutABodyItToggles()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();

        var first = await client.PatchAsync($"/api/tasks/{task.Id()}/complete", null);
        var second = await client.PatchAsync($"/api/tasks/{task.Id()}/complete", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True((await first.ReadJsonObjectAsync())["completed"]!.GetValue<bool>());
        Assert.False((await second.ReadJsonObjectAsync())["completed"]!.GetValue<bool>());
        Assert.False((await client.GetTaskAsync(task.Id()))["completed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WithABodyItSetsTheValueGivenEveryTime(bool completed)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();

        foreach (var _ in new[] { 1, 2 })
        {
            var response = await client.SendJsonAsync(HttpMethod.Patch, $"/api/tasks/{task.Id()}/complete", new { completed });

            Assert.Equal(completed, (await response.ReadJsonObjectAsync())["completed"]!.GetValue<bool>());
        }
        Assert.Equal(completed, (await client.GetTaskAsync(task.Id()))["completed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnEmptyObjectToggles()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();

        var response = await client.SendRawAsync(HttpMethod.Patch, $"/api/tasks/{task.Id()}/complete", "{}");

        Assert.True((await response.ReadJsonObjectAsync())["completed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ItMovesUpdatedAtOnly()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk", "Two litres");

        var done = await (await client.PatchAsync($"/api/tasks/{task.Id()}/complete", null)).ReadJsonObjectAsync();

        Assert.Equal(task["created_at"].Text(), done["created_at"].Text());
        Assert.NotEqual(task["updated_at"].Text(), done["updated_at"].Text());
        Assert.Equal("Buy milk", done["title"].Text());
        Assert.Equal("Two litres", done["description"].Text());
    }

    [Theory]
    [InlineData("""{"completed": "true"}""")]
    [InlineData("""{"completed": 1}""")]
    [InlineData("""{"completed": null}""")]
    [InlineData("""[true]""")]
    [InlineData("""true""")]
    [InlineData("""{"completed": tru""")]
    public async Task ABadBodyIsA422AndChangesNothing(string body)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();

        var response = await client.SendRawAsync(HttpMethod.Patch, $"/api/tasks/{task.Id()}/complete", body);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.False((await client.GetTaskAsync(task.Id()))["completed"]!.GetValue<bool>());
    }
}
