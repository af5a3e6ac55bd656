package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/affected-dev/affected/internal/advisory"
)

// ImportResult says what PutAdvisories did.
type ImportResult struct {
	Added, Replaced, Unchanged []string
	// Names are the package names whose findings are re-matched, and
	// Platforms the product keys whose hosts are (the job's); JobID the
	// job (0 when nothing changed).
	Names      []string
	Platforms  []string
	Behaviours []string
	JobID      int64
}

// Notification channel on which processes are told of new work, and of
// changes to what the pages show (noticeChanged).
const (
	workChannel   = "affected_work"
	noticeChanged = "changed"
)

// Merge combines a stored record with a new one of the same id (the
// Korean CSAF document of an advisory stored in English): it returns the
// record to store, or false when the new one replaces the stored one.
type Merge func(stored, a *advisory.Advisory) (*advisory.Advisory, bool)

// PutAdvisories stores advisories (a record with a stored id replaces it,
// or is merged into it by merge when that is not nil; the merge sees the
// stored record under its row lock, so that two documents of one advisory
// imported at once both count) and, when any changed, queues one
// re-matching job for the package names, product keys and behaviour
// checks the old and new records name. It holds the exclusive match
// lock: no upload is half-done meanwhile.
func (s *Store) PutAdvisories(ctx context.Context, advs []*advisory.Advisory, merge Merge) (ImportResult, error) {
	var res ImportResult
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		res = ImportResult{}
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(matchLock)); err != nil {
			return err
		}
		touched, platforms, behaviours := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, a := range advs {
			var oldData, oldDigest []byte
			var oldNames, oldPlatforms, oldBehaviours []string
			err := tx.QueryRow(ctx, "SELECT data, digest, names, platforms, behaviours FROM advisories WHERE id = $1 FOR UPDATE", a.ID).
				Scan(&oldData, &oldDigest, &oldNames, &oldPlatforms, &oldBehaviours)
			if err == nil && merge != nil {
				stored := new(advisory.Advisory)
				if jerr := json.Unmarshal(oldData, stored); jerr != nil {
					return jerr
				}
				if merged, ok := merge(stored, a); ok {
					a = merged
				}
			}
			data, merr := json.Marshal(a)
			if merr != nil {
				return merr
			}
			d := sha256.Sum256(data)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				res.Added = append(res.Added, a.ID)
			case err != nil:
				return err
			case bytes.Equal(oldDigest, d[:]):
				res.Unchanged = append(res.Unchanged, a.ID)
				continue
			default:
				res.Replaced = append(res.Replaced, a.ID)
			}
			names, keys, checks := a.NuGetIDs(), a.PlatformKeys(), a.BehaviourChecks()
			for _, n := range append(oldNames, names...) {
				touched[n] = true
			}
			for _, k := range append(oldPlatforms, keys...) {
				platforms[k] = true
			}
			for _, c := range append(oldBehaviours, checks...) {
				behaviours[c] = true
			}
			aliases := []string{strings.ToLower(a.ID)}
			for _, al := range a.Aliases {
				aliases = append(aliases, strings.ToLower(al))
			}
			if _, err := tx.Exec(ctx, `INSERT INTO advisories (id, data, digest, names, aliases, platforms, behaviours) VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, digest = EXCLUDED.digest, names = EXCLUDED.names,
				aliases = EXCLUDED.aliases, platforms = EXCLUDED.platforms, behaviours = EXCLUDED.behaviours, updated_at = now()`,
				a.ID, string(data), d[:], names, aliases, keys, checks); err != nil {
				return err
			}
		}
		res.Names, res.Platforms, res.Behaviours = sortedSet(touched), sortedSet(platforms), sortedSet(behaviours)
		if len(res.Added)+len(res.Replaced) > 0 {
			if _, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", workChannel, noticeChanged); err != nil {
				return err
			}
		}
		if len(res.Names)+len(res.Platforms)+len(res.Behaviours) == 0 {
			return nil
		}
		if err := tx.QueryRow(ctx, "INSERT INTO jobs (names, platforms, behaviours) VALUES ($1, $2, $3) RETURNING id",
			res.Names, res.Platforms, res.Behaviours).Scan(&res.JobID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "SELECT pg_notify($1, 'job')", workChannel)
		return err
	})
	return res, wrap(err)
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// SplitJob claims the oldest job, if any, and turns it into tasks of at
// most batch sources each (the sources whose graphs have one of the
// job's packages, whose hosts are of one of its products, and when it
// names behaviour checks those with endpoints). It reports whether it
// found a job.
func (s *Store) SplitJob(ctx context.Context, batch int) (bool, error) {
	found := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		found = false
		var id int64
		var names, platforms, behaviours []string
		err := tx.QueryRow(ctx, "SELECT id, names, platforms, behaviours FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED").
			Scan(&id, &names, &platforms, &behaviours)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		// Sources with a graph that has one of the packages, and sources
		// with findings for them (a record that no longer names a package
		// leaves findings to remove; they have the package anyway).
		rows, err := tx.Query(ctx, `SELECT DISTINCT source_id FROM graph_packages WHERE name_key = ANY($1)
			UNION SELECT DISTINCT source_id FROM findings WHERE package_key = ANY($1)
			UNION SELECT DISTINCT source_id FROM hosts WHERE platform_key = ANY($2)
			UNION SELECT DISTINCT source_id FROM endpoints WHERE cardinality($3::text[]) > 0 ORDER BY 1`, names, platforms, behaviours)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for len(ids) > 0 {
			n := min(batch, len(ids))
			if _, err := tx.Exec(ctx, "INSERT INTO tasks (job_id, names, platforms, behaviours, source_ids) VALUES ($1, $2, $3, $4, $5)",
				id, names, platforms, behaviours, ids[:n]); err != nil {
				return err
			}
			ids = ids[n:]
		}
		if _, err := tx.Exec(ctx, "DELETE FROM jobs WHERE id = $1", id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "SELECT pg_notify($1, 'task')", workChannel)
		return err
	})
	return found, wrap(err)
}

