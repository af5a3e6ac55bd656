package server

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/host"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/inventory"
	"github.com/affected-dev/affected/internal/match"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/scan"
	"github.com/affected-dev/affected/internal/store"
)

// source serves advisories by package name, for the names it was made
// for only (a re-match recomputes those and no others).
type source map[string][]*advisory.Advisory

func newSource(advs []*advisory.Advisory, only []string) source {
	src := source{}
	var allowed map[string]bool
	if only != nil {
		allowed = make(map[string]bool, len(only))
		for _, n := range only {
			allowed[n] = true
		}
	}
	for _, a := range advs {
		if a.Withdrawn != nil {
			continue
		}
		for _, k := range a.NuGetIDs() {
			if allowed == nil || allowed[k] {
				src[k] = append(src[k], a)
			}
		}
	}
	return src
}

// ForPackage implements match.Source.
func (s source) ForPackage(name string) []*advisory.Advisory { return s[nuget.NormalizeID(name)] }

// findings matches graphs with the CLI's code and returns the findings as
// stored (the report's form, in English).
func findings(graphs []*graph.Graph, src source, maxPaths int) ([]store.Finding, error) {
	fs, keys := scan.Findings(graphs, src, maxPaths, i18n.En)
	out := make([]store.Finding, len(fs))
	for i := range fs {
		f := &fs[i]
		data, err := json.Marshal(f)
		if err != nil {
			return nil, err
		}
		out[i] = store.Finding{Project: f.Project, Framework: f.Framework, AdvisoryID: f.Advisory.ID, PackageKey: keys[i], Version: f.Package.Version, Data: data}
	}
	return out, nil
}

// upload turns a checked inventory into the store's form, with its
// graphs rebuilt (for matching and for the packages they reach) and its
// hosts combined, and the matcher of the upload.
func (s *Server) upload(doc *inventory.Document) (*store.Upload, *uploadMatcher, error) {
	canon, err := inventory.Encode(doc)
	if err != nil {
		return nil, nil, err
	}
	digest := sha256.Sum256(canon)
	up := &store.Upload{Source: doc.Source, Format: doc.Format, Tool: doc.Tool, Digest: digest[:]}
	if up.Format == "" {
		up.Format = "affected"
	}
	if len(doc.Errors) > 0 {
		if up.Errors, err = json.Marshal(doc.Errors); err != nil {
			return nil, nil, err
		}
	}
	names := map[string]bool{}
	var graphs []*graph.Graph
	var gs scan.Graphs
	for i := range doc.Projects {
		p := &doc.Projects[i]
		sp := store.Project{Path: p.Path, Sources: p.Sources}
		for j := range p.Targets {
			t := &p.Targets[j]
			sp.Frameworks = append(sp.Frameworks, t.Framework)
			g := gs.Graph(p.Path, t)
			graphs = append(graphs, g)
			sg := store.Graph{Project: p.Path, Framework: t.Framework, Data: t.AppendBinary(nil)}
			for k := range g.Nodes {
				n := &g.Nodes[k]
				if n.Kind != graph.Package || n.Version == "" || !g.Reachable(k) {
					continue
				}
				key := nuget.NormalizeID(n.Name)
				names[key] = true
				sg.Packages = append(sg.Packages, store.Package{Key: key, Name: n.Name, Version: n.Version, Direct: n.Direct})
			}
			up.Graphs = append(up.Graphs, sg)
		}
		up.Projects = append(up.Projects, sp)
	}
	for n := range names {
		up.Names = append(up.Names, n)
	}
	m := &uploadMatcher{graphs: graphs, maxPaths: s.cfg.MaxPaths}
	if up.Hosts, m.hosts, up.PlatformKeys, err = storeHosts(doc.Hosts); err != nil {
		return nil, nil, err
	}
	if up.Endpoints, err = storeEndpoints(doc.Endpoints); err != nil {
		return nil, nil, err
	}
	return up, m, nil
}

// storeHosts combines uploaded inventories into machines as `affected
// host` does and gives each its store form: its name in the report (made
// unique in the upload: " (2)" for the second of a name), its product and
// the inventories it was combined from. keys are the hosts' product keys.
func storeHosts(invs []inventory.Host) (out []store.Host, hosts []*host.Host, keys []string, err error) {
	if len(invs) == 0 {
		return nil, nil, nil, nil
	}
	hosts = scan.CombineHosts(invs)
	used := map[string]int{}
	same := func(f string) string { return f }
	for _, h := range hosts {
		name := h.Label()
		if h.Name == "" && len(h.Sources) > 0 {
			name = h.Sources[0].File // as the report names it
		}
		if used[name]++; used[name] > 1 {
			name += " (" + strconv.Itoa(used[name]) + ")"
		}
		sh := store.Host{Name: name}
		if p, ok := h.OS.Product(); ok {
			sh.Product, sh.PlatformKey = p.ID(), match.PlatformKey(p)
			if !slices.Contains(keys, sh.PlatformKey) {
				keys = append(keys, sh.PlatformKey)
			}
		}
		from := make([]inventory.Host, len(h.Sources))
		for i, src := range h.Sources {
			from[i] = scan.HostInventory(src, same)
		}
		if sh.Inventories, err = json.Marshal(from); err != nil {
			return nil, nil, nil, err
		}
		out = append(out, sh)
	}
	return out, hosts, keys, nil
}

// platformSource is match.PlatformSource over advisories the store
// loaded: each advisory in force with its rows of the keys asked (as the
// local database gives them to `affected host`).
type platformSource []*advisory.Advisory

