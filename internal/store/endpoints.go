package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/affected-dev/affected/internal/advisory"
)

// Endpoint is a probed TLS server of an upload: what matching needs, and
// what it gives (Status, Findings).
type Endpoint struct {
	Target, Address string
	// Result is the probe result as uploaded (JSON).
	Result []byte
	// Status is the verdict matching derived from Result; Findings the
	// advisories whose behaviour checks it shows.
	Status   string
	Findings []EndpointFinding
}

// EndpointFinding is an advisory an endpoint is exposed to: its JSON (the
// check and the verdict, in English).
type EndpointFinding struct {
	AdvisoryID string
	Data       []byte
}

// writeEndpoints stores a source's endpoints (the previous ones are
// gone).
func writeEndpoints(ctx context.Context, tx pgx.Tx, sourceID int64, eps []Endpoint) error {
	rows := make([][]any, len(eps))
	for i, e := range eps {
		rows[i] = []any{sourceID, e.Target, int32(i), e.Address, e.Status, string(e.Result)}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"endpoints"}, []string{"source_id", "target", "ord", "address", "status", "result"}, pgx.CopyFromRows(rows))
	return err
}

// applyEndpointFindings makes the stored exposures of a source's
// endpoints equal those of eps (every endpoint of the source): new ones
// are added with a delivery for every webhook (their ids in NewIDs),
// changed ones updated, gone ones removed.
func applyEndpointFindings(ctx context.Context, tx pgx.Tx, sourceID int64, source string, eps []Endpoint) (Changes, error) {
	type key struct{ target, advisory string }
	type stored struct {
		id     int64
		digest []byte
	}
	rows, err := tx.Query(ctx, "SELECT id, target, advisory_id, digest FROM endpoint_findings WHERE source_id = $1", sourceID)
	if err != nil {
		return Changes{}, err
	}
	old := map[key]stored{}
	var k key
	var st stored
	if _, err := pgx.ForEachRow(rows, []any{&st.id, &k.target, &k.advisory, &st.digest}, func() error {
		old[k], st = st, stored{} // the next row's digest in a slice of its own
		return nil
	}); err != nil {
		return Changes{}, err
	}
	var ch Changes
	var insTargets, insAdvs, insData []string
	var insDigests [][]byte
	for _, e := range eps {
		for _, f := range e.Findings {
			k := key{e.Target, f.AdvisoryID}
			d := sha256.Sum256(f.Data)
			st, ok := old[k]
			delete(old, k)
			switch {
			case !ok:
				insTargets, insAdvs, insData, insDigests = append(insTargets, e.Target), append(insAdvs, f.AdvisoryID), append(insData, string(f.Data)), append(insDigests, d[:])
			case !bytes.Equal(st.digest, d[:]):
				if _, err := tx.Exec(ctx, "UPDATE endpoint_findings SET data = $2, digest = $3, updated_at = now() WHERE id = $1", st.id, string(f.Data), d[:]); err != nil {
					return Changes{}, err
				}
				ch.Updated++
			}
		}
	}
	if len(old) > 0 {
		ids := make([]int64, 0, len(old))
		for _, st := range old {
			ids = append(ids, st.id)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM endpoint_findings WHERE id = ANY($1)", ids); err != nil {
			return Changes{}, err
		}
		ch.Removed = len(ids)
	}
	if len(insTargets) == 0 {
		return ch, nil
	}
	rows, err = tx.Query(ctx, `INSERT INTO endpoint_findings (source_id, target, advisory_id, data, digest)
		SELECT $1, * FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::bytea[]) RETURNING id`, sourceID, insTargets, insAdvs, insData, insDigests)
	if err != nil {
		return Changes{}, err
	}
	if ch.NewIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return Changes{}, err
	}
	ch.New = len(ch.NewIDs)
	_, err = tx.Exec(ctx, `INSERT INTO deliveries (webhook_id, finding_id, kind, payload)
		SELECT w.id, f.id, 'endpoint', jsonb_build_object('event', 'endpoint.exposed', 'exposure_id', f.id, 'source', $2::text, 'target', f.target,
			'address', e.address, 'advisory', f.advisory_id, 'exposure', f.data)
		FROM endpoint_findings f JOIN endpoints e ON e.source_id = f.source_id AND e.target = f.target CROSS JOIN webhooks w
		WHERE f.id = ANY($1) ORDER BY f.id, w.id`, ch.NewIDs, source)
	return ch, err
}

// advisoriesWithBehaviours loads the advisories that have behaviour
// exposures, sorted by id.
func advisoriesWithBehaviours(ctx context.Context, q querier) ([]*advisory.Advisory, error) {
	return queryAdvisories(ctx, q, "SELECT data FROM advisories WHERE behaviours <> '{}' ORDER BY id")
}