// Rematcher recomputes findings and verdicts for a task.
type Rematcher interface {
	// Packages is given the graphs of the task's sources that have one
	// of names (by source), and the advisories that name one of names; it
	// returns the findings of those packages only, each with the SourceID
	// of its graph.
	Packages(graphs []Graph, advs []*advisory.Advisory, names []string) ([]Finding, error)
	// Hosts sets the entries and every verdict of hosts of the task's
	// products; advs are the advisories with rows of their products, with
	// those rows only.
	Hosts(hosts []Host, advs []*advisory.Advisory) error
	// Endpoints sets the statuses and exposures of endpoints; advs are
	// the advisories with behaviour exposures.
	Endpoints(eps []Endpoint, advs []*advisory.Advisory) error
}

// RunTask claims the oldest task, if any, and recomputes its findings
// and verdicts with m, in the transaction that claimed it (a process that
// dies leaves the task to the others). It reports whether it found a
// task, and what changed (in findings; in host verdicts).
func (s *Store) RunTask(ctx context.Context, m Rematcher) (bool, Changes, error) {
	found := false
	var ch Changes
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		found, ch = false, Changes{}
		var id int64
		var names, platforms, behaviours []string
		var sources []int64
		err := tx.QueryRow(ctx, "SELECT id, names, platforms, behaviours, source_ids FROM tasks ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED").
			Scan(&id, &names, &platforms, &behaviours, &sources)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		// The sources in id order (uploads lock one source each: no
		// deadlock); those gone meanwhile drop out.
		rows, err := tx.Query(ctx, "SELECT id, name FROM sources WHERE id = ANY($1) ORDER BY id FOR UPDATE", sources)
		if err != nil {
			return err
		}
		type src struct {
			id   int64
			name string
		}
		var live []src
		for rows.Next() {
			var s src
			if err := rows.Scan(&s.id, &s.name); err != nil {
				rows.Close()
				return err
			}
			live = append(live, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var advs []*advisory.Advisory
		if len(names) > 0 {
			if advs, err = advisoriesFor(ctx, tx, names); err != nil {
				return err
			}
		}
		ids := make([]int64, len(live))
		for i, sc := range live {
			ids[i] = sc.id
		}
		var hosts map[int64][]Host
		if len(platforms) > 0 {
			var keys []string
			if hosts, keys, err = storedHosts(ctx, tx, ids, platforms); err != nil {
				return err
			}
			padvs, err := advisoriesForPlatforms(ctx, tx, keys)
			if err != nil {
				return err
			}
			var all []Host
			for _, sc := range live {
				all = append(all, hosts[sc.id]...)
			}
			if len(all) > 0 {
				if err := m.Hosts(all, padvs); err != nil {
					return err
				}
				// m set the entries of all's copies: hand them back.
				for _, sc := range live {
					n := len(hosts[sc.id])
					hosts[sc.id], all = all[:n], all[n:]
				}
			}
		}
		var endpoints map[int64][]Endpoint
		if len(behaviours) > 0 {
			if endpoints, err = storedEndpoints(ctx, tx, ids); err != nil {
				return err
			}
			badvs, err := advisoriesWithBehaviours(ctx, tx)
			if err != nil {
				return err
			}
			for _, sc := range live {
				if eps := endpoints[sc.id]; len(eps) > 0 {
					if err := m.Endpoints(eps, badvs); err != nil {
						return err
					}
				}
			}
		}
		if len(names) > 0 {
			graphs, err := graphsWith(ctx, tx, ids, names)
			if err != nil {
				return err
			}
			found, err := m.Packages(graphs, advs, names)
			if err != nil {
				return err
			}
			c, err := applyFindings(ctx, tx, ids, names, found)
			if err != nil {
				return err
			}
			ch.add(c)
		}
		for _, sc := range live {
			if hs := hosts[sc.id]; len(hs) > 0 {
				c, err := rematchHosts(ctx, tx, sc.id, sc.name, hs)
				if err != nil {
					return err
				}
				ch.add(c)
			}
			if eps := endpoints[sc.id]; len(eps) > 0 {
				c, err := rematchEndpoints(ctx, tx, sc.id, sc.name, eps)
				if err != nil {
					return err
				}
				ch.add(c)
			}
		}
		if _, err := tx.Exec(ctx, "DELETE FROM tasks WHERE id = $1", id); err != nil {
			return err
		}
		if len(ch.NewIDs) > 0 {
			if _, err := tx.Exec(ctx, "SELECT pg_notify($1, 'delivery')", workChannel); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, "SELECT pg_notify($1, $2)", workChannel, noticeChanged)
		return err
	})
	return found, ch, wrap(err)
}

