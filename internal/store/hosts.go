package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/affected-dev/affected/internal/advisory"
)

// Host is a Windows machine of an upload: what matching needs, and what
// it gives (Entry, Affected, Verdicts).
type Host struct {
	// Name is the host's key in its source: the report's name, made
	// unique within the upload.
	Name string
	// Product is the canonical product id ("" when the inventories do not
	// tell it) and PlatformKey its family/version, the key re-matching
	// goes by.
	Product, PlatformKey string
	// Inventories is the JSON of the uploaded inventories the host was
	// combined from (what re-matching reads back).
	Inventories []byte
	// Entry is the JSON of the host as `affected host --format json`
	// shows it, without its verdicts; Affected counts its affected
	// verdicts.
	Entry    []byte
	Affected int
	Verdicts []HostVerdict
}

// HostVerdict is an advisory's verdict on a host, as stored: its
// identity, status and JSON (the report's form, in English).
type HostVerdict struct {
	AdvisoryID, Status string
	Data               []byte
}

// StatusAffected is the status of a verdict that is a finding (and is
// notified when it appears).
const StatusAffected = "affected"

type verdictKey struct{ host, advisory string }

// writeHosts stores a source's hosts (the previous ones are gone).
func writeHosts(ctx context.Context, tx pgx.Tx, sourceID int64, hosts []Host) error {
	rows := make([][]any, len(hosts))
	for i, h := range hosts {
		rows[i] = []any{sourceID, h.Name, int32(i), h.Product, h.PlatformKey, string(h.Inventories), string(h.Entry), int32(h.Affected)}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"hosts"}, []string{"source_id", "name", "ord", "product", "platform_key", "inventories", "entry", "affected"},
		pgx.CopyFromRows(rows))
	return err
}

// applyHostVerdicts makes the stored verdicts of a source's hosts (of
// every host when names is nil) equal those of hosts: new ones are added,
// changed ones updated, gone ones removed. A verdict that is affected and
// was not (new, or fixed before) gets a delivery for every webhook; its id
// is in NewIDs.
func applyHostVerdicts(ctx context.Context, tx pgx.Tx, sourceID int64, source string, names []string, hosts []Host) (Changes, error) {
	type stored struct {
		id     int64
		status string
		digest []byte
	}
	old := map[verdictKey]stored{}
	var rows pgx.Rows
	var err error
	if names == nil {
		rows, err = tx.Query(ctx, "SELECT id, host, advisory_id, status, digest FROM host_verdicts WHERE source_id = $1", sourceID)
	} else {
		rows, err = tx.Query(ctx, "SELECT id, host, advisory_id, status, digest FROM host_verdicts WHERE source_id = $1 AND host = ANY($2)", sourceID, names)
	}
	if err != nil {
		return Changes{}, err
	}
	var k verdictKey
	var st stored
	if _, err := pgx.ForEachRow(rows, []any{&st.id, &k.host, &k.advisory, &st.status, &st.digest}, func() error {
		old[k], st = st, stored{} // the next row's digest in a slice of its own
		return nil
	}); err != nil {
		return Changes{}, err
	}
	var ch Changes
	var ins struct{ hosts, advs, statuses, data []string }
	var upd struct {
		ids                []int64
		statuses, data     []string
		digests            [][]byte
		becameAffectedOnes []int64
	}
	var insDigests [][]byte
	for _, h := range hosts {
		for _, v := range h.Verdicts {
			k := verdictKey{h.Name, v.AdvisoryID}
			d := sha256.Sum256(v.Data)
			st, ok := old[k]
			delete(old, k)
			switch {
			case !ok:
				ins.hosts = append(ins.hosts, h.Name)
				ins.advs = append(ins.advs, v.AdvisoryID)
				ins.statuses = append(ins.statuses, v.Status)
				ins.data = append(ins.data, string(v.Data))
				insDigests = append(insDigests, d[:])
			case !bytes.Equal(st.digest, d[:]):
				upd.ids = append(upd.ids, st.id)
				upd.statuses = append(upd.statuses, v.Status)
				upd.data = append(upd.data, string(v.Data))
				upd.digests = append(upd.digests, d[:])
				if v.Status == StatusAffected && st.status != StatusAffected {
					upd.becameAffectedOnes = append(upd.becameAffectedOnes, st.id)
				}
			}
		}
	}
	if len(old) > 0 {
		ids := make([]int64, 0, len(old))
		for _, st := range old {
			ids = append(ids, st.id)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM host_verdicts WHERE id = ANY($1)", ids); err != nil {
			return Changes{}, err
		}
		ch.Removed = len(ids)
	}
	if len(upd.ids) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE host_verdicts v SET status = u.status, data = u.data, digest = u.digest, updated_at = now()
			FROM unnest($1::bigint[], $2::text[], $3::jsonb[], $4::bytea[]) AS u(id, status, data, digest) WHERE v.id = u.id`,
			upd.ids, upd.statuses, upd.data, upd.digests); err != nil {
			return Changes{}, err
		}
		ch.Updated = len(upd.ids)
		ch.NewIDs = append(ch.NewIDs, upd.becameAffectedOnes...)
	}
	if len(ins.hosts) > 0 {
		rows, err := tx.Query(ctx, `INSERT INTO host_verdicts (source_id, host, advisory_id, status, data, digest)
			SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::bytea[])
			RETURNING id, status`, sourceID, ins.hosts, ins.advs, ins.statuses, ins.data, insDigests)
		if err != nil {
			return Changes{}, err
		}
		for rows.Next() {
			var id int64
			var status string
			if err := rows.Scan(&id, &status); err != nil {
				rows.Close()
				return Changes{}, err
			}
			if status == StatusAffected {
				ch.NewIDs = append(ch.NewIDs, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return Changes{}, err
		}
		ch.New = len(ins.hosts)
	}
	if len(ch.NewIDs) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO deliveries (webhook_id, finding_id, kind, payload)
			SELECT w.id, v.id, 'host', jsonb_build_object('event', 'host.affected', 'verdict_id', v.id, 'source', $2::text, 'host', v.host,
				'product', h.product, 'verdict', v.data)
			FROM host_verdicts v JOIN hosts h ON h.source_id = v.source_id AND h.name = v.host CROSS JOIN webhooks w
			WHERE v.id = ANY($1) ORDER BY v.id, w.id`, ch.NewIDs, source); err != nil {
			return Changes{}, err
		}
	}
	return ch, nil
}

