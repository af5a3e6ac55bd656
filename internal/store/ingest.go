package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/affected-dev/affected/internal/advisory"
)

// matchLock is the advisory lock that uploads hold shared and advisory
// imports exclusively (see the package comment).
const matchLock = 0x6166666d61746368 // "affmatch"

// Upload is one source's new state.
type Upload struct {
	Source, Format, Tool string
	// Digest identifies the content: an upload with the digest the source
	// already has changes nothing.
	Digest   []byte
	Errors   []byte // JSON array of the inventory's errors
	Projects []Project
	Graphs   []Graph
	// Names are the normalised package ids of every graph (the advisories
	// of these are given to the matcher).
	Names []string
	// Hosts are the upload's Windows machines, and PlatformKeys their
	// product keys (the advisories with rows of these are given to the
	// matcher).
	Hosts        []Host
	PlatformKeys []string
	// Endpoints are the upload's TLS probe results (the advisories with
	// behaviour exposures are given to the matcher).
	Endpoints []Endpoint
}

// UploadMatcher matches an upload, with the advisories Replace loads for
// it in its transaction (so that an advisory import is wholly before or
// after it).
type UploadMatcher interface {
	// Packages returns the findings of the upload's graphs; advs are the
	// advisories that name one of Upload.Names.
	Packages(advs []*advisory.Advisory) ([]Finding, error)
	// Hosts sets the entries and verdicts of hosts; advs are the
	// advisories with platform rows of their products, each with only the
	// rows of Upload.PlatformKeys.
	Hosts(hosts []Host, advs []*advisory.Advisory) error
	// Endpoints sets the statuses and exposures of endpoints; advs are
	// the advisories with behaviour exposures.
	Endpoints(eps []Endpoint, advs []*advisory.Advisory) error
}

// Project is a project of a source.
type Project struct {
	Path       string
	Sources    []string
	Frameworks []string
}

// Graph is a stored dependency graph.
type Graph struct {
	SourceID  int64
	Source    string
	Ord       int
	Project   string
	Framework string
	// Data is the inventory target in its binary form (inventory.Target's
	// AppendBinary; JSON for graphs stored before it).
	Data []byte
	// Packages are the graph's package nodes (written on upload, not
	// read back).
	Packages []Package
}

// Package is a package of a graph.
type Package struct {
	Key, Name, Version string
	Direct             bool
}

// Finding is a finding as stored: its identity and its JSON (the
// report's form, in English).
type Finding struct {
	SourceID                                            int64
	Project, Framework, AdvisoryID, PackageKey, Version string
	Data                                                []byte
}

func (f *Finding) key() findingKey {
	return findingKey{f.SourceID, f.Project, f.Framework, f.AdvisoryID, f.PackageKey}
}

type findingKey struct {
	source                            int64
	project, framework, advisory, pkg string
}

// Changes counts what a write did to the findings.
type Changes struct {
	New, Updated, Removed int
	// NewIDs are the ids of the new findings.
	NewIDs []int64
}

func (c *Changes) add(d Changes) {
	c.New += d.New
	c.Updated += d.Updated
	c.Removed += d.Removed
	c.NewIDs = append(c.NewIDs, d.NewIDs...)
}

// ReplaceResult says what Replace did.
type ReplaceResult struct {
	SourceID  int64
	Unchanged bool // the same content was there already
	Changes
	// Hosts counts what the upload did to the hosts' verdicts, Endpoints
	// to the endpoints' exposures.
	Hosts, Endpoints Changes
}

