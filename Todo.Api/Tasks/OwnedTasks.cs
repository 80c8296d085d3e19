using Npgsql;
using Todo.Api.Data;

namespace Todo.Api.Tasks;

// Every statement the tasks API and the MCP tools send, each with the owner predicate, each one round trip: a
// statement on one task also says whether the id exists at all, so a miss is told apart (403 or 404) in the
// same trip. The keyed (Idempotency-Key) path runs the same statements inside its own (IdempotentTasks).
internal static class OwnedTasks
{
    // Where the keyed path adds its condition; the plain path leaves it out.
    public const string Guard = "/*guard*/";

    public static TaskStatement Find(int id, string userId) => new(
        $"SELECT * FROM tasks WHERE id = @id AND user_id = @user_id {Guard}",
        id, [Id(id), User(userId)]);

    // INSERT … SELECT rather than VALUES, so that a guard has a WHERE to join.
    public static TaskStatement Create(string userId, CreateTaskRequest request, DateTime now) => new(
        $"""
        INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
        SELECT @user_id, @title, @description, false, @now, @now WHERE true {Guard}
        RETURNING *
        """,
        null, [User(userId), new NpgsqlParameter<string>("title", request.Title), Description(request.Description), Now(now)]);

    // A single UPDATE … RETURNING: the owner predicate and the change travel together, so two concurrent
    // edits of different fields cannot lose each other's.
    public static TaskStatement Update(int id, string userId, UpdateTaskRequest change, DateTime now) => new(
        $"""
        UPDATE tasks SET
            title = CASE WHEN @has_title THEN @title ELSE title END,
            description = CASE WHEN @has_description THEN @description ELSE description END,
            completed = COALESCE(@completed, completed),
            updated_at = @now
        WHERE id = @id AND user_id = @user_id {Guard}
        RETURNING *
        """,
        id,
        [
            Id(id), User(userId), Now(now), Completed(change.Completed),
            new NpgsqlParameter<bool>("has_title", change.Title is not null), new NpgsqlParameter<string?>("title", change.Title),
            new NpgsqlParameter<bool>("has_description", change.HasDescription), Description(change.Description),
        ]);

    // completed null toggles.
    public static TaskStatement SetCompleted(int id, string userId, bool? completed, DateTime now) => new(
        $"""
        UPDATE tasks SET completed = COALESCE(@completed, NOT completed), updated_at = @now
        WHERE id = @id AND user_id = @user_id {Guard}
        RETURNING *
        """,
        id, [Id(id), User(userId), Completed(completed), Now(now)]);

    public static TaskStatement Delete(int id, string userId) => new(
        $"DELETE FROM tasks WHERE id = @id AND user_id = @user_id {Guard} RETURNING *",
        id, [Id(id), User(userId)]);

    public static Task<OwnedTask> FindOwnedTaskAsync(this TodoDbContext db, int id, string userId, CancellationToken cancellationToken) =>
        db.RunAsync(Find(id, userId), cancellationToken);

    public static Task<OwnedTask> CreateOwnedTaskAsync(this TodoDbContext db, string userId, CreateTaskRequest request, DateTime now,
        CancellationToken cancellationToken) =>
        db.RunAsync(Create(userId, request, now), cancellationToken);

    public static Task<OwnedTask> UpdateOwnedTaskAsync(this TodoDbContext db, int id, string userId, UpdateTaskRequest change, DateTime now,
        CancellationToken cancellationToken) =>
        db.RunAsync(Update(id, userId, change, now), cancellationToken);

    public static Task<OwnedTask> SetOwnedTaskCompletedAsync(this TodoDbContext db, int id, string userId, bool? completed, DateTime now,
        CancellationToken cancellationToken) =>
        db.RunAsync(SetCompleted(id, userId, completed, now), cancellationToken);

    public static Task<OwnedTask> DeleteOwnedTaskAsync(this TodoDbContext db, int id, string userId, CancellationToken cancellationToken) =>
        db.RunAsync(Delete(id, userId), cancellationToken);

