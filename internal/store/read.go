package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/affected-dev/affected/internal/advisory"
)

// AdvisoryCount is an advisory with how much of the estate it affects.
type AdvisoryCount struct {
	Advisory *advisory.Advisory
	// Projects counts the affected projects (source × project path),
	// Findings the findings (× framework × package), Hosts the affected
	// hosts (source × host), Endpoints the exposed TLS endpoints.
	Projects, Findings, Hosts, Endpoints int
}

// Page bounds a listing.
type Page struct{ Limit, Offset int }

func (p Page) norm() Page {
	if p.Limit <= 0 || p.Limit > 1000 {
		p.Limit = 100
	}
	if p.Offset < 0 {
		p.Offset = 0
	}
	return p
}

// Advisories lists advisories, the most widespread first (affected
// projects and hosts, then by id); only those that affect something when
// affected is set. Total is the number listed without the page.
func (s *Store) Advisories(ctx context.Context, affected bool, page Page) ([]AdvisoryCount, int, error) {
	page = page.norm()
	rows, err := s.pool.Query(ctx, `SELECT a.data, coalesce(c.projects, 0), coalesce(c.findings, 0), coalesce(h.hosts, 0), coalesce(x.endpoints, 0),
			count(*) OVER ()
		FROM advisories a LEFT JOIN (SELECT advisory_id, count(DISTINCT (source_id, project)) AS projects, count(*) AS findings
			FROM findings GROUP BY advisory_id) c ON c.advisory_id = a.id
		LEFT JOIN (SELECT advisory_id, count(*) AS hosts FROM host_verdicts WHERE status = 'affected' GROUP BY advisory_id) h
			ON h.advisory_id = a.id
		LEFT JOIN (SELECT advisory_id, count(*) AS endpoints FROM endpoint_findings GROUP BY advisory_id) x ON x.advisory_id = a.id
		WHERE NOT $1 OR c.findings > 0 OR h.hosts > 0 OR x.endpoints > 0
		ORDER BY coalesce(c.projects, 0) + coalesce(h.hosts, 0) + coalesce(x.endpoints, 0) DESC, a.id COLLATE "C" LIMIT $2 OFFSET $3`,
		affected, page.Limit, page.Offset)
	if err != nil {
		return nil, 0, wrap(err)
	}
	defer rows.Close()
	var out []AdvisoryCount
	total := 0
	for rows.Next() {
		var data []byte
		var c AdvisoryCount
		if err := rows.Scan(&data, &c.Projects, &c.Findings, &c.Hosts, &c.Endpoints, &total); err != nil {
			return nil, 0, wrap(err)
		}
		c.Advisory = new(advisory.Advisory)
		if err := json.Unmarshal(data, c.Advisory); err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, wrap(rows.Err())
}

// Advisory returns the advisory with the id or alias (case-insensitive),
// or ErrNotFound.
func (s *Store) Advisory(ctx context.Context, id string) (*advisory.Advisory, error) {
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT data FROM advisories WHERE aliases @> ARRAY[lower($1)] ORDER BY (lower(id) = lower($1)) DESC, id LIMIT 1`, id).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, wrap(err)
	}
	a := new(advisory.Advisory)
	if err := json.Unmarshal(data, a); err != nil {
		return nil, err
	}
	return a, nil
}

// StoredFinding is a finding with where it was found.
type StoredFinding struct {
	ID        int64
	Source    string
	Data      []byte // the report's form, in English
	CreatedAt time.Time
}

// FindingFilter selects findings; empty fields select all.
type FindingFilter struct {
	Advisory string // an advisory id (exact)
	Source   string
	Project  string
}

// Findings lists findings in the order of a scan report (advisory,
// project, framework, package), by source first.
func (s *Store) Findings(ctx context.Context, f FindingFilter, page Page) ([]StoredFinding, int, error) {
	page = page.norm()
	rows, err := s.pool.Query(ctx, `SELECT f.id, s.name, f.data, f.created_at, count(*) OVER ()
		FROM findings f JOIN sources s ON s.id = f.source_id
		WHERE ($1 = '' OR f.advisory_id = $1) AND ($2 = '' OR s.name = $2) AND ($3 = '' OR f.project = $3)
		ORDER BY f.advisory_id COLLATE "C", s.name COLLATE "C", f.project COLLATE "C", f.framework COLLATE "C", f.package_key COLLATE "C"
		LIMIT $4 OFFSET $5`, f.Advisory, f.Source, f.Project, page.Limit, page.Offset)
	if err != nil {
		return nil, 0, wrap(err)
	}
	defer rows.Close()
	var out []StoredFinding
	total := 0
	for rows.Next() {
		var sf StoredFinding
		if err := rows.Scan(&sf.ID, &sf.Source, &sf.Data, &sf.CreatedAt, &total); err != nil {
			return nil, 0, wrap(err)
		}
		out = append(out, sf)
	}
	return out, total, wrap(rows.Err())
}

// CountFindings counts every stored finding, and the distinct ones by
// identity (equal unless something doubled).
func (s *Store) CountFindings(ctx context.Context) (all, distinct int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT (source_id, project, framework, advisory_id, package_key)) FROM findings`).Scan(&all, &distinct)
	return all, distinct, wrap(err)
}

