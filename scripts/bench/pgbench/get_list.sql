-- GET /api/tasks (default: all, created desc, limit 100, offset 0): one statement, the count joined to the page.
\set k random(0, :users - 1)
\set user_id :first_user + :k
\set take 100
\set skip 0
SELECT page.id, page.title, page.description, page.completed, page.created_at, page.updated_at, matches.total
FROM (SELECT count(*)::int AS total FROM tasks WHERE user_id = :user_id) AS matches
LEFT JOIN LATERAL (
    SELECT * FROM tasks WHERE user_id = :user_id
    ORDER BY created_at DESC, id DESC
    LIMIT :take OFFSET :skip) AS page ON true
ORDER BY page.created_at DESC, page.id DESC;
