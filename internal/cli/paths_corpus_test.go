package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/nuget"
)

// TestCorpusPathCounts checks issue 9 point 1 on real repositories: for
// every package of every project of the shared corpus whose restore
// output is a packages.lock.json, a project.assets.json or a
// project.lock.json, the path_count that `affected why '*'` reports equals
// a count made here, independently of the graph package: the roots are
// the project's declared package references (the lock data's Direct
// entries, or its projectFileDependencyGroups) and its declared
// ProjectReferences, found among the lock's project entries by the
// referenced project's PackageId, then AssemblyName, then file name
// (whatever else depends on them); paths are counted by a plain
// memoised DFS over the lock's dependency edges.
//
// It also runs on a copy of bitwarden's Api project (the corpus's project
// where direct references are also reached through other projects: Core
// through SharedWeb, Pam and others) in which Core has a PackageId of its
// own, as the repository of the issue had: the shape of the bug, where the
// file name does not find the lock entry.
func TestCorpusPathCounts(t *testing.T) {
	corpus := corpusDir(t)
	st := comparePathCounts(t, corpus)
	t.Logf("corpus: %d projects (%d project×framework graphs) and %d packages compared; skipped graphs by source (manifest only, deps.json, packages.config, DNX lock): %v", st.projects, st.graphs, st.packages, st.skipped)
	t.Logf("a declared ProjectReference also reached through another in %d graphs: %v", st.overlapping, st.overlapped)
	if st.graphs < 40 || st.packages < 3000 {
		t.Errorf("only %d graphs and %d packages compared", st.graphs, st.packages)
	}
	if st.overlapping == 0 {
		t.Error("no project of the corpus has a declared ProjectReference that is also reached through another")
	}

	// The fixture of the bug's shape, from real files.
	dir := filepath.Join(t.TempDir(), "bitwarden")
	copyTree(t, filepath.Join(corpus, "pkglock-bitwarden-server-1"), dir)
	core := filepath.Join(dir, "src", "Core", "Core.csproj")
	data, err := os.ReadFile(core)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("<PropertyGroup>"), []byte("<PropertyGroup>\n    <PackageId>Bit.Core</PackageId>"), 1)
	writeFile(t, core, data)
	lock := filepath.Join(dir, "src", "Api", "packages.lock.json")
	data, err = os.ReadFile(lock)
	if err != nil {
		t.Fatal(err)
	}
	// Restore names the project entry, and the dependencies on it, by
	// the PackageId.
	n := bytes.Count(data, []byte(`"Core": "[`))
	data = bytes.Replace(data, []byte(`"core": {`), []byte(`"Bit.Core": {`), 1)
	data = bytes.ReplaceAll(data, []byte(`"Core": "[`), []byte(`"Bit.Core": "[`))
	if n < 5 || !bytes.Contains(data, []byte(`"Bit.Core": {`)) {
		t.Fatalf("the lock file is not as expected (%d dependencies on Core)", n)
	}
	writeFile(t, lock, data)
	st = comparePathCounts(t, dir)
	t.Logf("bitwarden with Core's PackageId: %d graphs, %d packages compared, %d with a declared reference also reached through another", st.graphs, st.packages, st.overlapping)
	if st.overlapping == 0 || st.packages < 200 {
		t.Errorf("the fixture does not have the bug's shape: %+v", st)
	}
}

type pathStats struct {
	projects, graphs, packages, overlapping int
	overlapped                              []string // the graphs counted in overlapping
	skipped                                 map[string]int
}