// advisoriesForPlatforms loads the advisories with platform rows of one
// of keys, each with only those rows (as the local database gives them to
// `affected host`), sorted by id.
func advisoriesForPlatforms(ctx context.Context, q querier, keys []string) ([]*advisory.Advisory, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	return queryAdvisories(ctx, q, `SELECT jsonb_set(data, '{platforms}', coalesce((SELECT jsonb_agg(p) FROM jsonb_array_elements(data->'platforms') p
			WHERE split_part(p->>'product_id', '/', 1) || '/' || split_part(p->>'product_id', '/', 2) = ANY($1)), '[]'))
		FROM advisories WHERE platforms && $1 ORDER BY id`, keys)
}

// storedHosts loads the hosts of sources whose product key is one of
// keys, by source and order.
func storedHosts(ctx context.Context, q querier, sourceIDs []int64, keys []string) (map[int64][]Host, []string, error) {
	rows, err := q.Query(ctx, `SELECT source_id, name, product, platform_key, inventories FROM hosts
		WHERE source_id = ANY($1) AND platform_key = ANY($2) ORDER BY source_id, ord`, sourceIDs, keys)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	out := map[int64][]Host{}
	seen := map[string]bool{}
	var used []string
	for rows.Next() {
		var id int64
		var h Host
		if err := rows.Scan(&id, &h.Name, &h.Product, &h.PlatformKey, &h.Inventories); err != nil {
			return nil, nil, err
		}
		out[id] = append(out[id], h)
		if !seen[h.PlatformKey] {
			seen[h.PlatformKey] = true
			used = append(used, h.PlatformKey)
		}
	}
	return out, used, rows.Err()
}

// rematchHosts recomputes the verdicts of the given hosts of a source
// (all their verdicts: one advisory's rows tell another's supersedence)
// and stores them.
func rematchHosts(ctx context.Context, tx pgx.Tx, sourceID int64, source string, hosts []Host) (Changes, error) {
	names := make([]string, len(hosts))
	entries := make([]string, len(hosts))
	affected := make([]int32, len(hosts))
	for i, h := range hosts {
		names[i], entries[i], affected[i] = h.Name, string(h.Entry), int32(h.Affected)
	}
	if _, err := tx.Exec(ctx, `UPDATE hosts h SET entry = u.entry, affected = u.affected
		FROM unnest($2::text[], $3::jsonb[], $4::int[]) AS u(name, entry, affected) WHERE h.source_id = $1 AND h.name = u.name`,
		sourceID, names, entries, affected); err != nil {
		return Changes{}, err
	}
	return applyHostVerdicts(ctx, tx, sourceID, source, names, hosts)
}

