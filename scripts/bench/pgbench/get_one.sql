-- GET /api/tasks/{id}: the statement the API sends (EF Core's log, Command=Information), @p -> :var.
-- A random benchmark user k and one of its own tasks, as the wrk script picks them.
\set k random(0, :users - 1)
\set user_id :first_user + :k
\set task_id :first_task + :k * :tasks_per_user + random(1, :tasks_per_user)
SELECT t.id, t.title, t.description, t.completed, t.created_at, t.updated_at
FROM tasks AS t
WHERE t.user_id = :user_id AND t.id = :task_id
LIMIT 1;
