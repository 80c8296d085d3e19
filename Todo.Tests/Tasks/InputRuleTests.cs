using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Tasks;

// The contract's input rules. Every rejected request must also leave the database as it was.
public sealed class InputRuleTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    private const string Emoji = "\U0001F95B"; // one character, two UTF-16 code units

    public static TheoryData<string, string> BadCreateBodies => new()
    {
        { """{}""", "title" },
        { """{"description": "no title"}""", "title" },
        { """{"title": ""}""", "title" },
        { """{"title": "   \t\n "}""", "title" },
        { """{"title": null}""", "title" },
        { """{"title": 5}""", "title" },
        { """{"title": ["a"]}""", "title" },
        { """{"title": {"text": "a"}}""", "title" },
        { $$"""{"title": "{{new string('a', 201)}}"}""", "title" },
        { $$"""{"title": "{{string.Concat(Enumerable.Repeat(Emoji, 201))}}"}""", "title" },
        { """{"title": "nul \u0000 inside"}""", "title" },
        { """{"title": "lone \ud800 surrogate"}""", "title" },
        { $$"""{"title": "ok", "description": "{{new string('d', 1001)}}"}""", "description" },
        { """{"title": "ok", "description": 7}""", "description" },
        { """{"title": "ok", "description": false}""", "description" },
        { """{"title": "ok", "description": "nul \u0000"}""", "description" },
        { "{\"title\": \"{\", \"description\": \"x\"", "body" },
        { """{title: "unquoted"}""", "body" },
        { """[{"title": "in an array"}]""", "body" },
        { """ "just a string" """, "body" },
        { """null""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadCreateBodies))]
    public async Task BadCreateBodyIsA422NamingTheFieldAndStoresNothing(string body, string field)
    {
        var client = api.CreateClientForNewUser();

        var response = await client.SendRawAsync(HttpMethod.Post, "/api/tasks", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        var messages = problem["errors"]![field]!.AsArray();
        Assert.NotEmpty(messages);
        Assert.All(messages, message => Assert.False(string.IsNullOrWhiteSpace(message.Text())));
        await AssertNoTasksAsync(client);
    }

    [Theory]
    [InlineData(200, "a")]
    [InlineData(200, Emoji)]
    [InlineData(1, "a")]
    public async Task TitleLengthIsCountedInCharacters(int count, string character)
    {
        var title = string.Concat(Enumerable.Repeat(character, count));

        var response = await api.CreateClientForNewUser().PostAsJsonAsync("/api/tasks", new { title });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(title, (await response.ReadTaskAsync()).Title);
    }

    [Fact]
    public async Task TitleIsMeasuredAfterTrimming()
    {
        var title = "  " + new string('a', 200) + "  ";

        var response = await api.CreateClientForNewUser().PostAsJsonAsync("/api/tasks", new { title });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("d")]
    [InlineData(Emoji)]
    public async Task DescriptionMayBeAThousandCharacters(string character)
    {
        var description = string.Concat(Enumerable.Repeat(character, 1000));

        var response = await api.CreateClientForNewUser().PostAsJsonAsync("/api/tasks", new { title = "ok", description });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(description, (await response.ReadTaskAsync()).Description);
    }

    [Fact]
    public async Task UnicodeTextRoundTrips()
    {
        var client = api.CreateClientForNewUser();
        var title = "Café ☕ — 牛乳を買う " + Emoji;

        var created = await client.CreateTaskAsync(title, "Ünïcödé\nline two");

        var stored = await client.GetTaskAsync(created.Id);
        Assert.Equal(title, stored.Title);
        Assert.Equal("Ünïcödé\nline two", stored.Description);
    }

    [Fact]
    public async Task UnknownFieldsAreIgnored()
    {
        var response = await api.CreateClientForNewUser().SendRawAsync(HttpMethod.Post, "/api/tasks",
            """{"title": "Buy milk", "priority": "high", "tags": ["a"], "nested": {"deep": [1, 2]}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static TheoryData<string, string, string, string> NonJsonBodies
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var contentType in (string[])["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x"])
            {
                data.Add("POST", "", """{"title": "x"}""", contentType);
                data.Add("PUT", "/{id}", """{"title": "x"}""", contentType);
                data.Add("PATCH", "/{id}/complete", """{"completed": true}""", contentType);
            }
            return data;
        }
    }

    // {id} stands for the caller's task.
    [Theory]
    [MemberData(nameof(NonJsonBodies))]
    public async Task ABodyThatIsNotJsonIsA415(string method, string suffix, string body, string contentType)
    {
        var client = api.CreateClientForNewUser();
        var task = await client.CreateTaskAsync();
        var path = $"/api/tasks{suffix.Replace("{id}", $"{task.Id}", StringComparison.Ordinal)}";

        var response = await client.SendRawAsync(new HttpMethod(method), path, body, contentType);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Contains("Content-Type: application/json", problem["detail"].Text(), StringComparison.Ordinal);
        Assert.Equal([task], await client.GetTasksAsync());
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/merge-patch+json")]
    public async Task JsonMediaTypesAreAccepted(string contentType)
    {
        var response = await api.CreateClientForNewUser().SendRawAsync(HttpMethod.Post, "/api/tasks", """{"title": "x"}""", contentType);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ABodyOverSixtyFourKibibytesIsA413()
    {
        var client = api.CreateClientForNewUser();
        var body = $$"""{"title": "big", "padding": "{{new string('x', 64 * 1024)}}"}""";

        var response = await client.SendRawAsync(HttpMethod.Post, "/api/tasks", body);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await AssertNoTasksAsync(client);
    }

    [Fact]
    public async Task ALargeBodyWithoutAContentLengthIsA413Too()
    {
        var client = api.CreateClientForNewUser();
        var bytes = Encoding.UTF8.GetBytes($$"""{"title": "big", "padding": "{{new string('x', 100 * 1024)}}"}""");
        var content = new StreamContent(new UnseekableStream(bytes));
        content.Headers.ContentType = new("application/json");

        var response = await client.PostAsync("/api/tasks", content);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await AssertNoTasksAsync(client);
    }

    [Fact]
    public async Task ABodyJustUnderTheLimitIsRead()
    {
        var padding = new string('x', 64 * 1024 - 100);

        var response = await api.CreateClientForNewUser().SendRawAsync(HttpMethod.Post, "/api/tasks",
            $$"""{"title": "fits", "padding": "{{padding}}"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task CreateWithoutABodyIsA422()
    {
        var client = api.CreateClientForNewUser();

        var response = await client.PostAsync("/api/tasks", null);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        await AssertNoTasksAsync(client);
    }

    [Fact]
    public async Task AllFieldErrorsAreReportedTogetherAsListsOfMessages()
    {
        var response = await api.CreateClientForNewUser().SendRawAsync(HttpMethod.Post, "/api/tasks",
            """{"title": "", "description": 1}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_error");
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["description", "title"], errors.Select(e => e.Key).Order());
        Assert.All(errors, e => Assert.IsType<JsonArray>(e.Value));
    }

    private static async Task AssertNoTasksAsync(HttpClient client) => Assert.Empty(await client.GetTasksAsync());

    // Makes HttpClient send the body chunked, with no Content-Length to trust.
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
