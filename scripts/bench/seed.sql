-- Run by scripts/bench.sh after the API has migrated the fresh database (psql -v sets the numbers).
-- User u (the text of a number, 1 .. :background_users + :bench_users) owns tasks
-- (u-1)*:tasks_per_user + 1 .. u*:tasks_per_user; the last :bench_users users hold the tokens.
-- Numeric user ids let pgbench compute them with \set, as it cannot build strings.
INSERT INTO tasks (id, user_id, title, description, completed, created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT g,
       ((g - 1) / :tasks_per_user + 1)::text,
       'Task number ' || g,
       CASE WHEN g % 3 = 0 THEN 'A description of task ' || g END,
       g % 4 = 0,
       now() - g * interval '1 minute',
       now() - g * interval '1 minute' + interval '10 seconds'
FROM generate_series(1, (:background_users + :bench_users) * :tasks_per_user) AS g;

-- New tasks (POST) continue after the seeded ids.
SELECT setval(pg_get_serial_sequence('tasks', 'id'), (SELECT max(id) FROM tasks));
VACUUM ANALYZE tasks;
