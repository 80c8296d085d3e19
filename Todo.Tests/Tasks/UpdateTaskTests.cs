using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
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

        var response = await client.SendJsonAsync(new HttpMethod(method), $"/api/tasks/{task.Id()}", new { title = "  Buy oat milk " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.ReadJsonObjectAsync();
        Assert.Equal("Buy oat milk", updated["title"].Text());
        Assert.Equal("Two litres", updated["description"].Text());
        Assert.False(updated["completed"]!.GetValue<bool>());
        Assert.Equal(updated.ToJsonString(), (await client.GetTaskAsync(task.Id())).ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task EveryFieldCanBeChangedAtOnce(string method)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk");

        var response = await client.SendJsonAsync(new HttpMethod(method), $"/api/tasks/{task.Id()}",
            new { title = "Buy bread", description = "Rye", completed = true });

        var updated = await response.ReadJsonObjectAsync();
        Assert.Equal("Buy bread", updated["title"].Text());
        Assert.Equal("Rye", updated["description"].Text());
        Assert.True(updated["completed"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task NullDescriptionClearsIt(string method)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk", "Two litres");

        var response = await client.SendRawAsync(new HttpMethod(method), $"/api/tasks/{task.Id()}", """{"description": null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await client.GetTaskAsync(task.Id());
        Assert.Null(stored["description"]);
        Assert.Equal("Buy milk", stored["title"].Text());
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task UpdatedAtMovesAndCreatedAtStays(string method)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk");

        var first = await (await client.SendJsonAsync(new HttpMethod(method), $"/api/tasks/{task.Id()}", new { completed = true })).ReadJsonObjectAsync();
        var second = await (await client.SendJsonAsync(new HttpMethod(method), $"/api/tasks/{task.Id()}", new { completed = true })).ReadJsonObjectAsync();

        Assert.Equal(task["created_at"].Text(), second["created_at"].Text());
        Assert.True(Timestamp(first["updated_at"]) > Timestamp(task["updated_at"]));
        Assert.True(Timestamp(second["updated_at"]) > Timestamp(first["updated_at"]));
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

        var response = await client.SendRawAsync(new HttpMethod(method), $"/api/tasks/{task.Id()}", body);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.Equal(task.ToJsonString(), (await client.GetTaskAsync(task.Id())).ToJsonString());
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

        var response = await client.SendRawAsync(HttpMethod.Patch, $"/api/tasks/{task.Id()}", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.NotEmpty(problem["errors"]![field]!.AsArray());
        Assert.Equal(task.ToJsonString(), (await client.GetTaskAsync(task.Id())).ToJsonString());
    }

    [Fact]
    public async Task UpdateWithoutABodyIsA422()
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync("Buy milk");

        var response = await client.PutAsync($"/api/tasks/{task.Id()}", null);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
    }

    private static DateTimeOffset Timestamp(JsonNode? node) => DateTimeOffset.Parse(node.Text(), CultureInfo.InvariantCulture);
}
