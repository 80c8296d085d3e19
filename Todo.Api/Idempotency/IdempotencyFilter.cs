using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Todo.Api.Docs;
using Todo.Api.Errors;
using Todo.Api.Input;

namespace Todo.Api.Idempotency;

// The Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header) on the routes that change state in
// a way a blind retry would repeat. Without the header the handler runs its plain statement.
internal static class IdempotencyFilter
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder route) =>
        route.AddEndpointFilter(TakeFingerprint).ProducesProblem(StatusCodes.Status409Conflict).WithIdempotencyKeyDocs();

    // Runs after the input was found valid, so the fingerprint is taken of what the handler will get.
    private static ValueTask<object?> TakeFingerprint(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<IdempotencyKeyHeader>().SingleOrDefault() is { Key: not null } header)
        {
            header.Fingerprint = Fingerprint(context);
        }
        return next(context);
    }

    // The request as the handler gets it: method, route and validated input (the task id among it), so a retry
    // that spells the path or encodes the same JSON differently still matches, and a different body or task does not.
    private static byte[] Fingerprint(EndpointFilterInvocationContext context)
    {
        var http = context.HttpContext;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value;
        var input = context.Arguments.Where(argument => argument is IValidatedInput and not IdempotencyKeyHeader).ToArray();
        return SHA256.HashData(Encoding.UTF8.GetBytes($"{http.Request.Method} {route}\n{JsonSerializer.Serialize(input)}"));
    }
}

// The request's key, if it sent one. A malformed header is the contract's 422, through InputValidationFilter.
internal sealed class IdempotencyKeyHeader : IBindableFromHttpContext<IdempotencyKeyHeader>, IValidatedInput
{
    public string? Key { get; private init; }
    public byte[] Fingerprint { get; set; } = [];
    public ProblemHttpResult? Problem { get; private init; }

    public static ValueTask<IdempotencyKeyHeader?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        if (!context.Request.Headers.TryGetValue(IdempotencyFilter.Header, out var values))
        {
            return ValueTask.FromResult<IdempotencyKeyHeader?>(new IdempotencyKeyHeader());
        }

        return ValueTask.FromResult<IdempotencyKeyHeader?>(values.Count == 1 && IsValid(values[0])
            ? new IdempotencyKeyHeader { Key = values[0] }
            : new IdempotencyKeyHeader
            {
                Problem = Problems.Validation(FieldErrors.Of(IdempotencyFilter.Header,
                    $"{IdempotencyFilter.Header} must be 1 to {IdempotencyKey.MaxLength} visible ASCII characters.")),
            });
    }

    private static bool IsValid(string? key) =>
        key is { Length: > 0 and <= IdempotencyKey.MaxLength } && key.All(c => c is >= '!' and <= '~');
}
