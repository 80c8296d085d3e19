using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Tasks;

public sealed partial class CreateTaskTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task CreatedTaskIsReturnedWithItsLocation()
    {
        var client = api.CreateClientForNewUser();

        var response = await client.PostAsJsonAsync("/api/tasks", new { title = "Buy milk", description = "Two litres" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var task = await response.ReadTaskAsync();
        Assert.Equal($"/api/tasks/{task.Id}", response.Headers.Location?.OriginalString);
        Assert.True(task.Id > 0);
        Assert.Equal("Buy milk", task.Title);
        Assert.Equal("Two litres", task.Description);
        Assert.False(task.Completed);
    }

    // Read as JSON: the field names are the point.
    [Fact]
    public async Task TaskJsonHasExactlyTheContractsSnakeCaseFields()
    {
        var client = api.CreateClientForNewUser();

        var response = await client.PostAsJsonAsync("/api/tasks", new { title = "Buy milk" });

        var task = await response.ReadJsonObjectAsync();
        Assert.Equal(["completed", "created_at", "description", "id", "title", "updated_at"], task.Select(p => p.Key).Order());
    }

    // Read as JSON: the timestamps' text is the point.
    [Fact]
    public async Task TimestampsAreUtcWithAZAndMicroseconds()
    {
        var client = api.CreateClientForNewUser();

        var response = await client.PostAsJsonAsync("/api/tasks", new { title = "Buy milk" });

        var task = await response.ReadJsonObjectAsync();
        Assert.Matches(UtcTimestamp(), task["created_at"].Text());
        Assert.Equal(task["created_at"].Text(), task["updated_at"].Text());
    }

    [Fact]
    public async Task TitleIsTrimmedAndDescriptionDefaultsToNull()
    {
        var client = api.CreateClientForNewUser();

        var task = await client.CreateTaskAsync("  Walk the dog  ");

        Assert.Equal("Walk the dog", task.Title);
        Assert.Null(task.Description);
    }

    // Read as JSON: that no user_id comes back is part of the point.
    [Fact]
    public async Task OwnerComesFromTheTokenNotTheBody()
    {
        var owner = TodoApiFactory.NewUserId();
        var client = api.CreateClientFor(owner);
        var intruder = TodoApiFactory.NewUserId();

        var response = await client.PostAsJsonAsync("/api/tasks",
            new { title = "Mine", user_id = intruder, id = 999999, created_at = "2000-01-01T00:00:00Z", completed = true });

        var task = await response.ReadJsonObjectAsync();
        var id = task["id"]!.GetValue<int>();
        Assert.NotEqual(999999, id);
        Assert.NotEqual("2000-01-01T00:00:00.000000Z", task["created_at"].Text());
        Assert.False(task.ContainsKey("user_id"));
        Assert.Empty(await api.CreateClientFor(intruder).GetTasksAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/tasks/{id}")).StatusCode);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    private static partial Regex UtcTimestamp();
}