// graphsWith loads the graphs of sources that have one of names, by
// source and order, in one query.
func graphsWith(ctx context.Context, q querier, sourceIDs []int64, names []string) ([]Graph, error) {
	rows, err := q.Query(ctx, `SELECT g.source_id, s.name, g.ord, g.project, g.framework, g.data FROM graphs g JOIN sources s ON s.id = g.source_id
		WHERE (g.source_id, g.ord) IN (SELECT DISTINCT source_id, ord FROM graph_packages WHERE source_id = ANY($1) AND name_key = ANY($2))
		ORDER BY g.source_id, g.ord`, sourceIDs, names)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Graph
	for rows.Next() {
		var g Graph
		if err := rows.Scan(&g.SourceID, &g.Source, &g.Ord, &g.Project, &g.Framework, &g.Data); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// Pending counts the jobs and tasks not done yet.
func (s *Store) Pending(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, "SELECT (SELECT count(*) FROM jobs) + (SELECT count(*) FROM tasks)").Scan(&n)
	return n, wrap(err)
}

// Listen calls wake whenever a process announces work (new jobs, tasks,
// deliveries) or a change to the findings, verdicts, exposures or
// advisories (changed true: what was read before may be stale), until ctx
// ends; and once with changed true as soon as it listens (announcements
// made before were not heard). It holds one connection of its own; after
// an error the caller listens again once the database is back.
func (s *Store) Listen(ctx context.Context, wake func(changed bool)) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return wrap(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+workChannel); err != nil {
		return wrap(err)
	}
	// What was read before now may have missed its announcements.
	wake(true)
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			conn.Conn().Close(context.Background()) // do not return a broken connection to the pool
			return wrap(err)
		}
		wake(n.Payload == noticeChanged)
	}
}
