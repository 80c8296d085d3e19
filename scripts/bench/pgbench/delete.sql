-- DELETE /api/tasks/{id}. Every transaction deletes a row that exists: client c takes rows
-- :delete_base + i * :clients + c (i = 0, 1, 2, ...) of a pool bench.sh seeds, whose owner is
-- benchmark user (row % :users). pgbench keeps a client's variables from one transaction to the next,
-- so :i (started at 0 with -D i=0) counts that client's deletes.
\set row :i * :clients + :client_id
\set task_id :delete_base + :row
\set user_id :first_user + :row % :users
\set i :i + 1
DELETE FROM tasks AS t
WHERE t.user_id = :user_id AND t.id = :task_id;
