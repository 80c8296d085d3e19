using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Todo.Api.Idempotency;

// The first response to a request that carried a key, kept so that a repeat gets it again: its status and the
// task as that response showed it. A replay serializes these values as the first response did, so the bytes match.
internal sealed class IdempotencyKey
{
    public const int MaxLength = 255;

    public required string UserId { get; init; }
    public required string Key { get; init; }
    public required byte[] Fingerprint { get; init; }
    public int Status { get; init; }
    public int TaskId { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public bool Completed { get; init; }
    public DateTime TaskCreatedAt { get; init; }
    public DateTime TaskUpdatedAt { get; init; }
    public DateTime CreatedAt { get; init; }
}

internal sealed class IdempotencyKeyConfiguration : IEntityTypeConfiguration<IdempotencyKey>
{
    public void Configure(EntityTypeBuilder<IdempotencyKey> key)
    {
        key.ToTable("idempotency_keys");
        // The user leads the key: keys of different users never meet, and pruning a user's rows is a range scan.
        key.HasKey(k => new { k.UserId, k.Key });
        key.Property(k => k.UserId).HasColumnName("user_id");
        key.Property(k => k.Key).HasColumnName("key").HasMaxLength(IdempotencyKey.MaxLength);
        key.Property(k => k.Fingerprint).HasColumnName("fingerprint");
        key.Property(k => k.Status).HasColumnName("status");
        key.Property(k => k.TaskId).HasColumnName("task_id");
        key.Property(k => k.Title).HasColumnName("title");
        key.Property(k => k.Description).HasColumnName("description");
        key.Property(k => k.Completed).HasColumnName("completed");
        key.Property(k => k.TaskCreatedAt).HasColumnName("task_created_at");
        key.Property(k => k.TaskUpdatedAt).HasColumnName("task_updated_at");
        key.Property(k => k.CreatedAt).HasColumnName("created_at");
    }
}
