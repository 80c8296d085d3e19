using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Todo.Api.Tasks;

namespace Todo.Api.Idempotency;

// A handler's success as it goes on the wire, and its replay: status, JSON body and Location.
internal sealed class StoredResponse(int status, string body, string? location) : IResult, IStatusCodeHttpResult
{
    public int Status => status;
    public string Body => body;
    public string? Location => location;

    int? IStatusCodeHttpResult.StatusCode => status;

    public static StoredResponse From(IdempotencyKey stored) => new(stored.Status, stored.Body, stored.Location);

    // Only successes are kept: a handler's error changed nothing, so a retry may as well run again.
    public static StoredResponse? Capture(object? result, JsonSerializerOptions json)
    {
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (inner is not IStatusCodeHttpResult { StatusCode: int status and >= 200 and < 300 } || inner is not IValueHttpResult { Value: { } value })
        {
            return null;
        }

        var location = (inner as Created<TaskResponse>)?.Location;
        return new StoredResponse(status, JsonSerializer.Serialize(value, value.GetType(), json), location);
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        if (location is not null)
        {
            response.Headers.Location = location;
        }
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(body, httpContext.RequestAborted);
    }
}
