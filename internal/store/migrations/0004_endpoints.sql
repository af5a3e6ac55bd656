-- TLS endpoints (`affected tls --upload`) and the advisories whose
-- behaviour checks their probe results show.

-- One row per probed target of a source: result is the probe result as
-- uploaded (what re-matching reads back), status the verdict the server
-- derived from it (exposed, exposed_after_key_rotation, not_exposed,
-- undetermined).
CREATE TABLE endpoints (
	source_id bigint NOT NULL REFERENCES sources ON DELETE CASCADE,
	target    text NOT NULL,
	ord       int NOT NULL,
	address   text NOT NULL,
	status    text NOT NULL,
	result    jsonb NOT NULL,
	PRIMARY KEY (source_id, target)
);

-- An exposure is an advisory × endpoint whose behaviour check the result
-- shows; data is its check and the verdict (English).
CREATE TABLE endpoint_findings (
	id          bigserial PRIMARY KEY,
	source_id   bigint NOT NULL REFERENCES sources ON DELETE CASCADE,
	target      text NOT NULL,
	advisory_id text NOT NULL,
	data        jsonb NOT NULL,
	digest      bytea NOT NULL,
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now(),
	UNIQUE (source_id, target, advisory_id)
);
CREATE INDEX endpoint_findings_advisory ON endpoint_findings (advisory_id);
