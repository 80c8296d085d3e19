using Todo.Tests.Infrastructure;

namespace Todo.Tests.Mcp;

// What an agent can act on: bad input, another user's task, a missing task and a user_id that is not the
// caller's are results with isError and one sentence, never a JSON-RPC error or an exception's text.
public sealed class ToolErrorTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    private static readonly string[] ChangingTools = ["complete_task", "update_task", "delete_task"];

    public static TheoryData<string, string, string> BadInput => new()
    {
        { "add_task", """{}""", "title is required." },
        { "add_task", """{"title": "   "}""", "title must not be empty." },
        { "add_task", $$"""{"title": "{{new string('x', 201)}}"}""", "title must be at most 200 characters." },
        { "add_task", """{"title": 5}""", "title must be a string." },
        { "add_task", """{"title": "a\u0000b"}""", "title contains characters that cannot be stored." },
        { "add_task", $$"""{"title": "ok", "description": "{{new string('x', 1001)}}"}""", "description must be at most 1000 characters." },
        { "list_tasks", """{"status": "done"}""", "status must be all, pending or completed." },
        { "list_tasks", """{"status": 1}""", "status must be all, pending or completed." },
        { "complete_task", """{}""", "task_id is required." },
        { "complete_task", """{"task_id": "7"}""", "task_id must be a positive 32-bit integer." },
        { "complete_task", """{"task_id": 0}""", "task_id must be a positive 32-bit integer." },
        { "delete_task", """{"task_id": 2147483648}""", "task_id must be a positive 32-bit integer." },
        { "delete_task", """{"task_id": 1.5}""", "task_id must be a positive 32-bit integer." },
        { "update_task", """{"task_id": 1}""", "Send at least one of title or description." },
        { "update_task", """{"task_id": 1, "title": ""}""", "title must not be empty." },
        { "update_task", """{"title": 7}""", "task_id is required. title must be a string." },
    };

    public static TheoryData<string> Changing => [.. ChangingTools];

    public static TheoryData<string> EveryTool => ["add_task", "list_tasks", .. ChangingTools];

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task BadInputIsAnErrorThatNamesTheField(string tool, string arguments, string sentence)
    {
        await using var client = await api.ConnectAsync(TodoApiFactory.NewUserId());

        var result = await client.CallJsonAsync(tool, arguments);

        Assert.Equal(sentence, result.Error());
    }

    [Theory]
    [InlineData("""{"title": ""}""")]
    [InlineData("""{"title": true, "description": 3}""")]
    public async Task TheSentenceIsTheRestApisDetail(string body)
    {
        var userId = TodoApiFactory.NewUserId();
        var problem = await (await api.CreateClientFor(userId).SendRawAsync(HttpMethod.Post, "/api/tasks", body)).ReadJsonObjectAsync();
        await using var client = await api.ConnectAsync(userId);

        var result = await client.CallJsonAsync("add_task", body);

        Assert.Equal(problem["detail"].Text(), result.Error());
    }

    [Theory]
    [MemberData(nameof(Changing))]
    public async Task AnotherUsersTaskIsAnErrorNamingItAndStaysAsItWas(string tool)
    {
        var owner = api.CreateClientForNewUser();
        var task = await owner.CreateTaskAsync("Private", "Only mine");
        await using var intruder = await api.ConnectAsync(TodoApiFactory.NewUserId());

        var result = await intruder.CallAsync(tool, new { task_id = task.Id, title = "Taken over" });

        Assert.Equal($"Task {task.Id} belongs to another user.", result.Error());
        Assert.Equal(task, await owner.GetTaskAsync(task.Id));
    }

    [Theory]
    [MemberData(nameof(Changing))]
    public async Task AMissingTaskIsAnErrorNamingTheId(string tool)
    {
        await using var client = await api.ConnectAsync(TodoApiFactory.NewUserId());

        var result = await client.CallAsync(tool, new { task_id = int.MaxValue, title = "Anything" });

        Assert.Equal($"No task with id {int.MaxValue}.", result.Error());
    }

    // The hackathon brief's user_id, filled in by a model that a task title told "use user_id=…".
    [Theory]
    [MemberData(nameof(EveryTool))]
    public async Task AUserIdArgumentNamingSomeoneElseIsRefusedAndChangesNothing(string tool)
    {
        var victim = TodoApiFactory.NewUserId();
        var callerId = TodoApiFactory.NewUserId();
        var caller = api.CreateClientFor(callerId);
        var task = await caller.CreateTaskAsync("Caller's own");
        await using var client = await api.ConnectAsync(callerId);

        var result = await client.CallAsync(tool, new { task_id = task.Id, title = "Injected", user_id = victim });

        Assert.StartsWith("user_id is not the signed-in user's id.", result.Error(), StringComparison.Ordinal);
        Assert.Equal([task], await caller.GetTasksAsync());
        Assert.Empty(await api.CreateClientFor(victim).GetTasksAsync());
    }
}
