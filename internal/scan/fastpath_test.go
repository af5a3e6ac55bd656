package scan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/discover"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/depsjson"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/extract/packageslock"
	"github.com/affected-dev/affected/internal/extract/reference"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/project"
	"github.com/affected-dev/affected/internal/report"
)

// referenceLoad is Load the plain way, as it was before the fast paths:
// one project at a time, packages.lock.json and deps.json files parsed by
// the encoding/json walks of package reference, every graph built by a
// builder of its own and kept with all the lock data.
func referenceLoad(t *testing.T, paths []string, lang i18n.Lang) *Workspace {
	t.Helper()
	ws := &Workspace{}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		ws.Roots = append(ws.Roots, abs)
	}
	found := discover.Discover(paths)
	for _, err := range found.Errors {
		ws.addError(err, lang)
	}
	ws.Projects = project.Load(context.Background(), found.Projects, project.Options{Concurrency: 1})
	for i, p := range ws.Projects {
		f := found.Projects[i]
		var parse func(string, []byte) (*extract.Lock, error)
		switch f.LockKind {
		case extract.KindPackagesLock:
			parse = func(file string, data []byte) (*extract.Lock, error) {
				return reference.PackagesLock(file, data, packageslock.MsgNotObject)
			}
		case extract.KindDepsJSON:
			parse = func(file string, data []byte) (*extract.Lock, error) {
				return reference.DepsJSON(file, data, depsjson.MsgNotObject)
			}
		}
		if parse != nil {
			data, err := os.ReadFile(f.Lock)
			if err != nil {
				t.Fatal(err)
			}
			lock, err := parse(f.Lock, data)
			if err != nil {
				// The fast parser must have failed the same way.
				if len(p.Errors) == 0 || p.Errors[len(p.Errors)-1].Error() != err.Error() {
					t.Errorf("%s: the reference says %v, the fast parser %v", f.Lock, err, p.Errors)
				}
			} else if p.Lock != nil || p.LockPath == "" {
				p.Lock = lock
			} else {
				t.Errorf("%s: the reference reads it, the fast parser does not: %v", f.Lock, p.Errors)
			}
		}
		for _, err := range p.Errors {
			ws.addError(err, lang)
		}
		ws.Graphs = append(ws.Graphs, graph.FromProject(p)...)
	}
	sort.SliceStable(ws.Graphs, func(i, j int) bool {
		a, b := ws.Graphs[i], ws.Graphs[j]
		if a.Project != b.Project {
			return a.Project < b.Project
		}
		return a.Framework != b.Framework && nuget.CompareFrameworks(a.Framework, b.Framework) < 0
	})
	for _, g := range ws.Graphs {
		ws.targets = append(ws.targets, targetOf(g))
	}
	sort.SliceStable(ws.Errors, func(i, j int) bool { return ws.Errors[i].File < ws.Errors[j].File })
	return ws
}

// renderScan gives a scan report as the JSON and the English text reports
// write it, for comparing two scans byte for byte.
func renderScan(t *testing.T, doc *report.ScanDocument) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.WriteJSON(&b, doc); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteText(&b, doc, i18n.En); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestFastPathsOnCorpus holds the scan and why of the whole corpus, as the
// commands run them (fast parsers, projects read concurrently, graphs
// built as they are read, interned and dropped), to the plain way, byte
// for byte of their JSON and text reports.
func TestFastPathsOnCorpus(t *testing.T) {
	root := extracttest.Corpus(t)
	src := corpusAdvisories(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sopts := ScanOptions{Lang: i18n.En, Now: now}
	render := func(doc *report.ScanDocument) string { return renderScan(t, doc) }
	renderWhy := func(doc *report.WhyDocument) string {
		var b bytes.Buffer
		if err := report.WriteWhyJSON(&b, doc); err != nil {
			t.Fatal(err)
		}
		if err := report.WriteWhyText(&b, doc, i18n.En, 5); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}

	ref := referenceLoad(t, []string{root}, i18n.En)
	want := render(Scan(ref, src, sopts))
	if len(ref.Graphs) < 100 || !bytes.Contains([]byte(want), []byte(`"path_count"`)) {
		t.Fatalf("the reference found %d graphs and no findings: the comparison would prove nothing", len(ref.Graphs))
	}
	for _, conc := range []int{0, 7} {
		opts := Options{Lang: i18n.En, Concurrency: conc}
		_, doc := ScanPaths(context.Background(), []string{root}, src, opts, sopts)
		if d := cmp.Diff(want, render(doc)); d != "" {
			t.Errorf("ScanPaths, concurrency %d: (-reference +fast)\n%s", conc, d)
		}
		ws := Load(context.Background(), []string{root}, opts)
		if d := cmp.Diff(want, render(Scan(ws, src, sopts))); d != "" {
			t.Errorf("Load and Scan, concurrency %d: (-reference +fast)\n%s", conc, d)
		}
		for _, q := range []string{"Microsoft.AspNetCore.Mvc.Core", "Microsoft.*", "Newtonsoft.Json", "System.*", "ClassLibrary1"} {
			wopts := WhyOptions{MaxPaths: 5}
			want := renderWhy(Why(ref, q, wopts))
			_, doc := WhyPaths(context.Background(), []string{root}, q, opts, wopts)
			if d := cmp.Diff(want, renderWhy(doc)); d != "" {
				t.Errorf("WhyPaths %s, concurrency %d: (-reference +fast)\n%s", q, conc, d)
			}
			if d := cmp.Diff(want, renderWhy(Why(ws, q, wopts))); d != "" {
				t.Errorf("Load and Why %s, concurrency %d: (-reference +fast)\n%s", q, conc, d)
			}
		}
	}
}