// EachForPlatform implements match.PlatformSource.
func (p platformSource) EachForPlatform(keys []string, fn func(*advisory.Advisory)) error {
	for _, a := range p {
		if a.Withdrawn != nil {
			continue
		}
		c := *a
		c.Platforms = nil
		for _, x := range a.Platforms {
			if slices.Contains(keys, advisory.PlatformKey(x.ProductID)) {
				c.Platforms = append(c.Platforms, x)
			}
		}
		if len(c.Platforms) > 0 {
			fn(&c)
		}
	}
	return nil
}

// Get implements match.PlatformSource; the server asks for no advisory
// by name.
func (platformSource) Get(string) (*advisory.Advisory, bool) { return nil, false }

// matchHosts matches hosts (combined from stored[i]'s inventories) with
// the CLI's code and sets each stored host's entry and verdicts (the
// report's form, in English).
func matchHosts(hosts []*host.Host, stored []store.Host, advs []*advisory.Advisory) error {
	entries, err := scan.HostEntries(hosts, platformSource(advs), i18n.En)
	if err != nil {
		return err
	}
	doc := report.HostDocument{Hosts: entries}
	doc.Normalize() // arrays, never null: as `affected host --format json`
	for i := range doc.Hosts {
		e := &doc.Hosts[i]
		sh := &stored[i]
		sh.Verdicts = make([]store.HostVerdict, len(e.Verdicts))
		for j, v := range e.Verdicts {
			data, err := json.Marshal(v)
			if err != nil {
				return err
			}
			sh.Verdicts[j] = store.HostVerdict{AdvisoryID: v.Advisory, Status: v.Status, Data: data}
		}
		e.Verdicts = nil
		if sh.Entry, err = json.Marshal(e); err != nil {
			return err
		}
		sh.Affected = e.Counts.Affected
	}
	return nil
}

// uploadMatcher is the store's UploadMatcher of one upload: its graphs
// and hosts, built from the document.
type uploadMatcher struct {
	graphs   []*graph.Graph
	hosts    []*host.Host
	maxPaths int
}

func (m *uploadMatcher) Packages(advs []*advisory.Advisory) ([]store.Finding, error) {
	return findings(m.graphs, newSource(advs, nil), m.maxPaths)
}

func (m *uploadMatcher) Hosts(stored []store.Host, advs []*advisory.Advisory) error {
	return matchHosts(m.hosts, stored, advs)
}

func (m *uploadMatcher) Endpoints(eps []store.Endpoint, advs []*advisory.Advisory) error {
	return matchEndpoints(eps, advs)
}

// rematcher is the store's Rematcher: stored graphs and hosts rebuilt
// and matched with the CLI's code. A worker keeps one from task to task:
// its decoder and interner keep one copy of each name and version (the
// tasks of a job read graphs of the same packages), up to maxStrings.
type rematcher struct {
	maxPaths int
	gs       *scan.Graphs
	dec      *inventory.TargetDecoder
}

// maxStrings bounds the strings a rematcher keeps between tasks.
const maxStrings = 1 << 20

func newRematcher(maxPaths int) *rematcher {
	return &rematcher{maxPaths: maxPaths, gs: new(scan.Graphs), dec: new(inventory.TargetDecoder)}
}

// Packages matches the stored graphs against the advisories of names
// only, source by source.
func (m *rematcher) Packages(stored []store.Graph, advs []*advisory.Advisory, names []string) ([]store.Finding, error) {
	if m.dec.Strings() > maxStrings {
		m.gs, m.dec = new(scan.Graphs), new(inventory.TargetDecoder)
	}
	gs, dec := m.gs, m.dec
	src := newSource(advs, names)
	var out []store.Finding
	var t inventory.Target // its memory reused: the graphs copy what they need
	for len(stored) > 0 {
		n := 1
		for n < len(stored) && stored[n].SourceID == stored[0].SourceID {
			n++
		}
		graphs := make([]*graph.Graph, n)
		for i, sg := range stored[:n] {
			if err := dec.Decode(sg.Data, &t); err != nil {
				return nil, fmt.Errorf("graph %s [%s] of %s: %w", sg.Project, sg.Framework, sg.Source, err)
			}
			graphs[i] = gs.Graph(sg.Project, &t)
		}
		found, err := findings(graphs, src, m.maxPaths)
		if err != nil {
			return nil, err
		}
		for i := range found {
			found[i].SourceID = stored[0].SourceID
		}
		out = append(out, found...)
		gs.Recycle(graphs...)
		stored = stored[n:]
	}
	return out, nil
}

// Hosts combines each stored host's inventories again and matches it.
func (m *rematcher) Hosts(stored []store.Host, advs []*advisory.Advisory) error {
	hosts := make([]*host.Host, len(stored))
	for i, sh := range stored {
		var invs []inventory.Host
		if err := json.Unmarshal(sh.Inventories, &invs); err != nil {
			return fmt.Errorf("host %s: %w", sh.Name, err)
		}
		combined := scan.CombineHosts(invs)
		if len(combined) != 1 {
			return fmt.Errorf("host %s: its inventories make %d hosts", sh.Name, len(combined))
		}
		hosts[i] = combined[0]
	}
	return matchHosts(hosts, stored, advs)
}

// Endpoints derives the stored probe results' verdicts again and matches
// them.
func (m *rematcher) Endpoints(eps []store.Endpoint, advs []*advisory.Advisory) error {
	return matchEndpoints(eps, advs)
}
