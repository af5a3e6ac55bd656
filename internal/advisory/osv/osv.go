// Package osv reads OSV records (https://ossf.github.io/osv-schema/), the
// format in which the GitHub Advisory Database and osv.dev publish NuGet
// advisories, into the advisory model.
//
// Scope and limits:
//
//   - One record per file (the schema's only form; osv.dev's all.zip holds
//     one record per entry). Schema versions 1.0 to 1.7 read the same way.
//   - Strict about the fields it uses: a wrong JSON type, a missing "id", an
//     event with no or several keys, a range without a type or events, an
//     unparsable timestamp, or a NuGet version that is not a NuGet version
//     is an error at file:line:col. Unknown fields, "database_specific" and
//     "ecosystem_specific" of any shape are accepted.
//   - affected[] entries are merged per (ecosystem, name), NuGet names
//     compared case-insensitively: GHSA NuGet records give one entry per
//     release line, each with one range (1.0.0–<1.0.6, 1.1.0–<1.1.6), and
//     the model wants one package exposure holding both ranges.
//   - Packages of other ecosystems (GHSA-m5vv-6r4h-3vj9 names PyPI, npm,
//     Maven and Go packages beside NuGet ones) are kept in the model, with
//     their ecosystem, so that `affected db show` shows the record as
//     published; matching and the database's package index look only at
//     NuGet exposures.
//   - GIT ranges (commit hashes) are dropped: a NuGet graph has versions,
//     not commits. affected[].package.purl is not read (name and ecosystem
//     say the same).
//   - The qualitative severity is GHSA's database_specific.severity (LOW,
//     MODERATE, HIGH, CRITICAL); CVSS vectors are kept as Scores and not
//     scored. "summary" becomes the English title and "details" the English
//     summary.
//   - database_specific.last_known_affected_version_range (GHSA) is not
//     read: a range "introduced 0" with no end means every version, as the
//     schema's evaluation rules say.
package osv

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/jsonwalk"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// record is an OSV record (https://ossf.github.io/osv-schema/#id-modified-fields
// and following), restricted to the fields affected reads.
type record struct {
	SchemaVersion    string          `json:"schema_version"`
	ID               string          `json:"id"`
	Modified         string          `json:"modified"`
	Published        string          `json:"published"`
	Withdrawn        string          `json:"withdrawn"`
	Aliases          []string        `json:"aliases"`
	Related          []string        `json:"related"`
	Summary          string          `json:"summary"`
	Details          string          `json:"details"`
	Severity         []severity      `json:"severity"`
	Affected         []affected      `json:"affected"`
	References       []reference     `json:"references"`
	DatabaseSpecific json.RawMessage `json:"database_specific"`
}

// severity is https://ossf.github.io/osv-schema/#severity-field.
type severity struct {
	Type  string `json:"type"`
	Score string `json:"score"`
}

// affected is https://ossf.github.io/osv-schema/#affected-fields.
type affected struct {
	Package  *pkg       `json:"package"`
	Severity []severity `json:"severity"`
	Ranges   []rng      `json:"ranges"`
	Versions []string   `json:"versions"`
}

type pkg struct {
	Ecosystem string `json:"ecosystem"`
	Name      string `json:"name"`
	PURL      string `json:"purl"`
}

// rng is https://ossf.github.io/osv-schema/#affectedranges-field.
type rng struct {
	Type   string  `json:"type"`
	Repo   string  `json:"repo"`
	Events []event `json:"events"`
}

type event struct {
	Introduced   *string `json:"introduced"`
	Fixed        *string `json:"fixed"`
	LastAffected *string `json:"last_affected"`
	Limit        *string `json:"limit"`
}

type reference struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

// Ecosystem is the OSV ecosystem name of NuGet packages.
const Ecosystem = "NuGet"

// Parse reads the OSV record in data; file names it in errors, which are
// *extract.Error values located at file:line:col.
func Parse(file string, data []byte) (*advisory.Advisory, error) {
	body, base := extract.TrimBOM(data)
	var r record
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, extract.JSONError(file, data, base, err)
	}
	p := &parser{file: file, data: data, body: body, base: base}
	a, err := p.convert(&r)
	if err != nil {
		return nil, err
	}
	return a, nil
}

type parser struct {
	file string
	data []byte // as given, for positions
	body []byte // without a BOM
	base int64  // bytes cut from data to make body
}

// errorAt returns a located error about the value at path.
func (p *parser) errorAt(path []any, m *i18n.Message, args ...any) error {
	off, _ := jsonwalk.ValueOffset(p.body, path...)
	return extract.Errorf(p.file, extract.PosAt(p.data, off+p.base), m, args...)
}

func (p *parser) time(path []any, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, p.errorAt(path, msgBadTime, path[len(path)-1], s)
	}
	return t.UTC(), nil
}

