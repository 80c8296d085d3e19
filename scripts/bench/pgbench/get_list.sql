-- GET /api/tasks (default: all, created desc, limit 100, offset 0): one statement, the count riding along with every row.
\set k random(0, :users - 1)
\set user_id :first_user + :k
\set take 100
\set skip 0
SELECT t.id, t.title, t.description, t.completed, t.created_at, t.updated_at, (
    SELECT count(*)::int
    FROM tasks AS t0
    WHERE t0.user_id = :user_id)
FROM tasks AS t
WHERE t.user_id = :user_id
ORDER BY t.created_at DESC, t.id DESC
LIMIT :take OFFSET :skip;