// whyResult is what the test reads of `why --format json`.
type whyOut struct {
	Results []struct {
		Project   string `json:"project"`
		Framework string `json:"framework"`
		Package   struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"package"`
		PathCount uint64 `json:"path_count"`
		Source    string `json:"source"`
	} `json:"results"`
}

// comparePathCounts runs why on root and compares every path count of a
// restore-output graph with an independent count.
func comparePathCounts(t *testing.T, root string) pathStats {
	t.Helper()
	var stdout, stderr bytes.Buffer
	Run(context.Background(), []string{"why", "*", "--format", "json", "--max-paths", "1", "--quiet", root}, strings.NewReader(""), &stdout, &stderr)
	var doc whyOut
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("why: %v\n%s", err, stderr.String())
	}
	wd, _ := os.Getwd()
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		if q := filepath.Join(wd, p); exists(q) {
			return q
		}
		return filepath.Join(root, p) // as reports named files before issue 9's point 9
	}
	type key struct{ project, source, framework string }
	got := map[key]map[string]uint64{}
	var keys []key
	for _, r := range doc.Results {
		k := key{abs(r.Project), abs(r.Source), r.Framework}
		if got[k] == nil {
			got[k] = map[string]uint64{}
			keys = append(keys, k)
		}
		got[k][strings.ToLower(r.Package.Name)] = r.PathCount
	}
	st := pathStats{skipped: map[string]int{}}
	projects := map[string]bool{}
	locks := map[string]map[string]*lockGraph{} // by lock file, then framework
	for _, k := range keys {
		base := filepath.Base(k.source)
		if base != "packages.lock.json" && base != "project.assets.json" && base != "project.lock.json" {
			st.skipped[filepath.Ext(base)]++
			continue
		}
		if locks[k.source] == nil {
			locks[k.source] = readLockGraphs(t, k.source, k.project)
		}
		g := locks[k.source][k.framework]
		if g == nil {
			st.skipped["dnx"]++ // a DNX-era file without targets
			continue
		}
		want := g.countAll()
		if want == nil {
			st.skipped["cycle"]++
			continue
		}
		st.graphs++
		projects[k.project] = true
		if g.overlapping() {
			st.overlapping++
			rel, _ := filepath.Rel(root, k.project)
			st.overlapped = append(st.overlapped, rel+" ["+k.framework+"]")
		}
		rel, _ := filepath.Rel(root, k.project)
		for name, n := range want {
			if n == 0 {
				continue
			}
			st.packages++
			if c, ok := got[k][name]; !ok {
				t.Errorf("%s [%s]: %s has %d paths, why does not list it", rel, k.framework, g.display[name], n)
			} else if c != n {
				t.Errorf("%s [%s]: %s: why says %d paths, counted %d", rel, k.framework, g.display[name], c, n)
			}
		}
		for name, c := range got[k] {
			if want[name] == 0 {
				t.Errorf("%s [%s]: why lists %s with %d paths; it is not reached from the declared references", rel, k.framework, name, c)
			}
		}
	}
	st.projects = len(projects)
	return st
}

// lockGraph is one framework of a lock file: packages by lowercased name,
// their dependencies, and the roots.
type lockGraph struct {
	display  map[string]string
	edges    map[string][]string
	roots    map[string]bool
	projects map[string]bool // the project entries
}

func (g *lockGraph) node(name string) string {
	k := strings.ToLower(name)
	if _, ok := g.display[k]; !ok {
		g.display[k] = name
	}
	return k
}

// countAll counts, for every package, the paths from a root to it; nil
// when the graph has a cycle (which the product breaks, and the test does
// not model).
func (g *lockGraph) countAll() map[string]uint64 {
	out := map[string]uint64{}
	for target := range g.display {
		memo := map[string]uint64{}
		onStack := map[string]bool{}
		cycle := false
		var ways func(n string) uint64 // paths from n to target
		ways = func(n string) uint64 {
			if v, ok := memo[n]; ok {
				return v
			}
			if onStack[n] {
				cycle = true
				return 0
			}
			onStack[n] = true
			var w uint64
			if n == target {
				w = 1
			}
			for _, s := range g.edges[n] {
				w += ways(s)
			}
			onStack[n] = false
			memo[n] = w
			return w
		}
		var total uint64
		for r := range g.roots {
			total += ways(r)
		}
		if cycle {
			return nil
		}
		out[target] = total
	}
	return out
}

// overlapping reports whether a root that is a referenced project is
// also a dependency of something reached from the roots.
func (g *lockGraph) overlapping() bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		for _, s := range g.edges[n] {
			walk(s)
		}
	}
	for r := range g.roots {
		walk(r)
	}
	for n := range seen {
		for _, s := range g.edges[n] {
			if g.roots[s] && g.projects[s] && s != n {
				return true
			}
		}
	}
	return false
}

// readLockGraphs reads a lock file into one graph per framework, with
// the roots the project declares. project is the project file (or the
// lock file itself, for a lone lock file).
func readLockGraphs(t *testing.T, lockPath, project string) map[string]*lockGraph {
	t.Helper()
	data, err := os.ReadFile(lockPath)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	refs, refsReadable := declaredProjectReferences(t, project)
	out := map[string]*lockGraph{}
	get := func(fw string) *lockGraph {
		if out[fw] == nil {
			out[fw] = &lockGraph{display: map[string]string{}, edges: map[string][]string{}, roots: map[string]bool{}}
		}
		return out[fw]
	}
	type entry struct {
		Type         string            `json:"type"`
		Dependencies map[string]string `json:"dependencies"`
	}
	projectEntries := map[string]map[string]bool{} // framework → project entries
	deps := map[string]map[string]map[string]string{}
	addEntry := func(fw, name, typ string, d map[string]string) {
		g := get(fw)
		k := g.node(name)
		if strings.EqualFold(typ, "project") {
			if projectEntries[fw] == nil {
				projectEntries[fw] = map[string]bool{}
			}
			projectEntries[fw][k] = true
		}
		if deps[fw] == nil {
			deps[fw] = map[string]map[string]string{}
		}
		if deps[fw][k] == nil {
			deps[fw][k] = map[string]string{}
		}
		for dn, r := range d {
			deps[fw][k][dn] = r
		}
	}
	switch filepath.Base(lockPath) {
	case "packages.lock.json":
		var f struct {
			Dependencies map[string]map[string]entry `json:"dependencies"`
		}
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s: %v", lockPath, err)
		}
		direct := map[string][]string{}
		for key, entries := range f.Dependencies {
			fw, _ := nuget.SplitTarget(key)
			for name, e := range entries {
				addEntry(fw, name, e.Type, e.Dependencies)
				if strings.EqualFold(e.Type, "Direct") {
					direct[fw] = append(direct[fw], name)
				}
			}
		}
		for fw, names := range direct {
			for _, n := range names {
				get(fw).roots[strings.ToLower(n)] = true
			}
		}
		// Every project entry that no other project depends on was
		// declared (restore records the others because of the one that
		// brought them): the name rule below must find it.
		for fw, ps := range projectEntries {
			for p := range ps {
				brought := false
				for q := range ps {
					if q == p {
						continue
					}
					for dn := range deps[fw][q] {
						brought = brought || strings.EqualFold(dn, p)
					}
				}
				if brought {
					continue
				}
				// Declared, by restore's own record (and, for a lone lock
				// file, nothing else tells). The name rule must find it
				// when the referenced files are there to read its names
				// (some are not in the corpus: crafters-cloud-core's
				// Core.MediatR.csproj, whose PackageId the lock shows as
				// CraftersCloud.Core.MediatR).
				get(fw).roots[p] = true
				if project != lockPath && refsReadable && !matchesAny(refs, p, ps) {
					t.Errorf("%s [%s]: project entry %s is declared, but no ProjectReference of %s finds it by name", lockPath, fw, p, project)
				}
			}
		}
	default: // project.assets.json, project.lock.json
		var f struct {
			Version any                         `json:"version"`
			Targets map[string]map[string]entry `json:"targets"`
			Groups  map[string][]string         `json:"projectFileDependencyGroups"`
			Project struct {
				Frameworks map[string]struct{ Dependencies map[string]any }
			} `json:"project"`
		}
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s: %v", lockPath, err)
		}
		if f.Targets == nil {
			return out // DNX -9998: no targets
		}
		for key, entries := range f.Targets {
			fw, _ := nuget.SplitTarget(key)
			for id, e := range entries {
				name, _, _ := strings.Cut(id, "/")
				addEntry(fw, name, e.Type, e.Dependencies)
			}
		}
		nameRE := regexp.MustCompile(`^[^\s<>=\[(]+`)
		for fw := range out {
			for gk, list := range f.Groups {
				if gk != "" && nuget.ShortFramework(gk) != fw {
					continue
				}
				for _, s := range list {
					if n := nameRE.FindString(strings.TrimSpace(s)); n != "" {
						get(fw).roots[strings.ToLower(n)] = true
					}
				}
			}
		}
	}
	for fw, g := range out {
		g.projects = projectEntries[fw]
		// Edges go to the packages of the same framework.
		for k, ds := range deps[fw] {
			names := make([]string, 0, len(ds))
			for dn := range ds {
				dk := strings.ToLower(dn)
				if _, ok := g.display[dk]; ok && dk != k {
					names = append(names, dk)
				}
			}
			sort.Strings(names)
			g.edges[k] = names
		}
		// Declared ProjectReferences: by PackageId, then AssemblyName, then
		// file name.
		for _, names := range refs {
			for _, n := range names {
				if projectEntries[fw][strings.ToLower(n)] {
					g.roots[strings.ToLower(n)] = true
					break
				}
			}
		}
		// Roots the lock does not have are not nodes.
		for r := range g.roots {
			if _, ok := g.display[r]; !ok {
				delete(g.roots, r)
			}
		}
		if len(g.roots) == 0 {
			has := map[string]bool{}
			for _, ss := range g.edges {
				for _, s := range ss {
					has[s] = true
				}
			}
			for n := range g.display {
				if !has[n] {
					g.roots[n] = true
				}
			}
		}
	}
	return out
}

func matchesAny(refs [][]string, p string, entries map[string]bool) bool {
	for _, names := range refs {
		for _, n := range names {
			if entries[strings.ToLower(n)] {
				if strings.EqualFold(n, p) {
					return true
				}
				break // this reference is another entry
			}
		}
	}
	return false
}

// declaredProjectReferences reads the ProjectReferences of an MSBuild
// project file, each as the names restore may give it, in order: the
// referenced file's PackageId and AssemblyName (when written literally
// in it), then its file name; readable is false when a referenced file is
// not there.
func declaredProjectReferences(t *testing.T, project string) (out [][]string, readable bool) {
	t.Helper()
	if !strings.HasSuffix(project, "proj") {
		return nil, true
	}
	readable = true
	for _, inc := range xmlItems(t, project, "ProjectReference", "Include") {
		for _, p := range strings.Split(inc, ";") {
			p = strings.TrimSpace(strings.ReplaceAll(p, `\`, "/"))
			if p == "" || strings.Contains(p, "$(") {
				continue
			}
			ref := filepath.Join(filepath.Dir(project), filepath.FromSlash(p))
			var names []string
			if _, err := os.Stat(ref); err != nil {
				readable = false
			} else {
				for _, prop := range []string{"PackageId", "AssemblyName"} {
					for _, v := range xmlItems(t, ref, prop, "") {
						if v != "" && !strings.Contains(v, "$(") {
							names = append(names, v)
						}
					}
				}
			}
			names = append(names, strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)))
			out = append(out, names)
		}
	}
	return out, readable
}

// xmlItems returns the attribute attr (or, when attr is empty, the text)
// of every element named name in an XML file.
func xmlItems(t *testing.T, file, name, attr string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var out []string
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != name {
			continue
		}
		if attr == "" {
			var s string
			if d.DecodeElement(&s, &se) == nil {
				out = append(out, strings.TrimSpace(s))
			}
			continue
		}
		for _, a := range se.Attr {
			if a.Name.Local == attr {
				out = append(out, a.Value)
			}
		}
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// corpusDir is the shared corpus (../shared/corpus beside the repository),
// found and skipped as extracttest.Corpus does (which this package cannot
// import: its -update flag is this package's too): a missing corpus skips
// the test, except under CI=true, where it fails.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared corpus not found at %s (CI=true)", dir)
		}
		t.Skipf("shared corpus not found at %s", dir)
	}
	return dir
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
