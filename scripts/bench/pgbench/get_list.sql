-- GET /api/tasks (default: all, created desc, limit 100, offset 0): the API sends these two statements.
\set k random(0, :users - 1)
\set user_id :first_user + :k
\set take 100
\set skip 0
SELECT count(*)::int
FROM tasks AS t
WHERE t.user_id = :user_id;
SELECT t.id, t.title, t.description, t.completed, t.created_at, t.updated_at
FROM tasks AS t
WHERE t.user_id = :user_id
ORDER BY t.created_at DESC, t.id DESC
LIMIT :take OFFSET :skip;