// Replace makes up the source's state, in one transaction: its projects,
// graphs, packages and hosts replace the previous ones, and m gives its
// findings and host verdicts, which are compared with the stored ones:
// new ones are added (with a webhook delivery for each new finding and
// newly affected host), changed ones updated, gone ones removed.
func (s *Store) Replace(ctx context.Context, up *Upload, m UploadMatcher) (ReplaceResult, error) {
	var res ReplaceResult
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		res = ReplaceResult{}
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock_shared($1)", int64(matchLock)); err != nil {
			return err
		}
		id, digest, err := lockSource(ctx, tx, up.Source, up.Format)
		if err != nil {
			return err
		}
		res.SourceID = id
		if bytes.Equal(digest, up.Digest) {
			res.Unchanged = true
			return nil
		}
		for _, table := range []string{"graph_packages", "graphs", "projects", "hosts", "endpoints"} {
			if _, err := tx.Exec(ctx, "DELETE FROM "+table+" WHERE source_id = $1", id); err != nil {
				return err
			}
		}
		if err := copyInventory(ctx, tx, id, up); err != nil {
			return err
		}
		advs, err := advisoriesFor(ctx, tx, up.Names)
		if err != nil {
			return err
		}
		found, err := m.Packages(advs)
		if err != nil {
			return err
		}
		for i := range found {
			found[i].SourceID = id
		}
		ch, err := applyFindings(ctx, tx, []int64{id}, nil, found)
		if err != nil {
			return err
		}
		res.Changes = ch
		if len(up.Hosts) > 0 {
			padvs, err := advisoriesForPlatforms(ctx, tx, up.PlatformKeys)
			if err != nil {
				return err
			}
			if err := m.Hosts(up.Hosts, padvs); err != nil {
				return err
			}
			if err := writeHosts(ctx, tx, id, up.Hosts); err != nil {
				return err
			}
		}
		if res.Hosts, err = applyHostVerdicts(ctx, tx, id, up.Source, nil, up.Hosts); err != nil {
			return err
		}
		if len(up.Endpoints) > 0 {
			badvs, err := advisoriesWithBehaviours(ctx, tx)
			if err != nil {
				return err
			}
			if err := m.Endpoints(up.Endpoints, badvs); err != nil {
				return err
			}
			if err := writeEndpoints(ctx, tx, id, up.Endpoints); err != nil {
				return err
			}
		}
		if res.Endpoints, err = applyEndpointFindings(ctx, tx, id, up.Source, up.Endpoints); err != nil {
			return err
		}
		errs := up.Errors
		if len(errs) == 0 {
			errs = []byte("[]")
		}
		if _, err := tx.Exec(ctx, "UPDATE sources SET digest = $2, format = $3, tool = $4, errors = $5, uploaded_at = now() WHERE id = $1",
			id, up.Digest, up.Format, up.Tool, string(errs)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "SELECT pg_notify($1, $2)", workChannel, noticeChanged)
		return err
	})
	return res, wrap(err)
}

// lockSource returns the id and digest of a source, made when new, with
// its row locked until the transaction ends.
func lockSource(ctx context.Context, tx pgx.Tx, name, format string) (int64, []byte, error) {
	for {
		var id int64
		var digest []byte
		err := tx.QueryRow(ctx, "SELECT id, digest FROM sources WHERE name = $1 FOR UPDATE", name).Scan(&id, &digest)
		if err == nil {
			return id, digest, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return 0, nil, err
		}
		err = tx.QueryRow(ctx, "INSERT INTO sources (name, format, digest) VALUES ($1, $2, '') ON CONFLICT (name) DO NOTHING RETURNING id", name, format).Scan(&id)
		if err == nil {
			return id, nil, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return 0, nil, err
		}
		// Made meanwhile by another upload: lock that one.
	}
}

// copyInventory writes a source's projects, graphs and packages with
// COPY.
func copyInventory(ctx context.Context, tx pgx.Tx, id int64, up *Upload) error {
	rows := make([][]any, len(up.Projects))
	for i, p := range up.Projects {
		rows[i] = []any{id, p.Path, nonNil(p.Sources), nonNil(p.Frameworks)}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"projects"}, []string{"source_id", "path", "sources", "frameworks"}, pgx.CopyFromRows(rows)); err != nil {
		return err
	}
	rows = make([][]any, len(up.Graphs))
	n := 0
	for i, g := range up.Graphs {
		rows[i] = []any{id, int32(i), g.Project, g.Framework, g.Data}
		n += len(g.Packages)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"graphs"}, []string{"source_id", "ord", "project", "framework", "data"}, pgx.CopyFromRows(rows)); err != nil {
		return err
	}
	gi, pi := 0, 0
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"graph_packages"}, []string{"source_id", "ord", "name_key", "name", "version", "direct"},
		pgx.CopyFromFunc(func() ([]any, error) {
			for gi < len(up.Graphs) && pi >= len(up.Graphs[gi].Packages) {
				gi, pi = gi+1, 0
			}
			if gi >= len(up.Graphs) {
				return nil, nil
			}
			p := up.Graphs[gi].Packages[pi]
			pi++
			return []any{id, int32(gi), p.Key, p.Name, p.Version, p.Direct}, nil
		}))
	return err
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// advisoriesFor loads the advisories that name any of names, compiled,
// sorted by id.
func advisoriesFor(ctx context.Context, q querier, names []string) ([]*advisory.Advisory, error) {
	out, err := queryAdvisories(ctx, q, "SELECT data FROM advisories WHERE names && $1 ORDER BY id", names)
	for _, a := range out {
		a.Compile()
	}
	return out, err
}

