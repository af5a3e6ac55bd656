package csaf

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// statusKind is what a product_status list says about a product
// (https://docs.oasis-open.org/csaf/csaf/v2.0/csaf-v2.0.html#3239-vulnerabilities-property---product-status).
type statusKind int

const (
	affected      statusKind = iota // known_affected
	firstAffected                   // first_affected: this version and later ones of its line
	lastAffected                    // last_affected: the last affected version of its line
	fixed                           // fixed, first_fixed
	notAffected                     // known_not_affected
	ignored                         // recommended, under_investigation
)

// pkgStatus gathers what a document says about the versions of one package.
type pkgStatus struct {
	eco, name string
	affected  []string // known_affected versions
	first     []string // first_affected versions
	last      []string // last_affected versions
	fixed     []string
	notAff    []string
	ranges    []advisory.Range // from vers ranges and version-less purls
	versions  []string         // "=" constraints of vers ranges
}

type exposures struct {
	pkgs      map[string]*pkgStatus
	order     []string
	platforms []*product
	seenPlat  map[string]bool
	fixBy     map[string]string // product id → the update that fixes it
}

func newExposures() *exposures {
	return &exposures{pkgs: map[string]*pkgStatus{}, seenPlat: map[string]bool{}, fixBy: map[string]string{}}
}

func (e *exposures) pkg(eco, name string) *pkgStatus {
	key := eco + "\x00" + name
	if eco == nugetEcosystem {
		key = eco + "\x00" + nuget.NormalizeID(name)
	}
	ps, ok := e.pkgs[key]
	if !ok {
		ps = &pkgStatus{eco: eco, name: name}
		e.pkgs[key] = ps
		e.order = append(e.order, key)
	}
	return ps
}

// status records that product pr has status kind.
func (p *parser) status(e *exposures, at []any, pr *product, kind statusKind) error {
	if kind == ignored {
		return nil
	}
	if !pr.isPackage() {
		if kind <= lastAffected && !e.seenPlat[pr.id] {
			e.seenPlat[pr.id] = true
			e.platforms = append(e.platforms, pr)
		}
		return nil
	}
	ps := e.pkg(pr.ecosystem, pr.pkgName)
	switch {
	case pr.versRange != "":
		r, versions, err := parseVers(pr.versRange, pr.ecosystem)
		if err != nil {
			return p.errorAt(at, msgBadVers, pr.versRange, err)
		}
		switch kind {
		case affected, firstAffected, lastAffected:
			if len(r.Events) > 0 {
				ps.ranges = append(ps.ranges, r)
			}
			for _, v := range versions {
				ps.versions = appendUnique(ps.versions, v)
			}
		case fixed:
			// The range's lower bounds are the first fixed versions.
			for _, ev := range r.Events {
				if ev.Introduced != "" && ev.Introduced != "0" {
					ps.fixed = appendUnique(ps.fixed, ev.Introduced)
				}
			}
		}
	case pr.version == "":
		// A package without a version: every version.
		if kind == affected || kind == firstAffected {
			ps.ranges = append(ps.ranges, advisory.Range{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: "0"}}})
		}
	default:
		switch kind {
		case affected:
			ps.affected = appendUnique(ps.affected, pr.version)
		case firstAffected:
			ps.first = appendUnique(ps.first, pr.version)
		case lastAffected:
			ps.last = appendUnique(ps.last, pr.version)
		case fixed:
			ps.fixed = appendUnique(ps.fixed, pr.version)
		case notAffected:
			ps.notAff = appendUnique(ps.notAff, pr.version)
		}
	}
	return nil
}

// fixedBy records the update named by a vendor_fix remediation for a
// platform product: its details when they are one short line (Microsoft
// writes the KB number there), else its URL.
func (e *exposures) fixedBy(id string, rm remediation) {
	if _, ok := e.fixBy[id]; ok {
		return
	}
	d := strings.TrimSpace(rm.Details)
	switch {
	case d != "" && len(d) <= 80 && !strings.ContainsAny(d, "\r\n"):
		e.fixBy[id] = d
	case rm.URL != "":
		e.fixBy[id] = rm.URL
	}
}

// build returns the package and platform exposures.
func (e *exposures) build() ([]advisory.PackageExposure, []advisory.PlatformExposure) {
	var pkgs []advisory.PackageExposure
	for _, key := range e.order {
		ps := e.pkgs[key]
		pe := advisory.PackageExposure{Ecosystem: ps.eco, Name: ps.name}
		for _, list := range [][]string{ps.affected, ps.first, ps.last, ps.versions} {
			for _, v := range list {
				pe.Versions = appendUnique(pe.Versions, v)
			}
		}
		pe.Ranges = append(pe.Ranges, ps.ranges...)
		if ps.eco == nugetEcosystem {
			pe.Ranges = append(pe.Ranges, ps.infer()...)
			sortVersionStrings(pe.Versions)
		}
		if len(pe.Versions) == 0 && len(pe.Ranges) == 0 {
			continue // only fixed or not-affected versions: not an exposure
		}
		pkgs = append(pkgs, pe)
	}
	var plats []advisory.PlatformExposure
	for _, pr := range e.platforms {
		plats = append(plats, advisory.PlatformExposure{Product: pr.name, Version: pr.platformVersion, FixedBy: e.fixBy[pr.id]})
	}
	return pkgs, plats
}

type mark struct {
	v    nuget.Version
	s    string
	last bool // a last_affected end (inclusive)
}