// storedEndpoints loads the endpoints of sources, by source and order.
func storedEndpoints(ctx context.Context, q querier, sourceIDs []int64) (map[int64][]Endpoint, error) {
	rows, err := q.Query(ctx, "SELECT source_id, target, address, result FROM endpoints WHERE source_id = ANY($1) ORDER BY source_id, ord", sourceIDs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]Endpoint{}
	for rows.Next() {
		var id int64
		var e Endpoint
		if err := rows.Scan(&id, &e.Target, &e.Address, &e.Result); err != nil {
			return nil, err
		}
		out[id] = append(out[id], e)
	}
	return out, rows.Err()
}

// rematchEndpoints stores the statuses and exposures matching gave a
// source's endpoints.
func rematchEndpoints(ctx context.Context, tx pgx.Tx, sourceID int64, source string, eps []Endpoint) (Changes, error) {
	targets, statuses := make([]string, len(eps)), make([]string, len(eps))
	for i, e := range eps {
		targets[i], statuses[i] = e.Target, e.Status
	}
	if _, err := tx.Exec(ctx, `UPDATE endpoints e SET status = u.status FROM unnest($2::text[], $3::text[]) AS u(target, status)
		WHERE e.source_id = $1 AND e.target = u.target`, sourceID, targets, statuses); err != nil {
		return Changes{}, err
	}
	return applyEndpointFindings(ctx, tx, sourceID, source, eps)
}

// EndpointInfo is a stored endpoint with its probe result (JSON, as
// uploaded) and the advisories it is exposed to.
type EndpointInfo struct {
	Source, Target, Address, Status string
	Result                          []byte
	Advisories                      []string
	UploadedAt                      time.Time
}

// Endpoints lists the endpoints of a source (of every source when
// empty), by source and target.
func (s *Store) Endpoints(ctx context.Context, source string, page Page) ([]EndpointInfo, int, error) {
	page = page.norm()
	rows, err := s.pool.Query(ctx, `SELECT s.name, e.target, e.address, e.status, e.result, s.uploaded_at,
			ARRAY(SELECT f.advisory_id FROM endpoint_findings f WHERE f.source_id = e.source_id AND f.target = e.target ORDER BY 1), count(*) OVER ()
		FROM endpoints e JOIN sources s ON s.id = e.source_id WHERE $1 = '' OR s.name = $1
		ORDER BY s.name COLLATE "C", e.target COLLATE "C" LIMIT $2 OFFSET $3`, source, page.Limit, page.Offset)
	if err != nil {
		return nil, 0, wrap(err)
	}
	defer rows.Close()
	var out []EndpointInfo
	total := 0
	for rows.Next() {
		var e EndpointInfo
		if err := rows.Scan(&e.Source, &e.Target, &e.Address, &e.Status, &e.Result, &e.UploadedAt, &e.Advisories, &total); err != nil {
			return nil, 0, wrap(err)
		}
		out = append(out, e)
	}
	return out, total, wrap(rows.Err())
}

// StoredExposure is an endpoint exposed to an advisory.
type StoredExposure struct {
	ID                      int64
	Source, Target, Address string
	AdvisoryID              string
	Data, Result            []byte // the exposure's JSON; the probe result
	CreatedAt, UpdatedAt    time.Time
}

// Exposures lists the endpoints exposed to an advisory, by source and
// target.
func (s *Store) Exposures(ctx context.Context, advisoryID string, page Page) ([]StoredExposure, int, error) {
	page = page.norm()
	rows, err := s.pool.Query(ctx, `SELECT f.id, s.name, f.target, e.address, f.advisory_id, f.data, e.result, f.created_at, f.updated_at, count(*) OVER ()
		FROM endpoint_findings f JOIN sources s ON s.id = f.source_id JOIN endpoints e ON e.source_id = f.source_id AND e.target = f.target
		WHERE f.advisory_id = $1 ORDER BY s.name COLLATE "C", f.target COLLATE "C" LIMIT $2 OFFSET $3`, advisoryID, page.Limit, page.Offset)
	if err != nil {
		return nil, 0, wrap(err)
	}
	defer rows.Close()
	var out []StoredExposure
	total := 0
	for rows.Next() {
		var x StoredExposure
		if err := rows.Scan(&x.ID, &x.Source, &x.Target, &x.Address, &x.AdvisoryID, &x.Data, &x.Result, &x.CreatedAt, &x.UpdatedAt, &total); err != nil {
			return nil, 0, wrap(err)
		}
		out = append(out, x)
	}
	return out, total, wrap(rows.Err())
}

// AffectedEndpoints counts the endpoints (source × target) exposed to an
// advisory, and the sources they are in.
func (s *Store) AffectedEndpoints(ctx context.Context, advisoryID string) (endpoints, sources int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT source_id) FROM endpoint_findings WHERE advisory_id = $1`,
		advisoryID).Scan(&endpoints, &sources)
	return endpoints, sources, wrap(err)
}
