using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Tasks;

public sealed class CompleteTaskTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task WithoutABodyItCompletesAnOpenTask()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();

        var response = await client.PatchAsync($"/api/tasks/{task.Id}/complete", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.ReadTaskAsync()).Completed);
        Assert.True((await client.GetTaskAsync(task.Id)).Completed);
    }

    [Fact]
    public async Task WithoutABodyItReopensACompletedTask()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();
        (await client.PatchAsync($"/api/tasks/{task.Id}/complete", null)).EnsureSuccessStatusCode();

        var response = await client.PatchAsync($"/api/tasks/{task.Id}/complete", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.ReadTaskAsync()).Completed);
        Assert.False((await client.GetTaskAsync(task.Id)).Completed);
    }

    // Sent again, the same body keeps the value instead of toggling it.
    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    [InlineData(false, 1)]
    public async Task WithABodyItSetsTheValueGivenEveryTime(bool completed, int timesSentBefore)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();
        for (var i = 0; i < timesSentBefore; i++)
        {
            (await client.SendJsonAsync(HttpMethod.Patch, $"/api/tasks/{task.Id}/complete", new { completed })).EnsureSuccessStatusCode();
        }

        var response = await client.SendJsonAsync(HttpMethod.Patch, $"/api/tasks/{task.Id}/complete", new { completed });

        Assert.Equal(completed, (await response.ReadTaskAsync()).Completed);
        Assert.Equal(completed, (await client.GetTaskAsync(task.Id)).Completed);
    }

    [Fact]
    public async Task AnEmptyObjectToggles()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();

        var response = await client.SendRawAsync(HttpMethod.Patch, $"/api/tasks/{task.Id}/complete", "{}");

        Assert.True((await response.ReadTaskAsync()).Completed);
    }

    [Fact]
    public async Task ItMovesUpdatedAtOnly()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk", "Two litres");

        var response = await client.PatchAsync($"/api/tasks/{task.Id}/complete", null);

        var done = await response.ReadTaskAsync();
        Assert.Equal(task.CreatedAt, done.CreatedAt);
        Assert.NotEqual(task.UpdatedAt, done.UpdatedAt);
        Assert.Equal("Buy milk", done.Title);
        Assert.Equal("Two litres", done.Description);
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

        var response = await client.SendRawAsync(HttpMethod.Patch, $"/api/tasks/{task.Id}/complete", body);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.False((await client.GetTaskAsync(task.Id)).Completed);
    }
}
