using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Tasks;

public sealed class ListTasksTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task NewUserHasAnEmptyListAndATotalOfZero()
    {
        var response = await api.CreateClientForNewUser().GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.ReadJsonArrayAsync());
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

        Assert.Equal([third.Id(), second.Id(), first.Id()], Ids(await response.ReadJsonArrayAsync()));
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
        (await client.PatchAsync($"/api/tasks/{done.Id()}/complete", null)).EnsureSuccessStatusCode();

        var response = await client.GetAsync($"/api/tasks?status={status}");

        Assert.Equal(expectedTitles, Titles(await response.ReadJsonArrayAsync()));
        Assert.Equal(expectedTitles.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), TotalCount(response));
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

        Assert.Equal(expectedTitles, Titles(await response.ReadJsonArrayAsync()));
    }

    [Fact]
    public async Task SortByUpdatedPutsTheLastChangedTaskFirst()
    {
        var client = api.CreateClientForNewUser();
        var oldest = await client.CreateTaskAsync("oldest");
        var newest = await client.CreateTaskAsync("newest");
        (await client.PatchAsJsonAsync($"/api/tasks/{oldest.Id()}", new { title = "oldest, edited" })).EnsureSuccessStatusCode();

        var byUpdated = await client.GetAsync("/api/tasks?sort=updated");
        var byCreated = await client.GetAsync("/api/tasks?sort=created");

        Assert.Equal([oldest.Id(), newest.Id()], Ids(await byUpdated.ReadJsonArrayAsync()));
        Assert.Equal([newest.Id(), oldest.Id()], Ids(await byCreated.ReadJsonArrayAsync()));
    }

    [Fact]
    public async Task LimitAndOffsetPageThroughTheListAndTotalCountsEveryMatch()
    {
        var client = api.CreateClientForNewUser();
        var created = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await client.CreateTaskAsync($"task {i}")).Id());
        }

        var page = await client.GetAsync("/api/tasks?order=asc&limit=2&offset=1");
        var beyond = await client.GetAsync("/api/tasks?limit=2&offset=5");

        Assert.Equal(created[1..3], Ids(await page.ReadJsonArrayAsync()));
        Assert.Equal("5", TotalCount(page));
        Assert.Empty(await beyond.ReadJsonArrayAsync());
        Assert.Equal("5", TotalCount(beyond));
    }

    [Fact]
    public async Task DefaultLimitIsOneHundredAndTheMaximumIsFiveHundred()
    {
        var client = api.CreateClientForNewUser();
        var bodies = Enumerable.Range(0, 101).Select(i => (object)new { title = $"task {i}" });
        foreach (var body in bodies)
        {
            (await client.PostAsJsonAsync("/api/tasks", body)).EnsureSuccessStatusCode();
        }

        var byDefault = await client.GetAsync("/api/tasks");
        var atMaximum = await client.GetAsync("/api/tasks?limit=500");
        var atMinimum = await client.GetAsync("/api/tasks?limit=1");

        Assert.Equal(100, (await byDefault.ReadJsonArrayAsync()).Count);
        Assert.Equal("101", TotalCount(byDefault));
        Assert.Equal(101, (await atMaximum.ReadJsonArrayAsync()).Count);
        Assert.Single(await atMinimum.ReadJsonArrayAsync());
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

    private static int[] Ids(JsonArray tasks) => [.. tasks.Select(t => t!.AsObject().Id())];

    private static string[] Titles(JsonArray tasks) => [.. tasks.Select(t => t!["title"].Text())];
}
