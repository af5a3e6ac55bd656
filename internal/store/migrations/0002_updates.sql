-- Advisory updates from the server's configured source (`db update
-- --server`, and the schedule): one row, which the process that runs a
-- scheduled update claims by moving started_at (so that one process of
-- many updates per period), and the outcome of the last one.
CREATE TABLE advisory_updates (
	id          int PRIMARY KEY CHECK (id = 1),
	started_at  timestamptz,
	finished_at timestamptz,
	source      text NOT NULL DEFAULT '',
	result      jsonb NOT NULL DEFAULT '{}'
);
INSERT INTO advisory_updates (id) VALUES (1);