    // The page and the count in one statement: the count joined to the page, so that a page past the end, which has
    // no row, still carries it (a null task). The filter and the order come from the parsed query's enums, never
    // from the request's text.
    public static async Task<(List<TaskResponse> Page, int Total)> ListOwnedTasksAsync(this TodoDbContext db, string userId,
        TaskListQuery query, CancellationToken cancellationToken)
    {
        var matching = "user_id = @user_id" + query.StatusFilter switch
        {
            TaskStatusFilter.Pending => " AND NOT completed",
            TaskStatusFilter.Completed => " AND completed",
            _ => "",
        };
        var column = query.SortBy switch
        {
            TaskSort.Updated => "updated_at",
            TaskSort.Title => "title",
            _ => "created_at",
        };
        // Ties broken by id, so pages never overlap or skip a task.
        var direction = query.Descending ? "DESC" : "ASC";

        var rows = await db.ReadRowsAsync($"""
            SELECT page.id, page.title, page.description, page.completed, page.created_at, page.updated_at, matches.total
            FROM (SELECT count(*)::int AS total FROM tasks WHERE {matching}) AS matches
            LEFT JOIN LATERAL (
                SELECT * FROM tasks WHERE {matching}
                ORDER BY {column} {direction}, id {direction}
                LIMIT @take OFFSET @skip) AS page ON true
            ORDER BY page.{column} {direction}, page.id {direction}
            """,
            [User(userId), new NpgsqlParameter<int>("take", query.Take), new NpgsqlParameter<int>("skip", query.Skip)],
            row => (Task: ReadTask(row, 0), Total: row.GetInt32(6)), cancellationToken);

        return ([.. rows.Where(row => row.Task is not null).Select(row => row.Task!)], rows[0].Total);
    }

    // The statement's row, if it touched one of the caller's tasks, and whether another user has a task with that id. Asked
    // as "another user's", not "any", because the EXISTS reads the statement's snapshot: a task the caller's concurrent
    // DELETE removed while this statement waited on its row is then a 404, not a 403. A task never changes owner.
    public static Task<OwnedTask> RunAsync(this TodoDbContext db, TaskStatement statement, CancellationToken cancellationToken) =>
        db.ReadSingleRowAsync($"""
            WITH task AS ({statement.Sql.Replace(" " + Guard, "", StringComparison.Ordinal)})
            SELECT task.id, task.title, task.description, task.completed, task.created_at, task.updated_at,
                   EXISTS (SELECT 1 FROM tasks WHERE id = @found_id AND user_id <> @user_id) AS found
            FROM (SELECT 1) AS one LEFT JOIN task ON true
            """,
            [.. statement.Parameters, FoundId(statement.TaskId)],
            row => new OwnedTask(ReadTask(row, 0), row.GetBoolean(6)),
            cancellationToken);

    // Six columns from first on: id, title, description, completed, created_at, updated_at; a null id is no task.
    public static TaskResponse? ReadTask(System.Data.Common.DbDataReader row, int first) => row.IsDBNull(first)
        ? null
        : new TaskResponse(row.GetInt32(first), row.GetString(first + 1), row.IsDBNull(first + 2) ? null : row.GetString(first + 2),
            row.GetBoolean(first + 3), row.GetDateTime(first + 4), row.GetDateTime(first + 5));

    public static NpgsqlParameter<int?> FoundId(int? id) => new NpgsqlParameter<int?>("found_id", id);

    private static NpgsqlParameter<int> Id(int id) => new NpgsqlParameter<int>("id", id);
    private static NpgsqlParameter<string> User(string userId) => new NpgsqlParameter<string>("user_id", userId);
    private static NpgsqlParameter<DateTime> Now(DateTime now) => new NpgsqlParameter<DateTime>("now", now);
    private static NpgsqlParameter<string?> Description(string? description) => new NpgsqlParameter<string?>("description", description);
    private static NpgsqlParameter<bool?> Completed(bool? completed) => new NpgsqlParameter<bool?>("completed", completed);
}

// One statement on the caller's tasks: SQL with the owner predicate and OwnedTasks.Guard in its WHERE clause, the id
// it is about (none for a create) and its parameters.
internal sealed record TaskStatement(string Sql, int? TaskId, NpgsqlParameter[] Parameters);

// Task is null when the statement touched none of the caller's tasks; Found then says another user has a task with that id.
internal readonly record struct OwnedTask(TaskResponse? Task, bool Found);