// infer turns affected and fixed versions into OSV ranges (see the
// package documentation).
func (ps *pkgStatus) infer() []advisory.Range {
	parse := func(ss []string, last bool) []mark {
		var out []mark
		for _, s := range ss {
			if v, err := nuget.ParseVersion(s); err == nil {
				out = append(out, mark{v: v, s: s, last: last})
			}
		}
		return out
	}
	starts := append(parse(ps.affected, false), parse(ps.first, true)...) // last marks "first_affected" here
	ends := append(parse(ps.fixed, false), parse(ps.last, true)...)
	notAff := parse(ps.notAff, false)
	sortMarks(starts)
	sortMarks(ends)

	type group struct {
		end    mark
		starts []mark
	}
	var groups []*group
	byEnd := map[string]*group{}
	var open []mark // first_affected versions with no end above
	for _, s := range starts {
		var end *mark
		for i := range ends {
			e := &ends[i]
			if s.v.Less(e.v) || (e.last && s.v.Equal(e.v)) {
				end = e
				break
			}
		}
		if end == nil {
			if s.last {
				open = append(open, s)
			}
			continue
		}
		g, ok := byEnd[end.v.String()]
		if !ok {
			g = &group{end: *end}
			byEnd[end.v.String()] = g
			groups = append(groups, g)
		}
		g.starts = append(g.starts, s)
	}
	var out []advisory.Range
	for _, g := range groups {
		// Start after the last version known not to be affected below the end.
		var floor *nuget.Version
		for i := range notAff {
			n := notAff[i].v
			if n.Less(g.end.v) && (floor == nil || floor.Less(n)) {
				floor = &n
			}
		}
		var intro *mark
		for i := range g.starts { // sorted ascending
			if floor == nil || floor.Less(g.starts[i].v) {
				intro = &g.starts[i]
				break
			}
		}
		if intro == nil {
			continue
		}
		ev := advisory.Event{Fixed: g.end.s}
		if g.end.last {
			ev = advisory.Event{LastAffected: g.end.s}
		}
		out = append(out, advisory.Range{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: intro.s}, ev}})
	}
	for _, s := range open {
		out = append(out, advisory.Range{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: s.s}}})
	}
	return out
}

func sortMarks(ms []mark) {
	// Insertion sort keeps equal versions in their order; lists are short.
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].v.Less(ms[j-1].v); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// sortVersionStrings sorts NuGet versions as written, lowest first.
func sortVersionStrings(ss []string) {
	ms := make([]mark, 0, len(ss))
	for _, s := range ss {
		v, err := nuget.ParseVersion(s)
		if err != nil {
			return // leave as written
		}
		ms = append(ms, mark{v: v, s: s})
	}
	sortMarks(ms)
	for i := range ms {
		ss[i] = ms[i].s
	}
}

// parseVers reads a vers range (https://github.com/package-url/vers-spec):
// "vers:nuget/>=1.0.0|<1.0.6|>=1.1.0|<1.1.6" becomes one OSV range with
// events introduced 1.0.0, fixed 1.0.6, introduced 1.1.0, fixed 1.1.6;
// "=" constraints become explicit versions, "*" every version. OSV ranges
// cannot say "greater than" or "not equal", so ">" and "!=" are refused.
func parseVers(s, eco string) (advisory.Range, []string, error) {
	r := advisory.Range{Type: "ECOSYSTEM"}
	rest, ok := strings.CutPrefix(s, "vers:")
	if !ok {
		return r, nil, i18n.Errorf(msgVersSyntax)
	}
	scheme, constraints, ok := strings.Cut(rest, "/")
	if !ok || scheme == "" || strings.TrimSpace(constraints) == "" {
		return r, nil, i18n.Errorf(msgVersSyntax)
	}
	isNuGet := eco == nugetEcosystem
	if isNuGet && !strings.EqualFold(scheme, "nuget") {
		return r, nil, i18n.Errorf(msgVersScheme, scheme)
	}
	if strings.TrimSpace(constraints) == "*" {
		r.Events = []advisory.Event{{Introduced: "0"}}
		return r, nil, nil
	}
	type constraint struct {
		op, ver string
		v       nuget.Version
	}
	var cs []constraint
	for _, c := range strings.Split(constraints, "|") {
		c = strings.TrimSpace(c)
		op := ""
		for _, o := range []string{">=", "<=", "!=", "<", ">", "="} {
			if strings.HasPrefix(c, o) {
				op = o
				break
			}
		}
		ver := strings.TrimSpace(c[len(op):])
		if op == "" {
			op = "="
		}
		if u, err := url.PathUnescape(ver); err == nil {
			ver = u
		}
		if ver == "" {
			return r, nil, i18n.Errorf(msgVersSyntax)
		}
		if op == ">" || op == "!=" {
			return r, nil, i18n.Errorf(msgVersOperator, op)
		}
		con := constraint{op: op, ver: ver}
		if isNuGet {
			v, err := nuget.ParseVersion(ver)
			if err != nil {
				return r, nil, err
			}
			con.v = v
		}
		cs = append(cs, con)
	}
	if isNuGet {
		for i := 1; i < len(cs); i++ {
			for j := i; j > 0 && cs[j].v.Less(cs[j-1].v); j-- {
				cs[j], cs[j-1] = cs[j-1], cs[j]
			}
		}
	}
	var versions []string
	inside := false
	for _, c := range cs {
		switch c.op {
		case "=":
			versions = append(versions, c.ver)
		case ">=":
			if inside {
				return r, nil, i18n.Errorf(msgVersOrder, fmt.Sprintf("%s%s", c.op, c.ver))
			}
			r.Events = append(r.Events, advisory.Event{Introduced: c.ver})
			inside = true
		case "<", "<=":
			if !inside {
				r.Events = append(r.Events, advisory.Event{Introduced: "0"})
			}
			if c.op == "<" {
				r.Events = append(r.Events, advisory.Event{Fixed: c.ver})
			} else {
				r.Events = append(r.Events, advisory.Event{LastAffected: c.ver})
			}
			inside = false
		}
	}
	return r, versions, nil
}