func (p *parser) convert(r *record) (*advisory.Advisory, error) {
	if strings.TrimSpace(r.ID) == "" {
		if _, ok := jsonwalk.ValueOffset(p.body, "id"); !ok {
			return nil, p.errorAt(nil, msgMissing, "id")
		}
		return nil, p.errorAt([]any{"id"}, msgEmpty, "id")
	}
	a := &advisory.Advisory{ID: r.ID, Source: "osv", Texts: []advisory.Text{}}
	for _, al := range r.Aliases {
		if al != "" && al != r.ID {
			a.Aliases = append(a.Aliases, al)
		}
	}
	var err error
	if r.Modified != "" {
		if a.Modified, err = p.time([]any{"modified"}, r.Modified); err != nil {
			return nil, err
		}
	}
	if r.Published != "" {
		if a.Published, err = p.time([]any{"published"}, r.Published); err != nil {
			return nil, err
		}
	}
	if r.Withdrawn != "" {
		w, err := p.time([]any{"withdrawn"}, r.Withdrawn)
		if err != nil {
			return nil, err
		}
		a.Withdrawn = &w
	}
	if r.Summary != "" || r.Details != "" {
		a.Texts = append(a.Texts, advisory.Text{Lang: "en", Title: strings.TrimSpace(r.Summary), Summary: strings.TrimSpace(r.Details)})
	}
	a.Severity = databaseSeverity(r.DatabaseSpecific)
	addScores := func(ss []severity) {
		for _, s := range ss {
			sc := advisory.Score{Type: s.Type, Score: s.Score}
			if s.Score != "" && !containsScore(a.Scores, sc) {
				a.Scores = append(a.Scores, sc)
			}
		}
	}
	addScores(r.Severity)
	for _, ref := range r.References {
		if ref.URL != "" {
			a.References = append(a.References, advisory.Ref{Type: ref.Type, URL: ref.URL})
		}
	}

	byKey := map[string]int{} // ecosystem + name → index in a.Packages
	for i, af := range r.Affected {
		addScores(af.Severity)
		if af.Package == nil || af.Package.Name == "" {
			continue // a GIT-only entry (OSS-Fuzz style): nothing to match
		}
		eco, name := af.Package.Ecosystem, af.Package.Name
		nugetPkg := eco == Ecosystem
		key := eco + "\x00" + name
		if nugetPkg {
			key = eco + "\x00" + nuget.NormalizeID(name)
		}
		j, ok := byKey[key]
		if !ok {
			j = len(a.Packages)
			byKey[key] = j
			a.Packages = append(a.Packages, advisory.PackageExposure{Ecosystem: eco, Name: name})
		}
		pe := &a.Packages[j]
		for k, rg := range af.Ranges {
			at := []any{"affected", i, "ranges", k}
			if rg.Type == "" {
				return nil, p.errorAt(at, msgMissing, "type")
			}
			if len(rg.Events) == 0 {
				return nil, p.errorAt(at, msgMissing, "events")
			}
			if rg.Type == "GIT" {
				continue
			}
			out := advisory.Range{Type: rg.Type}
			for m, ev := range rg.Events {
				e, err := p.event(append(at, "events", m), ev, nugetPkg && rg.Type == "ECOSYSTEM")
				if err != nil {
					return nil, err
				}
				out.Events = append(out.Events, e)
			}
			pe.Ranges = append(pe.Ranges, out)
		}
		for k, v := range af.Versions {
			if nugetPkg {
				if _, err := nuget.ParseVersion(v); err != nil {
					return nil, p.errorAt([]any{"affected", i, "versions", k}, msgBadVersion, err)
				}
			}
			if !containsString(pe.Versions, v) {
				pe.Versions = append(pe.Versions, v)
			}
		}
	}
	return a, nil
}

// event checks that an event has exactly one key
// (https://ossf.github.io/osv-schema/#affectedrangesevents-fields).
func (p *parser) event(at []any, ev event, nugetVersions bool) (advisory.Event, error) {
	n := 0
	var e advisory.Event
	var v string
	if ev.Introduced != nil {
		n, e.Introduced, v = n+1, *ev.Introduced, *ev.Introduced
	}
	if ev.Fixed != nil {
		n, e.Fixed, v = n+1, *ev.Fixed, *ev.Fixed
	}
	if ev.LastAffected != nil {
		n, e.LastAffected, v = n+1, *ev.LastAffected, *ev.LastAffected
	}
	if ev.Limit != nil {
		n, e.Limit, v = n+1, *ev.Limit, *ev.Limit
	}
	if n != 1 {
		return e, p.errorAt(at, msgEventKeys)
	}
	if v == "" {
		return e, p.errorAt(at, msgEmptyEvent)
	}
	if nugetVersions && v != "0" && !(ev.Limit != nil && v == "*") {
		if _, err := nuget.ParseVersion(v); err != nil {
			return e, p.errorAt(at, msgBadVersion, err)
		}
	}
	return e, nil
}

// databaseSeverity reads GHSA's database_specific.severity, leniently: the
// object is free-form and other databases put other things there.
func databaseSeverity(raw json.RawMessage) advisory.Severity {
	if len(raw) == 0 || raw[0] != '{' {
		return ""
	}
	var ds struct {
		Severity json.RawMessage `json:"severity"`
	}
	if json.Unmarshal(raw, &ds) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(ds.Severity, &s) != nil {
		return ""
	}
	return advisory.ParseSeverity(s)
}

func containsScore(ss []advisory.Score, s advisory.Score) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// LooksLike reports whether the JSON document in data looks like an OSV
// record, an object with an "id", for callers that must tell OSV from
// other formats before parsing (a record with a wrong type in it still
// looks like OSV, so that the error is about the record).
func LooksLike(data []byte) bool {
	body, _ := extract.TrimBOM(data)
	var top struct {
		ID json.RawMessage `json:"id"`
	}
	return json.Unmarshal(body, &top) == nil && top.ID != nil
}