// queryAdvisories runs a query whose one column is an advisory in the
// model's JSON and decodes every row.
func queryAdvisories(ctx context.Context, q querier, sql string, args ...any) ([]*advisory.Advisory, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*advisory.Advisory, error) {
		var data []byte
		if err := row.Scan(&data); err != nil {
			return nil, err
		}
		a := new(advisory.Advisory)
		return a, json.Unmarshal(data, a)
	})
}

// querier is a pool, a connection or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// applyFindings makes the stored findings of sources equal found (each
// with its SourceID), among those of the packages in names (all of them
// when names is nil): new ones are added, with a delivery for every
// webhook; changed ones updated; the others removed. It takes a few
// statements whatever the number of sources.
func applyFindings(ctx context.Context, tx pgx.Tx, sourceIDs []int64, names []string, found []Finding) (Changes, error) {
	type stored struct {
		id     int64
		digest []byte
	}
	old := map[findingKey]stored{}
	var rows pgx.Rows
	var err error
	if names == nil {
		rows, err = tx.Query(ctx, "SELECT id, source_id, project, framework, advisory_id, package_key, digest FROM findings WHERE source_id = ANY($1)", sourceIDs)
	} else {
		rows, err = tx.Query(ctx, `SELECT id, source_id, project, framework, advisory_id, package_key, digest FROM findings
			WHERE source_id = ANY($1) AND package_key = ANY($2)`, sourceIDs, names)
	}
	if err != nil {
		return Changes{}, err
	}
	var k findingKey
	var st stored
	if _, err := pgx.ForEachRow(rows, []any{&st.id, &k.source, &k.project, &k.framework, &k.advisory, &k.pkg, &st.digest}, func() error {
		old[k], st = st, stored{} // the next row's digest in a slice of its own
		return nil
	}); err != nil {
		return Changes{}, err
	}
	var ch Changes
	var ins, upd []Finding
	var updIDs []int64
	for i := range found {
		f := &found[i]
		d := sha256.Sum256(f.Data)
		st, ok := old[f.key()]
		switch {
		case !ok:
			ins = append(ins, *f)
		case !bytes.Equal(st.digest, d[:]):
			upd = append(upd, *f)
			updIDs = append(updIDs, st.id)
		}
		delete(old, f.key())
	}
	if len(old) > 0 {
		ids := make([]int64, 0, len(old))
		for _, st := range old {
			ids = append(ids, st.id)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM findings WHERE id = ANY($1)", ids); err != nil {
			return Changes{}, err
		}
		ch.Removed = len(ids)
	}
	if len(upd) > 0 {
		data, digests, versions := columns(upd)
		if _, err := tx.Exec(ctx, `UPDATE findings f SET data = u.data, digest = u.digest, version = u.version, updated_at = now()
			FROM unnest($1::bigint[], $2::jsonb[], $3::bytea[], $4::text[]) AS u(id, data, digest, version) WHERE f.id = u.id`,
			updIDs, data, digests, versions); err != nil {
			return Changes{}, err
		}
		ch.Updated = len(upd)
	}
	if len(ins) > 0 {
		data, digests, versions := columns(ins)
		srcs := make([]int64, len(ins))
		projects, fws, advs, keys := make([]string, len(ins)), make([]string, len(ins)), make([]string, len(ins)), make([]string, len(ins))
		for i, f := range ins {
			srcs[i], projects[i], fws[i], advs[i], keys[i] = f.SourceID, f.Project, f.Framework, f.AdvisoryID, f.PackageKey
		}
		rows, err := tx.Query(ctx, `INSERT INTO findings (source_id, project, framework, advisory_id, package_key, version, data, digest)
			SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::bytea[])
			RETURNING id`, srcs, projects, fws, advs, keys, versions, data, digests)
		if err != nil {
			return Changes{}, err
		}
		if ch.NewIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			return Changes{}, err
		}
		ch.New = len(ins)
		if _, err := tx.Exec(ctx, `INSERT INTO deliveries (webhook_id, finding_id, payload)
			SELECT w.id, f.id, jsonb_build_object('event', 'finding.new', 'finding_id', f.id, 'source', s.name, 'finding', f.data)
			FROM findings f JOIN sources s ON s.id = f.source_id CROSS JOIN webhooks w WHERE f.id = ANY($1) ORDER BY f.id, w.id`, ch.NewIDs); err != nil {
			return Changes{}, err
		}
	}
	return ch, nil
}

func columns(fs []Finding) (data []string, digests [][]byte, versions []string) {
	for _, f := range fs {
		d := sha256.Sum256(f.Data)
		data = append(data, string(f.Data))
		digests = append(digests, d[:])
		versions = append(versions, f.Version)
	}
	return data, digests, versions
}
