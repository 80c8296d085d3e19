-- DELETE /api/tasks/{id}. Every transaction deletes a row that exists: client c takes rows
-- :delete_base + i * :clients + c (i = 0, 1, 2, ...) of a pool bench.sh seeds, whose owner is
-- benchmark user (row % :users). pgbench keeps a client's variables from one transaction to the next,
-- so :i (started at 0 with -D i=0) counts that client's deletes.
\set row :i * :clients + :client_id
\set task_id :delete_base + :row
\set user_id :first_user + :row % :users
\set i :i + 1
WITH task AS (DELETE FROM tasks WHERE id = :task_id AND user_id = :user_id RETURNING *)
SELECT task.id, task.title, task.description, task.completed, task.created_at, task.updated_at,
       EXISTS (SELECT 1 FROM tasks WHERE id = :task_id AND user_id <> :user_id) AS found
FROM (SELECT 1) AS one LEFT JOIN task ON true;
