-- POST /api/tasks {"title": :title, "description": :description}. :now, :title and :description come
-- with -D, so they travel as parameters, as the API's values do. A create has no id to look for: NULL.
\set k random(0, :users - 1)
\set user_id :first_user + :k
WITH task AS (INSERT INTO tasks (user_id, title, description, completed, created_at, updated_at)
SELECT :user_id, :title, :description, false, :now, :now WHERE true
RETURNING *)
SELECT task.id, task.title, task.description, task.completed, task.created_at, task.updated_at,
       EXISTS (SELECT 1 FROM tasks WHERE id = NULL AND user_id <> :user_id) AS found
FROM (SELECT 1) AS one LEFT JOIN task ON true;
