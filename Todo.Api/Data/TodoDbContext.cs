using Microsoft.EntityFrameworkCore;
using Todo.Api.Idempotency;
using Todo.Api.Tasks;

namespace Todo.Api.Data;

internal sealed class TodoDbContext(DbContextOptions<TodoDbContext> options) : DbContext(options)
{
    public DbSet<TaskItem> Tasks => Set<TaskItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var task = modelBuilder.Entity<TaskItem>();
        task.ToTable("tasks");
        task.HasKey(t => t.Id);
        task.Property(t => t.Id).HasColumnName("id").UseIdentityByDefaultColumn();
        task.Property(t => t.UserId).HasColumnName("user_id").IsRequired();
        task.Property(t => t.Title).HasColumnName("title").HasMaxLength(TaskRules.TitleMaxLength).IsRequired();
        task.Property(t => t.Description).HasColumnName("description").HasMaxLength(TaskRules.DescriptionMaxLength);
        task.Property(t => t.Completed).HasColumnName("completed").HasDefaultValue(false);
        task.Property(t => t.CreatedAt).HasColumnName("created_at");
        task.Property(t => t.UpdatedAt).HasColumnName("updated_at");

        // Serves "this user's tasks, newest first" (scanned backwards) and the owner predicate of every query.
        task.HasIndex(t => new { t.UserId, t.CreatedAt, t.Id }).HasDatabaseName("ix_tasks_user_id_created_at_id");

        modelBuilder.ApplyConfiguration(new IdempotencyKeyConfiguration());
    }
}
