package fix

import (
	"os"
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

// Evaluate returns the findings that stay open once the edited projects
// are restored: it matches the graphs again with each planned version in
// place of the locked one. A direct reference decides the version NuGet
// resolves (its "direct dependency wins" rule), so a bump or a pin sets
// the package's version in every framework it applies to; a covered
// package takes the version its bumped parent is expected to bring; every
// other package keeps its locked version (a bumped parent may raise its
// dependencies further, which only a real restore shows).
func (pl *Plan) Evaluate() []match.Finding { return pl.evaluate(nil) }

// EvaluateWritten is Evaluate after a run that wrote only some of the
// files (Apply stopped at a failure): a step with an edit in a file not
// written fixes nothing, and neither does a covered step that relied on
// it. The report must not say that a finding goes away when its fix was
// not written.
func (pl *Plan) EvaluateWritten(written []Written) []match.Finding {
	ok := map[*File]bool{}
	for _, w := range written {
		if w.Err == nil {
			ok[w.File] = true
		}
	}
	skip := map[int]bool{}
	for _, f := range pl.Files {
		if !ok[f] {
			for _, s := range f.Steps {
				skip[s] = true
			}
		}
	}
	for i, s := range pl.Steps {
		if s.Kind != StepCovered {
			continue
		}
		for j := range skip {
			if t := pl.Steps[j]; t.Project == s.Project && nuget.EqualID(t.Package, s.With) {
				skip[i] = true
			}
		}
	}
	return pl.evaluate(skip)
}

// evaluate is Evaluate without the steps in skip.
func (pl *Plan) evaluate(skip map[int]bool) []match.Finding {
	ov := pl.overrides(skip)
	graphs := make([]*graph.Graph, 0, len(pl.ws.Graphs))
	for _, g := range pl.ws.Graphs {
		o := ov[g.Project]
		if len(o) == 0 {
			graphs = append(graphs, g)
			continue
		}
		c := *g
		c.Nodes = append([]graph.Node(nil), g.Nodes...)
		for name, x := range o {
			i, ok := c.Lookup(name)
			if !ok || x.scope != nil && !x.scope[g.Framework] {
				continue
			}
			c.Nodes[i].Version = x.version.String()
			c.Nodes[i].Unresolved = false
		}
		graphs = append(graphs, &c)
	}
	return findings(graphs, pl.src, pl.opts)
}

type override struct {
	version nuget.Version
	scope   map[string]bool // nil: every framework
}

// overrides collects, per project, the versions the steps set (those not
// in skip).
func (pl *Plan) overrides(skip map[int]bool) map[string]map[string]override {
	out := map[string]map[string]override{}
	for i, s := range pl.Steps {
		if skip[i] {
			continue
		}
		switch s.Kind {
		case StepBump, StepRelated, StepPin, StepDone, StepCovered:
		default:
			continue
		}
		v, err := nuget.ParseVersion(s.To)
		if err != nil {
			continue
		}
		m := out[s.Project]
		if m == nil {
			m = map[string]override{}
			out[s.Project] = m
		}
		o := override{version: v}
		if s.scope != nil {
			o.scope = map[string]bool{}
			for _, f := range s.scope {
				o.scope[f] = true
			}
		}
		key := nuget.NormalizeID(s.Package)
		if prev, ok := m[key]; ok && v.Less(prev.version) {
			continue
		}
		m[key] = o
	}
	return out
}

// Stale is a project whose restore output no longer matches its files.
type Stale struct {
	Project  string // display path
	LockFile string // display path ("" when the project has none)
	// Command restores it, e.g. ["dotnet", "restore", "src/Web/Web.csproj"]
	// (paths relative to the scanned root).
	Command []string
	// Dir is the directory to run the command in (absolute).
	Dir string
}

// Stale lists the projects whose lock data is out of date until they are
// restored: those that read one of the changed files, and those whose
// files already ask for a fixed version that the lock data does not have
// yet (an earlier run's edits, not restored since).
func (pl *Plan) Stale() []Stale {
	changed := map[string]bool{}
	for _, f := range pl.Files {
		changed[filepath.Clean(f.Path)] = true
	}
	done := map[string]bool{}
	for _, s := range pl.Steps {
		// A covered package is stale only through the bump that covers
		// it: its project reads the changed file, or (the bump made by an
		// earlier run) has a done step. Counting covered steps themselves
		// called projects stale after a run that wrote nothing.
		if s.Kind == StepDone {
			done[s.Project] = true
		}
	}
	var out []Stale
	for _, p := range pl.ws.Projects {
		if !readsAny(p, changed) && !done[p.Path] {
			continue
		}
		dir := p.Root
		if !isDir(dir) {
			dir = filepath.Dir(dir)
		}
		out = append(out, Stale{Project: p.Path, LockFile: p.LockPath, Command: restoreCommand(p, dir), Dir: dir})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Project < out[j].Project })
	return out
}

func readsAny(p *project.Project, changed map[string]bool) bool {
	files := []string{p.File}
	if p.MSBuild != nil {
		files = append(files, p.MSBuild.Files...)
	}
	if usesPackagesConfig(p) {
		files = append(files, filepath.Join(filepath.Dir(p.File), "packages.config"))
	}
	for _, f := range files {
		if changed[filepath.Clean(filepath.FromSlash(f))] {
			return true
		}
	}
	return false
}

func usesPackagesConfig(p *project.Project) bool {
	if p.Kind == discover.KindPackagesConfig {
		return true
	}
	if p.Manifest == nil {
		return false
	}
	for _, r := range p.Manifest.References {
		if r.Source == extract.SourcePackagesConfig {
			return true
		}
	}
	return false
}

// restoreCommand is the command that restores a project: dotnet restore
// for PackageReference and project.json projects (the latter needs the
// .NET Core 1.x tooling), nuget restore for packages.config.
func restoreCommand(p *project.Project, dir string) []string {
	rel := project.Display(dir, p.File)
	switch {
	case usesPackagesConfig(p):
		return []string{"nuget", "restore", rel}
	case p.Kind == discover.KindProjectJSON:
		return []string{"dotnet", "restore", project.Display(dir, filepath.Dir(p.File))}
	}
	return []string{"dotnet", "restore", rel}
}

// Quote shows a command for a shell.
func Quote(args []string) string {
	var parts []string
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\"'$\\;&|<>()*?") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// Open returns the findings of a workspace that the options select and
// the ignore rules do not suppress: after restore, what stays open.
func Open(ws *scan.Workspace, src match.Source, opts Options) []match.Finding {
	if opts.MaxPaths <= 0 {
		opts.MaxPaths = 5
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	return findings(ws.Graphs, src, opts)
}
