-- GET /api/tasks (default: all, created desc, limit 100, offset 0): one statement, the count riding along with every row.
\set k random(0, :users - 1)
\set user_id :first_user + :k
\set take 100
\set skip 0
SELECT id, title, description, completed, created_at, updated_at, (SELECT count(*)::int FROM tasks WHERE user_id = :user_id) AS total
FROM tasks WHERE user_id = :user_id
ORDER BY created_at DESC, id DESC
LIMIT :take OFFSET :skip;
