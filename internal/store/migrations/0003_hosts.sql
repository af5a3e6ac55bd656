-- Windows hosts (`affected host --upload`) and their verdicts, matched
-- against the advisories' platform rows; re-matching by product.

-- The product keys ("windows-server/2012r2") of an advisory's platform
-- rows, and the checks of its behaviour exposures, as names are its
-- NuGet ids. Records stored before this migration get theirs from their
-- data (advisory.PlatformKey's rule in SQL).
ALTER TABLE advisories ADD COLUMN platforms text[] NOT NULL DEFAULT '{}';
ALTER TABLE advisories ADD COLUMN behaviours text[] NOT NULL DEFAULT '{}';
UPDATE advisories SET
	platforms = coalesce(ARRAY(
		SELECT DISTINCT split_part(p->>'product_id', '/', 1) || '/' || split_part(p->>'product_id', '/', 2)
		FROM jsonb_array_elements(CASE jsonb_typeof(data->'platforms') WHEN 'array' THEN data->'platforms' ELSE '[]' END) p
		WHERE split_part(p->>'product_id', '/', 1) <> '' AND split_part(p->>'product_id', '/', 2) <> ''), '{}'),
	behaviours = coalesce(ARRAY(
		SELECT DISTINCT b->>'check'
		FROM jsonb_array_elements(CASE jsonb_typeof(data->'behaviours') WHEN 'array' THEN data->'behaviours' ELSE '[]' END) b
		WHERE coalesce(b->>'check', '') <> ''), '{}');
CREATE INDEX advisories_platforms ON advisories USING gin (platforms);
CREATE INDEX advisories_behaviours ON advisories USING gin (behaviours);

-- One row per machine of a source: name is its key in the source (the
-- report's name, made unique), inventories the uploaded inventories it
-- was combined from (JSON, what re-matching reads), entry the host as
-- `affected host --format json` shows it without its verdicts (English),
-- with the counts and the updates to install.
CREATE TABLE hosts (
	source_id    bigint NOT NULL REFERENCES sources ON DELETE CASCADE,
	name         text NOT NULL,
	ord          int NOT NULL,
	product      text NOT NULL,
	platform_key text NOT NULL,
	inventories  jsonb NOT NULL,
	entry        jsonb NOT NULL,
	affected     int NOT NULL DEFAULT 0,
	PRIMARY KEY (source_id, name)
);
CREATE INDEX hosts_platform ON hosts (platform_key);

-- A verdict is an advisory × host (affected, fixed or unknown); data is
-- the verdict as `affected host --format json` writes it (in English).
CREATE TABLE host_verdicts (
	id          bigserial PRIMARY KEY,
	source_id   bigint NOT NULL REFERENCES sources ON DELETE CASCADE,
	host        text NOT NULL,
	advisory_id text NOT NULL,
	status      text NOT NULL,
	data        jsonb NOT NULL,
	digest      bytea NOT NULL,
	created_at  timestamptz NOT NULL DEFAULT now(),
	updated_at  timestamptz NOT NULL DEFAULT now(),
	UNIQUE (source_id, host, advisory_id)
);
CREATE INDEX host_verdicts_advisory ON host_verdicts (advisory_id, status);

-- Re-matching jobs and tasks name the product keys and behaviour checks
-- whose advisories changed, beside the package names.
ALTER TABLE jobs ADD COLUMN platforms text[] NOT NULL DEFAULT '{}';
ALTER TABLE jobs ADD COLUMN behaviours text[] NOT NULL DEFAULT '{}';
ALTER TABLE tasks ADD COLUMN platforms text[] NOT NULL DEFAULT '{}';
ALTER TABLE tasks ADD COLUMN behaviours text[] NOT NULL DEFAULT '{}';

-- A delivery notifies a new project finding or a newly affected host.
ALTER TABLE deliveries ADD COLUMN kind text NOT NULL DEFAULT 'finding';
