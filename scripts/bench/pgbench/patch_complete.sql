-- PATCH /api/tasks/{id}/complete with no body (toggle). The API binds a null parameter for "completed";
-- pgbench cannot send a null parameter, so the literal NULL stands in for it.
\set k random(0, :users - 1)
\set user_id :first_user + :k
\set task_id :first_task + :k * :tasks_per_user + random(1, :tasks_per_user)
WITH task AS (UPDATE tasks SET completed = COALESCE(NULL, NOT completed), updated_at = :now
WHERE id = :task_id AND user_id = :user_id
RETURNING *)
SELECT task.id, task.title, task.description, task.completed, task.created_at, task.updated_at,
       EXISTS (SELECT 1 FROM tasks WHERE id = :task_id AND user_id <> :user_id) AS found
FROM (SELECT 1) AS one LEFT JOIN task ON true;
