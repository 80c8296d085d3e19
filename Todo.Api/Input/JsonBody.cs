using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Todo.Api.Errors;

namespace Todo.Api.Input;

internal interface IJsonRequest<TSelf> where TSelf : IJsonRequest<TSelf>
{
    // body is a JSON object, or Undefined when the request had none and BodyIsOptional.
    static abstract TSelf Read(JsonElement body, FieldErrors errors);

    static virtual bool BodyIsOptional => false;
}

internal static class JsonBody
{
    public const int MaxBytes = 64 * 1024;
}

// Reads the body by hand rather than through minimal API's binder, which answers malformed JSON or a value of the
// wrong type ("true" for a bool) with a 400 lacking the field errors of the contract's 422, and cannot tell a
// missing "description" from a null one.
internal sealed class JsonBody<T> : IBindableFromHttpContext<JsonBody<T>>, IValidatedInput where T : IJsonRequest<T>
{
    private readonly T? value;

    private JsonBody(T? value, ProblemHttpResult? problem)
    {
        this.value = value;
        Problem = problem;
    }

    public T Value => value ?? throw new InvalidOperationException("A rejected body reached a handler.");

    public ProblemHttpResult? Problem { get; }

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var request = context.Request;
        if (request.ContentLength > JsonBody.MaxBytes)
        {
            return Rejected(Problems.PayloadTooLarge());
        }

        // Not cancelled by the request's deadline: Kestrel leaves a body read cancelled midway in a state it
        // then fails to drain, and logs that as an error. A client that stops sending is cut off by Kestrel's
        // minimum data rate instead (a 408), and one that finishes after the deadline gets the 408 here.
        var (bytes, length) = await ReadBoundedAsync(request, CancellationToken.None);
        if (context.RequestAborted.IsCancellationRequested)
        {
            return Rejected(Problems.RequestTimeout());
        }
        if (length > JsonBody.MaxBytes)
        {
            return Rejected(Problems.PayloadTooLarge());
        }

        var errors = new FieldErrors();
        if (length == 0)
        {
            return T.BodyIsOptional
                ? new JsonBody<T>(T.Read(default, errors), null)
                : Rejected(Problems.Validation(FieldErrors.Of("body", "A JSON body is required.")));
        }

        if (!IsJson(request.ContentType))
        {
            return Rejected(Problems.UnsupportedMediaType());
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return Rejected(Problems.Validation(FieldErrors.Of("body", "The body is not valid JSON.")));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Rejected(Problems.Validation(FieldErrors.Of("body", "The body must be a JSON object.")));
            }

            var parsed = T.Read(document.RootElement, errors);
            return errors.IsEmpty ? new JsonBody<T>(parsed, null) : Rejected(Problems.Validation(errors));
        }
    }

    private static JsonBody<T> Rejected(ProblemHttpResult problem) => new(default, problem);

    // Reads at most one byte past the limit, whatever Content-Length claims.
    private static async Task<(byte[] Bytes, int Length)> ReadBoundedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(request.ContentLength ?? JsonBody.MaxBytes, JsonBody.MaxBytes) + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return (buffer, length);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
