using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Todo.Api.Auth;
using Todo.Api.Data;
using Todo.Api.Http;

namespace Todo.Api.Idempotency;

// The Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header) on the routes that change state in
// a way a blind retry would repeat. Without the header the handler runs as it always did: no transaction,
// no extra round trip.
internal static class IdempotencyFilter
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder route) =>
        route.AddEndpointFilter(RunOnceAsync).ProducesProblem(StatusCodes.Status409Conflict).WithIdempotencyKeyDocs();

    private sealed record KeyedRequest(
        EndpointFilterInvocationContext Context, EndpointFilterDelegate Next, TodoDbContext Db, string UserId, string Key, byte[] Fingerprint);

    private static async ValueTask<object?> RunOnceAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
        {
            return await next(context);
        }
        if (values.Count != 1 || !IsValidKey(values[0]))
        {
            return Problems.Validation(FieldErrors.Of(Header, $"{Header} must be 1 to {IdempotencyKey.MaxLength} visible ASCII characters."));
        }

        var db = http.RequestServices.GetRequiredService<TodoDbContext>();
        var request = new KeyedRequest(context, next, db, http.User.GetUserId(), values[0]!, Fingerprint(context));

        // Inside the execution strategy, so that a transient failure retries the whole transaction (never half
        // of it), and a commit whose outcome was lost is checked before anything runs again.
        return await db.Database.CreateExecutionStrategy().ExecuteInTransactionAsync(request, RunAsync,
            (r, cancellationToken) => r.Db.IdempotencyKeys.AnyAsync(
                k => k.UserId == r.UserId && k.Key == r.Key && k.Fingerprint == r.Fingerprint, cancellationToken),
            http.RequestAborted);
    }

    private static async Task<object?> RunAsync(KeyedRequest request, CancellationToken cancellationToken)
    {
        var (context, next, db, userId, key, fingerprint) = request;

        // A failed attempt may have left an added task behind; the retry must not insert it as well.
        db.ChangeTracker.Clear();

        // A concurrent insert of the same primary key would wait for the first transaction to end; the lock
        // answers at once instead. It is taken before the look-up, whose snapshot then sees a finished first.
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockId(userId, key)}) AS \"Value\"")
            .SingleAsync(cancellationToken);
        if (!locked)
        {
            return Problems.IdempotencyKeyInUse();
        }

        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var expired = now - Lifetime;
        var stored = await db.IdempotencyKeys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.UserId == userId && k.Key == key && k.CreatedAt > expired, cancellationToken);
        if (stored is not null)
        {
            return stored.Fingerprint.AsSpan().SequenceEqual(fingerprint) ? StoredResponse.From(stored) : Problems.IdempotencyKeyReused();
        }

        var result = await next(context);
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (StoredResponse.Capture(result, json) is not { } response)
        {
            return result;
        }

        // Expired keys go when their user stores a new one, this key's own expired row among them.
        await db.IdempotencyKeys.Where(k => k.UserId == userId && k.CreatedAt <= expired).ExecuteDeleteAsync(cancellationToken);
        db.IdempotencyKeys.Add(new IdempotencyKey
        {
            UserId = userId,
            Key = key,
            Fingerprint = fingerprint,
            Status = response.Status,
            Body = response.Body,
            Location = response.Location,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    private static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= IdempotencyKey.MaxLength } && key.All(c => c is >= '!' and <= '~');

    // The request as the handler gets it: method, route and validated input (the task id among it), so a retry
    // that spells the path or encodes the same JSON differently still matches, and a different body or task does not.
    private static byte[] Fingerprint(EndpointFilterInvocationContext context)
    {
        var http = context.HttpContext;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value;
        var input = context.Arguments.Where(argument => argument is IValidatedInput).ToArray();
        return SHA256.HashData(Encoding.UTF8.GetBytes($"{http.Request.Method} {route}\n{JsonSerializer.Serialize(input)}"));
    }

    private static long LockId(string userId, string key) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{key}")));
}
