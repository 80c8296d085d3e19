-- POST /api/tasks {"title": :title, "description": :description}. :now, :title and :description come
-- with -D, so they travel as parameters, as the API's values do.
\set k random(0, :users - 1)
\set user_id :first_user + :k
INSERT INTO tasks (created_at, description, title, updated_at, user_id)
VALUES (:now, :description, :title, :now, :user_id)
RETURNING id, completed;
