using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Mcp;

// Each tool through the SDK's client, checked against what the REST API then says about the same tasks.
public sealed class TaskToolTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task AnAgentSeesTheFiveToolsWithTheirSchemasAndHints()
    {
        await using var client = await api.ConnectAsync(TodoApiFactory.NewUserId());

        var tools = (await client.ListToolsAsync()).ToDictionary(tool => tool.Name, tool => tool.ProtocolTool);

        Assert.Equal(["add_task", "complete_task", "delete_task", "list_tasks", "update_task"], tools.Keys.Order());
        Assert.All(tools.Values, tool => Assert.Equal("object", tool.OutputSchema!.Value.GetProperty("type").GetString()));
        Assert.All(tools.Values, tool => Assert.False(tool.Annotations!.OpenWorldHint));
        Assert.True(tools["list_tasks"].Annotations!.ReadOnlyHint);
        Assert.True(tools["delete_task"].Annotations!.DestructiveHint);
        Assert.True(tools["complete_task"].Annotations!.IdempotentHint);
        Assert.False(tools["add_task"].Annotations!.DestructiveHint);
        Assert.Equal("title", tools["add_task"].InputSchema.GetProperty("required")[0].GetString());
        Assert.Equal(200, tools["add_task"].InputSchema.GetProperty("properties").GetProperty("title").GetProperty("maxLength").GetInt32());
        Assert.Equal("task_id", tools["complete_task"].InputSchema.GetProperty("required")[0].GetString());
    }

    [Fact]
    public async Task AddTaskCreatesATaskOfTheSignedInUser()
    {
        var userId = TodoApiFactory.NewUserId();
        await using var client = await api.ConnectAsync(userId);

        var result = (await client.CallAsync("add_task", new { title = "  Buy groceries ", description = "milk, eggs" })).Structured();

        var id = result["task_id"]!.GetValue<int>();
        Assert.Equal("created", result["status"].Text());
        Assert.Equal("Buy groceries", result["title"].Text());
        var stored = await api.CreateClientFor(userId).GetTaskAsync(id);
        Assert.Equal(("Buy groceries", "milk, eggs", false), (stored.Title, stored.Description, stored.Completed));
    }

    [Fact]
    public async Task ListTasksAnswersTheTasksAsTheRestApiSendsThem()
    {
        var userId = TodoApiFactory.NewUserId();
        var rest = api.CreateClientFor(userId);
        await rest.CreateTaskAsync("First");
        await rest.CreateTaskAsync("Second", "with a description");
        var expected = JsonNode.Parse(await rest.GetStringAsync("/api/tasks"));
        await using var client = await api.ConnectAsync(userId);

        var result = (await client.CallAsync("list_tasks", new { })).Structured();

        Assert.True(JsonNode.DeepEquals(expected, result["tasks"]), $"{result["tasks"]} is not {expected}");
        Assert.Equal(2, result["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("pending", "Open")]
    [InlineData("completed", "Done")]
    public async Task ListTasksFiltersByStatus(string status, string expected)
    {
        var userId = TodoApiFactory.NewUserId();
        var rest = api.CreateClientFor(userId);
        await rest.CreateTaskAsync("Open");
        await rest.PatchAsync($"/api/tasks/{(await rest.CreateTaskAsync("Done")).Id}/complete", null);
        await using var client = await api.ConnectAsync(userId);

        var result = (await client.CallAsync("list_tasks", new { status })).Structured();

        Assert.Equal(expected, Assert.Single(result["tasks"]!.AsArray())!["title"].Text());
    }

    [Fact]
    public async Task CompleteTaskSetsCompletedAndNeverTogglesItBack()
    {
        var userId = TodoApiFactory.NewUserId();
        var rest = api.CreateClientFor(userId);
        var task = await rest.CreateTaskAsync("Call mom");
        await rest.PatchAsync($"/api/tasks/{task.Id}/complete", null);
        await using var client = await api.ConnectAsync(userId);

        var result = (await client.CallAsync("complete_task", new { task_id = task.Id })).Structured();

        Assert.Equal((task.Id, "completed", "Call mom"), (result["task_id"]!.GetValue<int>(), result["status"].Text(), result["title"].Text()));
        Assert.True((await rest.GetTaskAsync(task.Id)).Completed);
    }

    [Fact]
    public async Task UpdateTaskChangesOnlyTheFieldsGiven()
    {
        var userId = TodoApiFactory.NewUserId();
        var rest = api.CreateClientFor(userId);
        var task = await rest.CreateTaskAsync("Old title", "Kept");
        await using var client = await api.ConnectAsync(userId);

        var result = (await client.CallAsync("update_task", new { task_id = task.Id, title = "New title" })).Structured();

        Assert.Equal((task.Id, "updated", "New title"), (result["task_id"]!.GetValue<int>(), result["status"].Text(), result["title"].Text()));
        var stored = await rest.GetTaskAsync(task.Id);
        Assert.Equal(("New title", "Kept"), (stored.Title, stored.Description));
        Assert.True(stored.UpdatedAt > task.UpdatedAt);
    }

    [Fact]
    public async Task UpdateTaskWithANullDescriptionClearsItAsTheRestApiDoes()
    {
        var userId = TodoApiFactory.NewUserId();
        var rest = api.CreateClientFor(userId);
        var task = await rest.CreateTaskAsync("Title", "To be cleared");
        await using var client = await api.ConnectAsync(userId);

        var result = await client.CallAsync("update_task", new { task_id = task.Id, description = (string?)null });

        Assert.Equal("Title", result.Structured()["title"].Text());
        Assert.Null((await rest.GetTaskAsync(task.Id)).Description);
    }

    [Fact]
    public async Task DeleteTaskDeletesTheTaskAndNamesIt()
    {
        var userId = TodoApiFactory.NewUserId();
        var rest = api.CreateClientFor(userId);
        var task = await rest.CreateTaskAsync("Old task");
        await using var client = await api.ConnectAsync(userId);

        var result = (await client.CallAsync("delete_task", new { task_id = task.Id })).Structured();

        Assert.Equal((task.Id, "deleted", "Old task"), (result["task_id"]!.GetValue<int>(), result["status"].Text(), result["title"].Text()));
        Assert.Empty(await rest.GetTasksAsync());
    }

    [Fact]
    public async Task TheCallersOwnUserIdIsAccepted()
    {
        var userId = TodoApiFactory.NewUserId();
        await using var client = await api.ConnectAsync(userId);

        var result = await client.CallAsync("add_task", new { title = "Mine", user_id = userId });

        Assert.Equal("created", result.Structured()["status"].Text());
    }

    [Fact]
    public async Task TheSdksDefaultClientUsesTheHandshakeFreeRevision()
    {
        await using var client = await api.ConnectAsync(TodoApiFactory.NewUserId());

        var result = await client.CallAsync("list_tasks", new { });

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        Assert.Empty(result.Structured()["tasks"]!.AsArray());
    }

    // Agents built on Python's or TypeScript's SDK still open with the initialize handshake of 2025-11-25.
    [Fact]
    public async Task AClientOfTheInitializeHandshakeGetsTheSameTools()
    {
        var userId = TodoApiFactory.NewUserId();
        await using var client = await api.ConnectAsync(userId, protocolVersion: "2025-11-25");

        var result = await client.CallAsync("add_task", new { title = "Over 2025-11-25" });

        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        Assert.Equal("Over 2025-11-25", result.Structured()["title"].Text());
    }

    [Fact]
    public async Task TheToolsCountTasksAsTheRestApiDoes()
    {
        var meters = api.Services.GetRequiredService<IMeterFactory>();
        using var created = new MetricCollector<long>(meters, "Todo.Api", "todo.tasks.created");
        using var completed = new MetricCollector<long>(meters, "Todo.Api", "todo.tasks.completed");
        using var deleted = new MetricCollector<long>(meters, "Todo.Api", "todo.tasks.deleted");
        await using var client = await api.ConnectAsync(TodoApiFactory.NewUserId());

        var id = (await client.CallAsync("add_task", new { title = "Counted" })).Structured()["task_id"]!.GetValue<int>();
        await client.CallAsync("complete_task", new { task_id = id });
        await client.CallAsync("delete_task", new { task_id = id });

        Assert.Equal(1, created.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, completed.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, deleted.GetMeasurementSnapshot().EvaluateAsCounter());
    }
}