// HostInfo is a stored host: its place and its entry (the JSON of the
// report's host without verdicts, in English).
type HostInfo struct {
	Source     string
	Name       string
	Product    string
	Affected   int
	Entry      []byte
	UploadedAt time.Time
}

// Hosts lists the hosts of a source (of every source when empty), by
// source and name.
func (s *Store) Hosts(ctx context.Context, source string, page Page) ([]HostInfo, int, error) {
	page = page.norm()
	rows, err := s.pool.Query(ctx, `SELECT s.name, h.name, h.product, h.affected, h.entry, s.uploaded_at, count(*) OVER ()
		FROM hosts h JOIN sources s ON s.id = h.source_id WHERE $1 = '' OR s.name = $1
		ORDER BY s.name COLLATE "C", h.name COLLATE "C" LIMIT $2 OFFSET $3`, source, page.Limit, page.Offset)
	if err != nil {
		return nil, 0, wrap(err)
	}
	defer rows.Close()
	var out []HostInfo
	total := 0
	for rows.Next() {
		var h HostInfo
		if err := rows.Scan(&h.Source, &h.Name, &h.Product, &h.Affected, &h.Entry, &h.UploadedAt, &total); err != nil {
			return nil, 0, wrap(err)
		}
		out = append(out, h)
	}
	return out, total, wrap(rows.Err())
}

// Host returns one host of a source, or ErrNotFound.
func (s *Store) Host(ctx context.Context, source, name string) (HostInfo, error) {
	h := HostInfo{Source: source, Name: name}
	err := s.pool.QueryRow(ctx, `SELECT h.product, h.affected, h.entry, s.uploaded_at FROM hosts h JOIN sources s ON s.id = h.source_id
		WHERE s.name = $1 AND h.name = $2`, source, name).Scan(&h.Product, &h.Affected, &h.Entry, &h.UploadedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return h, ErrNotFound
	}
	return h, wrap(err)
}

// StoredVerdict is a verdict with the host it is about.
type StoredVerdict struct {
	ID                   int64
	Source, Host         string
	Product, ProductName string
	AdvisoryID, Status   string
	Data                 []byte // the report's form, in English
	CreatedAt, UpdatedAt time.Time
}

// VerdictFilter selects verdicts; empty fields select all.
type VerdictFilter struct {
	Source, Host, Advisory, Status string
}

// Verdicts lists verdicts by advisory, source and host (a host's in the
// order of `affected host`).
func (s *Store) Verdicts(ctx context.Context, f VerdictFilter, page Page) ([]StoredVerdict, int, error) {
	page = page.norm()
	rows, err := s.pool.Query(ctx, `SELECT v.id, s.name, v.host, h.product, coalesce(h.entry->>'product_name', ''), v.advisory_id, v.status,
			v.data, v.created_at, v.updated_at, count(*) OVER ()
		FROM host_verdicts v JOIN sources s ON s.id = v.source_id JOIN hosts h ON h.source_id = v.source_id AND h.name = v.host
		WHERE ($1 = '' OR s.name = $1) AND ($2 = '' OR v.host = $2) AND ($3 = '' OR v.advisory_id = $3) AND ($4 = '' OR v.status = $4)
		ORDER BY v.advisory_id COLLATE "C", s.name COLLATE "C", v.host COLLATE "C"
		LIMIT $5 OFFSET $6`, f.Source, f.Host, f.Advisory, f.Status, page.Limit, page.Offset)
	if err != nil {
		return nil, 0, wrap(err)
	}
	defer rows.Close()
	var out []StoredVerdict
	total := 0
	for rows.Next() {
		var v StoredVerdict
		if err := rows.Scan(&v.ID, &v.Source, &v.Host, &v.Product, &v.ProductName, &v.AdvisoryID, &v.Status, &v.Data, &v.CreatedAt, &v.UpdatedAt, &total); err != nil {
			return nil, 0, wrap(err)
		}
		out = append(out, v)
	}
	return out, total, wrap(rows.Err())
}

// AffectedHosts counts the hosts (source × host) an advisory affects, and
// the sources they are in.
func (s *Store) AffectedHosts(ctx context.Context, advisoryID string) (hosts, sources int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT source_id) FROM host_verdicts WHERE advisory_id = $1 AND status = 'affected'`,
		advisoryID).Scan(&hosts, &sources)
	return hosts, sources, wrap(err)
}
