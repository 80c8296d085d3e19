using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Tasks;

public sealed class ListTasksTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task NewUserHasAnEmptyListAndATotalOfZero()
    {
        var response = await api.CreateClientForNewUser().GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.ReadTasksAsync());
        Assert.Equal("0", TotalCount(response));
    }

    [Fact]
    public async Task DefaultIsAllOfTheCallersTasksNewestFirst()
    {
        var client = api.CreateClientForNewUser();
        var first = await client.CreateTaskAsync("first");
        var second = await client.CreateTaskAsync("second");
        var third = await client.CreateTaskAsync("third");
        await api.CreateClientForNewUser().CreateTaskAsync("somebody else's");

        var response = await client.GetAsync("/api/tasks");

        Assert.Equal([third.Id, second.Id, first.Id], Ids(await response.ReadTasksAsync()));
        Assert.Equal("3", TotalCount(response));
    }

    [Theory]
    [InlineData("all", new[] { "done", "open" })]
    [InlineData("pending", new[] { "open" })]
    [InlineData("completed", new[] { "done" })]
    public async Task StatusFiltersByCompletion(string status, string[] expectedTitles)
    {
        var client = api.CreateClientForNewUser();
        await client.CreateTaskAsync("open");
        var done = await client.CreateTaskAsync("done");
        (await client.PatchAsync($"/api/tasks/{done.Id}/complete", null)).EnsureSuccessStatusCode();

        var response = await client.GetAsync($"/api/tasks?status={status}");

        Assert.Equal(expectedTitles, Titles(await response.ReadTasksAsync()));
        Assert.Equal(expectedTitles.Length.ToString(CultureInfo.InvariantCulture), TotalCount(response));
    }

    [Theory]
    [InlineData("sort=title&order=asc", new[] { "apple", "banana", "cherry" })]
    [InlineData("sort=title&order=desc", new[] { "cherry", "banana", "apple" })]
    [InlineData("sort=title", new[] { "cherry", "banana", "apple" })]
    [InlineData("sort=created&order=asc", new[] { "banana", "cherry", "apple" })]
    [InlineData("order=asc", new[] { "banana", "cherry", "apple" })]
    [InlineData("", new[] { "apple", "cherry", "banana" })]
    public async Task SortAndOrderArrangeTheList(string query, string[] expectedTitles)
    {
        var client = api.CreateClientForNewUser();
        foreach (var title in new[] { "banana", "cherry", "apple" })
        {
            await client.CreateTaskAsync(title);
        }

        var response = await client.GetAsync($"/api/tasks?{query}");

        Assert.Equal(expectedTitles, Titles(await response.ReadTasksAsync()));
    }

    // The oldest task is edited last: sorting by updated puts it first, sorting by created does not.
    [Theory]
    [InlineData("sort=updated", new[] { "oldest, edited", "newest" })]
    [InlineData("sort=created", new[] { "newest", "oldest, edited" })]
    public async Task SortByUpdatedPutsTheLastChangedTaskFirst(string query, string[] expectedTitles)
    {
        var client = api.CreateClientForNewUser();
        var oldest = await client.CreateTaskAsync("oldest");
        await client.CreateTaskAsync("newest");
        (await client.PatchAsJsonAsync($"/api/tasks/{oldest.Id}", new { title = "oldest, edited" })).EnsureSuccessStatusCode();

        var response = await client.GetAsync($"/api/tasks?{query}");

        Assert.Equal(expectedTitles, Titles(await response.ReadTasksAsync()));
    }

    [Theory]
    [InlineData("order=asc&limit=2&offset=1", new[] { 1, 2 })]
    [InlineData("limit=2&offset=5", new int[0])]
    public async Task LimitAndOffsetPageThroughTheListAndTotalCountsEveryMatch(string query, int[] expectedIndexes)
    {
        var client = api.CreateClientForNewUser();
        var created = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await client.CreateTaskAsync($"task {i}")).Id);
        }

        var response = await client.GetAsync($"/api/tasks?{query}");

        Assert.Equal(expectedIndexes.Select(i => created[i]), Ids(await response.ReadTasksAsync()));
        Assert.Equal("5", TotalCount(response));
    }

    [Theory]
    [InlineData("", 100)]
    [InlineData("limit=500", 101)]
    [InlineData("limit=1", 1)]
    public async Task DefaultLimitIsOneHundredAndTheMaximumIsFiveHundred(string query, int expectedCount)
    {
        var client = api.CreateClientForNewUser();
        var bodies = Enumerable.Range(0, 101).Select(i => (object)new { title = $"task {i}" });
        foreach (var body in bodies)
        {
            (await client.PostAsJsonAsync("/api/tasks", body)).EnsureSuccessStatusCode();
        }

        var response = await client.GetAsync($"/api/tasks?{query}");

        Assert.Equal(expectedCount, (await response.ReadTasksAsync()).Count);
        Assert.Equal("101", TotalCount(response));
    }

    [Theory]
    [InlineData("status=done", "status")]
    [InlineData("status=", "status")]
    [InlineData("status=PENDING", "status")]
    [InlineData("sort=priority", "sort")]
    [InlineData("order=up", "order")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("limit=2147483648", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=first", "offset")]
    public async Task OtherQueryValuesAreA422NamingTheParameter(string query, string field)
    {
        var response = await api.CreateClientForNewUser().GetAsync($"/api/tasks?{query}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.NotEmpty(problem["errors"]![field]!.AsArray());
    }

    [Fact]
    public async Task EveryBadParameterIsReportedAtOnce()
    {
        var response = await api.CreateClientForNewUser().GetAsync("/api/tasks?status=x&sort=x&order=x&limit=x&offset=x");

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        Assert.Equal(["limit", "offset", "order", "sort", "status"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    private static string? TotalCount(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Total-Count", out var values) ? values.Single() : null;

    private static int[] Ids(List<TaskDto> tasks) => [.. tasks.Select(t => t.Id)];

    private static string[] Titles(List<TaskDto> tasks) => [.. tasks.Select(t => t.Title)];
}
