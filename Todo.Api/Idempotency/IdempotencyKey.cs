using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Todo.Api.Idempotency;

// The response to the first request that carried a key, kept so that a repeat gets it again.
internal sealed class IdempotencyKey
{
    public const int MaxLength = 255;

    public required string UserId { get; init; }
    public required string Key { get; init; }
    public required byte[] Fingerprint { get; init; }
    public int Status { get; init; }
    public required string Body { get; init; }
    public string? Location { get; init; }
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
        // text, not jsonb: a replay must send the very bytes the first response sent.
        key.Property(k => k.Body).HasColumnName("body");
        key.Property(k => k.Location).HasColumnName("location");
        key.Property(k => k.CreatedAt).HasColumnName("created_at");
    }
}
