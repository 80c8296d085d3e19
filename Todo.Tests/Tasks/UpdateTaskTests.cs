using System.Net;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Tasks;

// PUT and PATCH behave the same: both change only the fields present.
public sealed class UpdateTaskTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    public static TheoryData<string> Methods => ["PUT", "PATCH"];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task OnlyTheFieldsPresentChange(string method)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk", "Two litres");

        var response = await client.SendJsonAsync(new HttpMethod(method), $"/api/tasks/{task.Id}", new { title = "  Buy oat milk " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.ReadTaskAsync();
        Assert.Equal("Buy oat milk", updated.Title);
        Assert.Equal("Two litres", updated.Description);
        Assert.False(updated.Completed);
        Assert.Equal(updated, await client.GetTaskAsync(task.Id));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task EveryFieldCanBeChangedAtOnce(string method)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk");

        var response = await client.SendJsonAsync(new HttpMethod(method), $"/api/tasks/{task.Id}",
            new { title = "Buy bread", description = "Rye", completed = true });

        var updated = await response.ReadTaskAsync();
        Assert.Equal("Buy bread", updated.Title);
        Assert.Equal("Rye", updated.Description);
        Assert.True(updated.Completed);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task NullDescriptionClearsIt(string method)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk", "Two litres");

        var response = await client.SendRawAsync(new HttpMethod(method), $"/api/tasks/{task.Id}", """{"description": null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await client.GetTaskAsync(task.Id);
        Assert.Null(stored.Description);
        Assert.Equal("Buy milk", stored.Title);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task UpdatedAtMovesAndCreatedAtStays(string method)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk");

        var response = await client.SendJsonAsync(new HttpMethod(method), $"/api/tasks/{task.Id}", new { completed = true });

        var updated = await response.ReadTaskAsync();
        Assert.Equal(task.CreatedAt, updated.CreatedAt);
        Assert.True(updated.UpdatedAt > task.UpdatedAt);
    }

    // The same values again still count as an update.
    [Theory]
    [MemberData(nameof(Methods))]
    public async Task UpdatedAtMovesAgainOnARepeatedUpdate(string method)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk");
        var first = await (await client.SendJsonAsync(new HttpMethod(method), $"/api/tasks/{task.Id}", new { completed = true })).ReadTaskAsync();

        var response = await client.SendJsonAsync(new HttpMethod(method), $"/api/tasks/{task.Id}", new { completed = true });

        var second = await response.ReadTaskAsync();
        Assert.Equal(task.CreatedAt, second.CreatedAt);
        Assert.True(second.UpdatedAt > first.UpdatedAt);
    }

    [Theory]
    [InlineData("PUT", "{}")]
    [InlineData("PATCH", "{}")]
    [InlineData("PUT", """{"priority": "high", "user_id": "someone"}""")]
    [InlineData("PATCH", """{"id": 7, "created_at": "2000-01-01T00:00:00Z"}""")]
    public async Task ABodyWithNoneOfTheFieldsIsA422AndChangesNothing(string method, string body)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk");

        var response = await client.SendRawAsync(new HttpMethod(method), $"/api/tasks/{task.Id}", body);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.Equal(task, await client.GetTaskAsync(task.Id));
    }

    [Theory]
    [InlineData("""{"title": "Fine", "completed": "true"}""", "completed")]
    [InlineData("""{"title": "", "completed": true}""", "title")]
    [InlineData("""{"title": null}""", "title")]
    [InlineData("""{"completed": null}""", "completed")]
    [InlineData("""{"description": 12}""", "description")]
    public async Task OneBadFieldRejectsTheWholeUpdate(string body, string field)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk");

        var response = await client.SendRawAsync(HttpMethod.Patch, $"/api/tasks/{task.Id}", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.NotEmpty(problem["errors"]![field]!.AsArray());
        Assert.Equal(task, await client.GetTaskAsync(task.Id));
    }

    [Fact]
    public async Task UpdateWithoutABodyIsA422()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk");

        var response = await client.PutAsync($"/api/tasks/{task.Id}", null);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
    }
}
