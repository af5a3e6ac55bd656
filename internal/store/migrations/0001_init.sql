-- Tokens: only a SHA-256 hash of each secret is kept.
CREATE TABLE tokens (
	id         bigserial PRIMARY KEY,
	hash       bytea NOT NULL UNIQUE,
	scope      text NOT NULL CHECK (scope IN ('upload', 'read', 'admin')),
	name       text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL DEFAULT now(),
	last_used  timestamptz
);

-- Sessions of the web pages: a cookie's hash, the token signed in with,
-- and the CSRF token of its forms.
CREATE TABLE sessions (
	hash       bytea PRIMARY KEY,
	token_id   bigint NOT NULL REFERENCES tokens ON DELETE CASCADE,
	csrf       text NOT NULL,
	expires_at timestamptz NOT NULL
);

-- A source is what one upload describes (a checkout, an SBOM, a host):
-- the next upload of the same name replaces it whole.
CREATE TABLE sources (
	id          bigserial PRIMARY KEY,
	name        text NOT NULL UNIQUE,
	format      text NOT NULL,
	tool        text NOT NULL DEFAULT '',
	digest      bytea NOT NULL,
	errors      jsonb NOT NULL DEFAULT '[]',
	uploaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE projects (
	source_id  bigint NOT NULL REFERENCES sources ON DELETE CASCADE,
	path       text NOT NULL,
	sources    text[] NOT NULL,
	frameworks text[] NOT NULL,
	PRIMARY KEY (source_id, path)
);

-- One dependency graph per project × framework, as the inventory's
-- target (JSON: nodes and edges).
CREATE TABLE graphs (
	source_id bigint NOT NULL REFERENCES sources ON DELETE CASCADE,
	ord       int NOT NULL,
	project   text NOT NULL,
	framework text NOT NULL,
	data      bytea NOT NULL,
	PRIMARY KEY (source_id, ord)
);

-- The packages of every graph, for searches and for finding the graphs
-- an advisory touches.
CREATE TABLE graph_packages (
	source_id bigint NOT NULL,
	ord       int NOT NULL,
	name_key  text NOT NULL,
	name      text NOT NULL,
	version   text NOT NULL,
	direct    boolean NOT NULL
);
CREATE INDEX graph_packages_name ON graph_packages (name_key, version);
CREATE INDEX graph_packages_source ON graph_packages (source_id);

-- Advisories in affected's model; names are the normalised NuGet ids they
-- expose, aliases the lower-cased ids and aliases.
CREATE TABLE advisories (
	id         text PRIMARY KEY,
	data       jsonb NOT NULL,
	digest     bytea NOT NULL,
	names      text[] NOT NULL,
	aliases    text[] NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX advisories_names ON advisories USING gin (names);
CREATE INDEX advisories_aliases ON advisories USING gin (aliases);

-- A finding is an advisory × project × framework × package; data is the
-- finding as `affected scan --format json` writes it (in English).
CREATE TABLE findings (
	id          bigserial PRIMARY KEY,
	source_id   bigint NOT NULL REFERENCES sources ON DELETE CASCADE,
	project     text NOT NULL,
	framework   text NOT NULL,
	advisory_id text NOT NULL,
	package_key text NOT NULL,
	version     text NOT NULL,
	data        jsonb NOT NULL,
	digest      bytea NOT NULL,
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now(),
	UNIQUE (source_id, project, framework, advisory_id, package_key)
);
CREATE INDEX findings_advisory ON findings (advisory_id);

-- Re-matching work: a job names the packages whose advisories changed;
-- claiming it splits it into tasks of a few sources each, which any
-- server process claims (FOR UPDATE SKIP LOCKED).
CREATE TABLE jobs (
	id         bigserial PRIMARY KEY,
	names      text[] NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE tasks (
	id         bigserial PRIMARY KEY,
	job_id     bigint NOT NULL,
	names      text[] NOT NULL,
	source_ids bigint[] NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhooks (
	id         bigserial PRIMARY KEY,
	url        text NOT NULL,
	secret     text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);

-- One delivery per webhook and new finding, made in the transaction that
-- made the finding; retried with backoff until delivered or given up.
CREATE TABLE deliveries (
	id           bigserial PRIMARY KEY,
	webhook_id   bigint NOT NULL REFERENCES webhooks ON DELETE CASCADE,
	finding_id   bigint NOT NULL,
	payload      jsonb NOT NULL,
	attempts     int NOT NULL DEFAULT 0,
	next_attempt timestamptz NOT NULL DEFAULT now(),
	delivered_at timestamptz,
	failed_at    timestamptz,
	last_error   text NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_due ON deliveries (next_attempt) WHERE delivered_at IS NULL AND failed_at IS NULL;
