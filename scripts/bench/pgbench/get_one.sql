-- GET /api/tasks/{id}: the statement the API sends (EF Core's log, Command=Information), @p -> :var.
-- A random benchmark user k and one of its own tasks, as the wrk script picks them. The EXISTS tells a 403 from
-- a 404 in the same round trip.
\set k random(0, :users - 1)
\set user_id :first_user + :k
\set task_id :first_task + :k * :tasks_per_user + random(1, :tasks_per_user)
WITH task AS (SELECT * FROM tasks WHERE id = :task_id AND user_id = :user_id)
SELECT task.id, task.title, task.description, task.completed, task.created_at, task.updated_at,
       EXISTS (SELECT 1 FROM tasks WHERE id = :task_id AND user_id <> :user_id) AS found
FROM (SELECT 1) AS one LEFT JOIN task ON true;
