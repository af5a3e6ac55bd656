package fix

import (
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/discover"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/match"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/project"
	"github.com/affected-dev/affected/internal/scan"
)

// Prepare builds the plan for the findings of the workspace: which
// version each vulnerable package moves to, where that version is written
// and how the files change. It reads files only through read, each once.
func Prepare(ws *scan.Workspace, src match.Source, read Reader, opts Options) *Plan {
	if opts.To == "" {
		opts.To = ClearOfAll
	}
	if opts.MaxPaths <= 0 {
		opts.MaxPaths = 5
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	pl := &Plan{Target: opts.To, ws: ws, src: src, opts: opts}
	pl.Findings = findings(ws.Graphs, src, opts)
	b := &builder{
		pl: pl, read: read,
		projects: map[string]*project.Project{},
		graphs:   map[string][]*graph.Graph{},
		wants:    map[wantKey]*want{},
		files:    map[string]*fileState{},
		seen:     map[string]int{},
	}
	for _, p := range ws.Projects {
		b.projects[p.Path] = p
	}
	for _, g := range ws.Graphs {
		b.graphs[g.Project] = append(b.graphs[g.Project], g)
	}
	b.collect()
	b.related()
	b.decide()
	b.materialize()
	b.finish()
	return pl
}

// findings matches the graphs and drops what the ignore rules suppress.
func findings(graphs []*graph.Graph, src match.Source, opts Options) []match.Finding {
	all := match.Match(graphs, src, match.Options{MaxPaths: opts.MaxPaths, Advisories: opts.Advisories})
	out := all[:0]
	for _, f := range all {
		ids := append([]string{f.Advisory.ID}, f.Advisory.Aliases...)
		if rule, _ := opts.Ignore.Match(ids, f.NodeRef().Name, f.NodeRef().Version, f.Graph.Project, opts.Now); rule != nil {
			continue
		}
		out = append(out, f)
	}
	return out
}

// target returns the version a finding is fixed with.
func target(f *match.Finding, to Target) nuget.Version {
	if to == LowestFixed && len(f.Fixed) > 0 {
		return f.Fixed[0]
	}
	if !f.Recommended.IsZero() {
		return f.Recommended
	}
	if len(f.Fixed) > 0 {
		return f.Fixed[0]
	}
	return nuget.Version{}
}

type wantKey struct{ project, pkg string }

// want is a package of a project that must reach a version.
type want struct {
	p          *project.Project
	name       string
	to         nuget.Version
	from       map[string]bool
	advisories map[string]bool
	frameworks map[string]bool
	direct     bool
	with       string   // related: the vulnerable package it moves with
	related    []string // the advisories' related-package patterns
	ignore     []string // packages the advisories say never to touch
	step       int
}

type builder struct {
	pl       *Plan
	read     Reader
	projects map[string]*project.Project
	graphs   map[string][]*graph.Graph
	wants    map[wantKey]*want
	order    []wantKey
	files    map[string]*fileState
	seen     map[string]int // steps without edits, by kind|project|package

	sets     []*setIntent
	setIndex map[string]*setIntent
	pins     map[string][]*pinIntent // project file → pins
	central  map[string][]*pinIntent // props file → PackageVersion items
	jsonPins map[string][]*pinIntent // project.json → dependencies
	hints    []hintIntent

	// expect is what restore is expected to resolve in each graph once
	// the plan's bumps are in (see expected).
	expect map[*graph.Graph][]graph.Expected
}

func (b *builder) want(p *project.Project, name string) *want {
	k := wantKey{p.Path, nuget.NormalizeID(name)}
	w := b.wants[k]
	if w == nil {
		w = &want{p: p, name: name, from: map[string]bool{}, advisories: map[string]bool{}, frameworks: map[string]bool{}, step: -1}
		b.wants[k] = w
		b.order = append(b.order, k)
	}
	return w
}

// addStep adds a step, merging one without edits into an earlier one of
// the same kind for the same project and package.
func (b *builder) addStep(s Step) int {
	if s.Kind == StepRuntime || s.Kind == StepNoFix {
		key := string(s.Kind) + "|" + s.Project + "|" + nuget.NormalizeID(s.Package)
		if i, ok := b.seen[key]; ok {
			prev := &b.pl.Steps[i]
			prev.From = union(prev.From, s.From)
			prev.Advisories = union(prev.Advisories, s.Advisories)
			prev.Frameworks = union(prev.Frameworks, s.Frameworks)
			return i
		}
		b.seen[key] = len(b.pl.Steps)
	}
	b.pl.Steps = append(b.pl.Steps, s)
	return len(b.pl.Steps) - 1
}

// collect turns findings into wants (and into steps for what cannot be
// fixed by an edit).
func (b *builder) collect() {
	for i := range b.pl.Findings {
		f := &b.pl.Findings[i]
		g := f.Graph
		n := f.NodeRef()
		p := b.projects[g.Project]
		if p == nil {
			continue
		}
		if f.ViaPlatform {
			_, _, platform := scan.PathIDs(g, f.Paths)
			b.addStep(Step{
				Kind: StepRuntime, Project: p.Path, ProjectFile: p.File, Package: n.Name,
				From: []string{f.Version.String()}, Advisories: []string{f.Advisory.ID},
				Frameworks: nonEmpty(g.Framework), Runtime: platform,
			})
			continue
		}
		if matchesAny(f.Exposure.Ignore, n.Name) {
			continue // the advisory says this package is not ours to touch
		}
		to := target(f, b.pl.opts.To)
		if to.IsZero() {
			b.addStep(Step{
				Kind: StepNoFix, Project: p.Path, ProjectFile: p.File, Package: n.Name,
				From: []string{f.Version.String()}, Advisories: []string{f.Advisory.ID}, Frameworks: nonEmpty(g.Framework),
			})
			continue
		}
		w := b.want(p, n.Name)
		// Conflicts between findings resolve to the highest version.
		if w.to.Less(to) {
			w.to = to
		}
		w.from[f.Version.String()] = true
		w.advisories[f.Advisory.ID] = true
		if g.Framework != "" {
			w.frameworks[g.Framework] = true
		}
		w.direct = w.direct || n.Direct
		w.related = union(w.related, f.Exposure.Related)
		w.ignore = union(w.ignore, f.Exposure.Ignore)
	}
}

// resolved returns the versions of a package in the project's graphs
// (for the frameworks given; all when nil).
func (b *builder) resolved(p *project.Project, name string, fws map[string]bool) []nuget.Version {
	var out []nuget.Version
	for _, g := range b.graphs[p.Path] {
		if len(fws) > 0 && !fws[g.Framework] {
			continue
		}
		i, ok := g.Lookup(name)
		if !ok || !g.Reachable(i) {
			continue
		}
		if v, err := nuget.ParseVersion(g.Nodes[i].Version); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// related moves the advisories' related packages that the project
// references directly (or that this plan pins) to the release the
// vulnerable package moves to, when they are below it.
func (b *builder) related() {
	base := append([]wantKey(nil), b.order...)
	for _, k := range base {
		w := b.wants[k]
		if len(w.related) == 0 || w.p.Manifest == nil {
			continue
		}
		for _, r := range w.p.Manifest.References {
			if r.Platform || nuget.EqualID(r.Name, w.name) || !matchesAny(w.related, r.Name) || matchesAny(w.ignore, r.Name) {
				continue
			}
			cur := b.resolved(w.p, r.Name, nil)
			if len(cur) == 0 {
				if v, ok := lowest(r.Version); ok {
					cur = []nuget.Version{v}
				}
			}
			below := false
			for _, v := range cur {
				below = below || v.Less(w.to)
			}
			if !below {
				continue
			}
			rk := wantKey{w.p.Path, nuget.NormalizeID(r.Name)}
			rw, existed := b.wants[rk]
			if !existed {
				rw = b.want(w.p, r.Name)
				rw.with = w.name
				rw.direct = true
				for _, v := range cur {
					rw.from[v.String()] = true
				}
			}
			b.raise(rw, w)
		}
		// Packages this plan pins are about to be direct references too:
		// they take the same release, so that a second run, which sees
		// them declared, agrees with the first.
		for _, k2 := range base {
			o := b.wants[k2]
			if o == w || o.p != w.p || !matchesAny(w.related, o.name) || matchesAny(w.ignore, o.name) {
				continue
			}
			b.raise(o, w)
		}
	}
}

// raise moves a related want to the release of w.
func (b *builder) raise(rw, w *want) {
	if rw.to.Less(w.to) {
		rw.to = w.to
	}
	for a := range w.advisories {
		rw.advisories[a] = true
	}
	for f := range w.frameworks {
		rw.frameworks[f] = true
	}
}

// decide chooses, for each want, what changes: a declared version, or a
// new pin.
func (b *builder) decide() {
	sort.Slice(b.order, func(i, j int) bool {
		a, c := b.order[i], b.order[j]
		if a.project != c.project {
			return a.project < c.project
		}
		return a.pkg < c.pkg
	})
	for _, k := range b.order {
		w := b.wants[k]
		p := w.p
		s := Step{
			Project: p.Path, ProjectFile: p.File, Package: w.name, To: w.to.String(),
			From: sortedKeys(w.from), Advisories: sortedKeys(w.advisories), Frameworks: sortedKeys(w.frameworks),
			With: w.with,
		}
		for f := range w.from {
			if v, err := nuget.ParseVersion(f); err == nil && v.Major() < w.to.Major() {
				s.Major = true
			}
		}
		if p.Manifest == nil {
			s.Kind, s.Detail = StepManual, DetailNoProjectFile
			b.addStep(s)
			continue
		}
		refs := b.declared(p, w)
		if len(refs) > 0 {
			b.bumpStep(w, s, refs)
			continue
		}
		if b.covered(w, &s) {
			b.addStep(s)
			continue
		}
		b.pinStep(w, s)
	}
}

// raised returns, for a graph of a project, the versions its declared
// packages will resolve once the plan is applied and restored: those of
// the plan's bumps, and the declarations the lock data has not caught up
// with (an earlier run's, or a hand edit). Pins are left out: a pin
// raises only its own package.
func (b *builder) raised(g *graph.Graph, p *project.Project) map[int]nuget.Version {
	out := g.Declared()
	for _, k := range b.order {
		w := b.wants[k]
		if w.p != p || w.to.IsZero() {
			continue
		}
		refs := b.declared(p, w)
		bumpable := false
		for _, r := range refs {
			rng, err := nuget.ParseRange(r.Version)
			bumpable = bumpable || r.VersionAt.File != "" && err == nil && !rng.IsFloating()
		}
		if !bumpable {
			continue
		}
		i, ok := g.Lookup(w.name)
		if !ok {
			continue
		}
		if out == nil {
			out = map[int]nuget.Version{}
		}
		if v, ok := out[i]; !ok || v.Less(w.to) {
			out[i] = w.to
		}
	}
	return out
}

// covered decides whether a transitive package needs no pin because the
// plan's bumps (or declarations not yet restored) raise it anyway: in
// every framework where the package is, it comes only through raised
// packages released with it, at a version at or above the target (see
// graph.Expect). Then s becomes a "covered" step and true is returned.
// Otherwise s notes when a raised package may raise it too, which only
// restore can tell (the pin stays: it is certain; scan lists it as
// removable once restore shows it is not needed).
func (b *builder) covered(w *want, s *Step) bool {
	var lowest nuget.Version
	via := ""
	for _, g := range b.graphs[w.p.Path] {
		if len(w.frameworks) > 0 && !w.frameworks[g.Framework] {
			continue
		}
		i, ok := g.Lookup(w.name)
		if !ok || !g.Reachable(i) {
			continue
		}
		e := b.expected(g, w.p)[i]
		if !e.Raised() || e.Unknown || e.Version.Less(w.to) {
			s.MaybeRaised = e.Raised() || e.Unknown
			return false
		}
		if lowest.IsZero() || e.Version.Less(lowest) {
			lowest = e.Version
		}
		if via == "" {
			via = g.Nodes[e.Via].Name
		}
	}
	if lowest.IsZero() {
		return false
	}
	s.Kind, s.To, s.With = StepCovered, lowest.String(), via
	return true
}

// expected is graph.Expect of a project's graph with the plan's raises,
// made once per graph.
func (b *builder) expected(g *graph.Graph, p *project.Project) []graph.Expected {
	if e, ok := b.expect[g]; ok {
		return e
	}
	if b.expect == nil {
		b.expect = map[*graph.Graph][]graph.Expected{}
	}
	e := g.Expect(b.raised(g, p))
	b.expect[g] = e
	return e
}

// declared returns the references of the package the project declares
// for the frameworks of the want (the platform dependency excluded).
func (b *builder) declared(p *project.Project, w *want) []extract.Reference {
	var out []extract.Reference
	for _, r := range p.Manifest.References {
		if r.Platform || !nuget.EqualID(r.Name, w.name) {
			continue
		}
		if len(r.Frameworks) > 0 && len(w.frameworks) > 0 {
			applies := false
			for _, fw := range r.Frameworks {
				applies = applies || w.frameworks[fw]
			}
			if !applies {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// bumpStep changes the declared versions of a direct dependency.
func (b *builder) bumpStep(w *want, s Step, refs []extract.Reference) {
	s.Kind = StepBump
	if w.with != "" {
		s.Kind = StepRelated
	}
	idx := b.addStep(s)
	w.step = idx
	edited, done := 0, 0
	var manual Detail
	var scope []string
	all := false
	highest := w.to
	for _, r := range refs {
		if len(r.Frameworks) == 0 {
			all = true
		}
		scope = union(scope, r.Frameworks)
		if v, ok := lowest(r.Version); ok && highest.Less(v) {
			highest = v
		}
		d, outcome := b.bumpRef(w, r, idx)
		switch outcome {
		case outcomeEdit:
			edited++
			if d != DetailNone && b.pl.Steps[idx].Detail == DetailNone {
				b.pl.Steps[idx].Detail = d
			}
		case outcomeDone:
			done++
		default:
			manual = d
		}
	}
	st := &b.pl.Steps[idx]
	if !all {
		st.scope = scope
	}
	switch {
	case manual != DetailNone:
		st.Kind, st.Detail = StepManual, manual
	case edited == 0:
		st.Kind = StepDone
		st.To = highest.String() // what the files already ask for
	}
}

type outcome int

const (
	outcomeEdit outcome = iota
	outcomeDone
	outcomeManual
)

// bumpRef plans the change of one declared reference's version.
func (b *builder) bumpRef(w *want, r extract.Reference, step int) (Detail, outcome) {
	if r.Version == "" || r.VersionAt.File == "" {
		return DetailNoVersion, outcomeManual
	}
	if v, ok := lowest(r.Version); ok && !v.Less(w.to) {
		return DetailNone, outcomeDone
	}
	if rng, err := nuget.ParseRange(r.Version); err == nil && rng.IsFloating() {
		return DetailFloating, outcomeManual
	}
	detail := DetailNone
	switch {
	case r.Central:
		detail = DetailCentral
	case r.Override:
		detail = DetailOverride
	case r.Source == extract.SourcePackagesConfig:
		detail = DetailHintPath
	}
	d, o := b.setVersion(w, r.VersionAt, step)
	if o != outcomeEdit {
		return d, o
	}
	if d != DetailNone {
		detail = d
	}
	if r.Source == extract.SourcePackagesConfig && w.p.Kind == discover.KindMSBuild {
		b.hints = append(b.hints, hintIntent{file: w.p.File, pkg: r.Name, from: r.Version, step: step})
	}
	return detail, outcomeEdit
}

// pinStep adds a direct reference for a transitive package.
func (b *builder) pinStep(w *want, s Step) {
	p := w.p
	// A pin applies to every framework, and a direct reference wins over
	// every transitive one: never pin below a version some framework
	// already resolves, which would be a downgrade there.
	for _, v := range b.resolved(p, w.name, nil) {
		if w.to.Less(v) {
			w.to = v
		}
	}
	s.To = w.to.String()
	s.Kind = StepPin
	comment := sortedKeys(w.advisories)
	switch p.Kind {
	case discover.KindProjectJSON:
		idx := b.addStep(s)
		w.step = idx
		b.addPin(&b.jsonPins, p.File, &pinIntent{pkg: w.name, version: w.to, advisories: comment, steps: []int{idx}})
	case discover.KindMSBuild:
		if p.MSBuild == nil {
			s.Kind, s.Detail = StepManual, DetailUnreadable
			b.addStep(s)
			return
		}
		if !p.MSBuild.CentralPackageManagement {
			idx := b.addStep(s)
			w.step = idx
			b.addPin(&b.pins, p.File, &pinIntent{pkg: w.name, version: w.to, advisories: comment, steps: []int{idx}})
			return
		}
		s.Detail = DetailVersionless
		if p.MSBuild.TransitivePinning {
			s.Detail = DetailTransitivePin
		}
		var pv *pvRef
		for i := range p.MSBuild.PackageVersions {
			if nuget.EqualID(p.MSBuild.PackageVersions[i].Name, w.name) {
				x := p.MSBuild.PackageVersions[i]
				pv = &pvRef{version: x.Version, at: x.VersionAt}
			}
		}
		file := p.MSBuild.PackagesProps
		if file == "" && len(p.MSBuild.PackageVersions) > 0 {
			file = p.MSBuild.PackageVersions[0].At.File
		}
		if pv == nil && file == "" {
			s.Kind, s.Detail = StepManual, DetailNoCentralFile
			b.addStep(s)
			return
		}
		idx := b.addStep(s)
		w.step = idx
		if pv != nil {
			if v, ok := lowest(pv.version); !ok || v.Less(w.to) {
				if d, o := b.setVersion(w, pv.at, idx); o == outcomeManual {
					b.pl.Steps[idx].Kind, b.pl.Steps[idx].Detail = StepManual, d
					return
				}
			}
		} else {
			b.addPin(&b.central, file, &pinIntent{pkg: w.name, version: w.to, advisories: comment, steps: []int{idx}})
		}
		if !p.MSBuild.TransitivePinning {
			b.addPin(&b.pins, p.File, &pinIntent{pkg: w.name, advisories: comment, steps: []int{idx}})
		}
	default:
		s.Kind, s.Detail = StepManual, DetailNoProjectFile
		b.addStep(s)
	}
}

type pvRef struct {
	version string
	at      extract.Location
}

// pinIntent is a reference to add; a zero version is a versionless
// PackageReference (central package management).
type pinIntent struct {
	pkg        string
	version    nuget.Version
	advisories []string
	steps      []int
}

// addPin records a pin, merging it with one of the same package in the
// same file (several projects share a props file): the highest version
// wins.
func (b *builder) addPin(m *map[string][]*pinIntent, file string, pin *pinIntent) {
	file = filepath.ToSlash(file)
	if *m == nil {
		*m = map[string][]*pinIntent{}
	}
	for _, q := range (*m)[file] {
		if nuget.EqualID(q.pkg, pin.pkg) {
			if q.version.Less(pin.version) {
				q.version = pin.version
			}
			q.advisories = union(q.advisories, pin.advisories)
			q.steps = append(q.steps, pin.steps...)
			return
		}
	}
	(*m)[file] = append((*m)[file], pin)
}

type hintIntent struct {
	file, pkg, from string
	step            int
}

// lowest returns the lowest version a declared version or range admits
// (false for floating and unbounded ranges).
func lowest(s string) (nuget.Version, bool) {
	r, err := nuget.ParseRange(s)
	if err != nil {
		return nuget.Version{}, false
	}
	return r.Lowest()
}

func matchesAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if nuget.MatchID(p, name) {
			return true
		}
	}
	return false
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range [][]string{a, b} {
		for _, s := range l {
			if s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Strings(out)
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// newVersionText returns the declared version text raised to v, in the
// form of the old text: a bare version stays bare, "[1.1.0]" stays exact,
// an interval keeps its upper bound. It fails for floating versions and
// for intervals whose upper bound excludes v.
func newVersionText(old string, v nuget.Version) (string, Detail, bool) {
	t := strings.TrimSpace(old)
	r, err := nuget.ParseRange(t)
	if err != nil {
		return v.String(), DetailNone, true // not a version (an unexpandable $(Property)): write the version
	}
	if r.IsFloating() {
		return "", DetailFloating, false
	}
	if r.IsExact() {
		return "[" + v.String() + "]", DetailNone, true
	}
	if t[0] != '[' && t[0] != '(' {
		return v.String(), DetailNone, true
	}
	r.Min, r.MinInc = v, true
	if !r.Contains(v) {
		return "", DetailRangeExcludes, false
	}
	inner := t[1 : len(t)-1]
	lo, hi, _ := strings.Cut(inner, ",")
	lead := lo[:len(lo)-len(strings.TrimLeft(lo, " \t"))]
	return "[" + lead + v.String() + "," + hi + t[len(t)-1:], DetailNone, true
}
