using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Todo.Api.Data;
using Todo.Api.Errors;
using Todo.Api.Tasks;

namespace Todo.Api.Idempotency;

// A task statement run at most once per key, in one statement and so one round trip and one transaction:
// the change and the stored response commit together or not at all.
// - An advisory lock taken without waiting tells a request whose key is still in flight elsewhere (409).
// - The stored response is read in the statement's snapshot; a first request that committed between that
//   snapshot and the lock is caught by the key's primary key instead (a unique violation, also a 409, and
//   nothing of this statement happens). Nothing ever reads a key to decide whether to insert it.
// - A lost commit is safe to retry: the retry finds the stored response.
internal static class IdempotentTasks
{
    public static async Task<KeyedOutcome> RunOnceAsync(this TodoDbContext db, TaskStatement statement, IdempotencyKeyHeader header,
        string userId, int status, DateTime now, CancellationToken cancellationToken)
    {
        if (header.Key is not { } key)
        {
            return new KeyedOutcome(await db.RunAsync(statement, cancellationToken), Replayed: false, Problem: null);
        }

        // Without its guard the change would run whatever the claim found: a statement must carry the marker.
        if (!statement.Sql.Contains(OwnedTasks.Guard, StringComparison.Ordinal) || header.Fingerprint.Length == 0)
        {
            throw new InvalidOperationException("A keyed statement needs OwnedTasks.Guard, and its route WithIdempotencyKey().");
        }
        var guard = "AND (SELECT locked FROM claim) AND NOT EXISTS (SELECT 1 FROM stored)";
        var sql = $"""
            WITH claim AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(@lock_id) AS locked),
            stored AS MATERIALIZED (
                SELECT * FROM idempotency_keys
                WHERE user_id = @user_id AND key = @key AND created_at > @expired AND (SELECT locked FROM claim)),
            expired AS (
                DELETE FROM idempotency_keys
                WHERE user_id = @user_id AND created_at <= @expired AND (SELECT locked FROM claim)
                RETURNING 1),
            task AS ({statement.Sql.Replace(OwnedTasks.Guard, guard, StringComparison.Ordinal)}),
            recorded AS (
                INSERT INTO idempotency_keys
                    (user_id, key, fingerprint, status, task_id, title, description, completed, task_created_at, task_updated_at, created_at)
                -- Joined to the count of expired rows so that they are gone, this key's own among them, before it is inserted.
                SELECT @user_id, @key, @fingerprint, @status, id, title, description, completed, created_at, updated_at, @now
                FROM task, (SELECT count(*) FROM expired) AS pruned
                RETURNING *)
            SELECT k.task_id, k.title, k.description, k.completed, k.task_created_at, k.task_updated_at,
                   EXISTS (SELECT 1 FROM tasks WHERE id = @found_id AND user_id <> @user_id) AS found, claim.locked, k.fresh, k.fingerprint
            FROM claim LEFT JOIN (SELECT true AS fresh, * FROM recorded UNION ALL SELECT false, * FROM stored) AS k ON true
            """;
        NpgsqlParameter[] parameters =
        [
            // The statement's own @user_id and @now serve the key too.
            .. statement.Parameters,
            new NpgsqlParameter<long>("lock_id", LockId(userId, key)),
            new NpgsqlParameter<string>("key", key),
            new NpgsqlParameter<byte[]>("fingerprint", header.Fingerprint),
            new NpgsqlParameter<int>("status", status),
            new NpgsqlParameter<DateTime>("expired", now - IdempotencyFilter.Lifetime),
            OwnedTasks.FoundId(statement.TaskId),
        ];

        (OwnedTask Owned, bool Locked, bool Fresh, byte[]? Fingerprint) row;
        try
        {
            row = await db.ReadSingleRowAsync(sql, parameters, reader => (
                new OwnedTask(OwnedTasks.ReadTask(reader, 0), reader.GetBoolean(6)),
                reader.GetBoolean(7),
                !reader.IsDBNull(8) && reader.GetBoolean(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9)), cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.TableName == "idempotency_keys")
        {
            return new KeyedOutcome(default, Replayed: false, Problems.IdempotencyKeyInUse());
        }

        if (!row.Locked)
        {
            return new KeyedOutcome(default, Replayed: false, Problems.IdempotencyKeyInUse());
        }
        if (row.Fingerprint is { } fingerprint && !fingerprint.AsSpan().SequenceEqual(header.Fingerprint))
        {
            return new KeyedOutcome(default, Replayed: false, Problems.IdempotencyKeyReused());
        }
        return new KeyedOutcome(row.Owned, Replayed: row.Fingerprint is not null && !row.Fresh, Problem: null);
    }

    private static long LockId(string userId, string key) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{key}")));
}

// Owned is the statement's outcome, or a replay of the first one's; Problem is the key's own (in use, reused).
internal readonly record struct KeyedOutcome(OwnedTask Owned, bool Replayed, ProblemHttpResult? Problem);