// Source is an uploaded source.
type Source struct {
	Name       string          `json:"name"`
	Format     string          `json:"format"`
	Tool       string          `json:"tool"`
	UploadedAt time.Time       `json:"uploaded_at"`
	Projects   int             `json:"projects"`
	Findings   int             `json:"findings"`
	Hosts      int             `json:"hosts"`
	Endpoints  int             `json:"endpoints"`
	Errors     json.RawMessage `json:"errors"`
}

// Sources lists the sources by name.
func (s *Store) Sources(ctx context.Context, page Page) ([]Source, int, error) {
	page = page.norm()
	rows, err := s.pool.Query(ctx, `SELECT s.name, s.format, s.tool, s.uploaded_at, s.errors,
		(SELECT count(*) FROM projects p WHERE p.source_id = s.id), (SELECT count(*) FROM findings f WHERE f.source_id = s.id),
		(SELECT count(*) FROM hosts h WHERE h.source_id = s.id), (SELECT count(*) FROM endpoints e WHERE e.source_id = s.id), count(*) OVER ()
		FROM sources s ORDER BY s.name COLLATE "C" LIMIT $1 OFFSET $2`, page.Limit, page.Offset)
	if err != nil {
		return nil, 0, wrap(err)
	}
	defer rows.Close()
	var out []Source
	total := 0
	for rows.Next() {
		var src Source
		var errs []byte
		if err := rows.Scan(&src.Name, &src.Format, &src.Tool, &src.UploadedAt, &errs, &src.Projects, &src.Findings, &src.Hosts, &src.Endpoints, &total); err != nil {
			return nil, 0, wrap(err)
		}
		src.Errors = errs
		out = append(out, src)
	}
	return out, total, wrap(rows.Err())
}

// ProjectInfo is a stored project with its number of findings.
type ProjectInfo struct {
	Source     string   `json:"source"`
	Path       string   `json:"path"`
	Frameworks []string `json:"frameworks"`
	Sources    []string `json:"sources"`
	Findings   int      `json:"findings"`
}

// Projects lists the projects of a source (of every source when empty).
func (s *Store) Projects(ctx context.Context, source string, page Page) ([]ProjectInfo, int, error) {
	page = page.norm()
	rows, err := s.pool.Query(ctx, `SELECT s.name, p.path, p.frameworks, p.sources,
		(SELECT count(*) FROM findings f WHERE f.source_id = p.source_id AND f.project = p.path), count(*) OVER ()
		FROM projects p JOIN sources s ON s.id = p.source_id WHERE $1 = '' OR s.name = $1
		ORDER BY s.name COLLATE "C", p.path COLLATE "C" LIMIT $2 OFFSET $3`, source, page.Limit, page.Offset)
	if err != nil {
		return nil, 0, wrap(err)
	}
	defer rows.Close()
	var out []ProjectInfo
	total := 0
	for rows.Next() {
		var p ProjectInfo
		if err := rows.Scan(&p.Source, &p.Path, &p.Frameworks, &p.Sources, &p.Findings, &total); err != nil {
			return nil, 0, wrap(err)
		}
		out = append(out, p)
	}
	return out, total, wrap(rows.Err())
}

// Hit is a package found by Search.
type Hit struct {
	Source    string `json:"source"`
	Project   string `json:"project"`
	Framework string `json:"framework"`
	Name      string `json:"name"`
	Version   string `json:"version"`
	Direct    bool   `json:"direct"`
}

// Search finds the graphs that have a package (normalised id), at a
// version when given (normalised).
func (s *Store) Search(ctx context.Context, key, version string, page Page) ([]Hit, int, error) {
	page = page.norm()
	rows, err := s.pool.Query(ctx, `SELECT s.name, g.project, g.framework, gp.name, gp.version, gp.direct, count(*) OVER ()
		FROM graph_packages gp JOIN graphs g ON g.source_id = gp.source_id AND g.ord = gp.ord JOIN sources s ON s.id = gp.source_id
		WHERE gp.name_key = $1 AND ($2 = '' OR gp.version = $2)
		ORDER BY s.name COLLATE "C", g.project COLLATE "C", g.framework COLLATE "C" LIMIT $3 OFFSET $4`, key, version, page.Limit, page.Offset)
	if err != nil {
		return nil, 0, wrap(err)
	}
	defer rows.Close()
	var out []Hit
	total := 0
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.Source, &h.Project, &h.Framework, &h.Name, &h.Version, &h.Direct, &total); err != nil {
			return nil, 0, wrap(err)
		}
		out = append(out, h)
	}
	return out, total, wrap(rows.Err())
}

// Project returns one project of a source, or ErrNotFound.
func (s *Store) Project(ctx context.Context, source, path string) (ProjectInfo, error) {
	p := ProjectInfo{Source: source, Path: path}
	err := s.pool.QueryRow(ctx, `SELECT p.frameworks, p.sources,
		(SELECT count(*) FROM findings f WHERE f.source_id = p.source_id AND f.project = p.path)
		FROM projects p JOIN sources s ON s.id = p.source_id WHERE s.name = $1 AND p.path = $2`, source, path).Scan(&p.Frameworks, &p.Sources, &p.Findings)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, wrap(err)
}

// Affected counts the projects (source × project path) and the sources
// an advisory affects.
func (s *Store) Affected(ctx context.Context, advisoryID string) (projects, sources int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT count(DISTINCT (source_id, project)), count(DISTINCT source_id) FROM findings WHERE advisory_id = $1`,
		advisoryID).Scan(&projects, &sources)
	return projects, sources, wrap(err)
}
