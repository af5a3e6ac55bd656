package scan

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/inventory"
)

// TestInventoryRoundTrip holds the server's way of matching (the inventory
// a scan uploads, encoded, decoded, each graph stored in its binary form
// and read back, rebuilt and matched) to the scan's own findings, on the
// examples and the whole corpus, in two languages: the same findings,
// paths, counts and advice.
func TestInventoryRoundTrip(t *testing.T) {
	src := corpusAdvisories(t)
	for _, root := range []string{filepath.Join("..", "..", "examples"), extracttest.Corpus(t)} {
		for _, lang := range []i18n.Lang{i18n.En, i18n.Ko} {
			sopts := ScanOptions{Lang: lang, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			_, doc, inv := ScanInventoryPaths(context.Background(), []string{root}, src, Options{Lang: lang}, sopts)
			if len(doc.Findings) == 0 {
				t.Fatalf("%s: no findings: the comparison would prove nothing", root)
			}
			inv.Source = "test"
			data, err := inventory.Encode(inv)
			if err != nil {
				t.Fatal(err)
			}
			back, err := inventory.Decode(data, inventory.DefaultLimits)
			if err != nil {
				t.Fatalf("%s: decoding the inventory written: %v", root, err)
			}
			if len(back.Projects) != len(doc.Projects) {
				t.Errorf("%s: %d projects in the inventory, %d in the report", root, len(back.Projects), len(doc.Projects))
			}
			var graphs []*graph.Graph
			var gs Graphs
			var dec inventory.TargetDecoder
			for i := range back.Projects {
				p := &back.Projects[i]
				for j := range p.Targets {
					var stored inventory.Target
					if err := dec.Decode(p.Targets[j].AppendBinary(nil), &stored); err != nil {
						t.Fatalf("%s [%s]: reading the binary form: %v", p.Path, p.Targets[j].Framework, err)
					}
					if d := cmp.Diff(p.Targets[j], stored, cmpopts.EquateEmpty()); d != "" {
						t.Fatalf("%s [%s]: binary form (-json +binary)\n%s", p.Path, p.Targets[j].Framework, d)
					}
					graphs = append(graphs, gs.Graph(p.Path, &stored))
				}
			}
			got, _ := Findings(graphs, src, 5, lang)
			if d := cmp.Diff(doc.Findings, got); d != "" {
				t.Errorf("%s [%s]: findings from the inventory (-scan +inventory)\n%s", root, lang, d)
			}
		}
	}
}

// TestRelocalize: a finding made in English and relocalized into Korean
// equals the one made in Korean.
func TestRelocalize(t *testing.T) {
	src := corpusAdvisories(t)
	root := filepath.Join("..", "..", "examples")
	_, en := ScanPaths(context.Background(), []string{root}, src, Options{}, ScanOptions{Lang: i18n.En})
	_, ko := ScanPaths(context.Background(), []string{root}, src, Options{Lang: i18n.Ko}, ScanOptions{Lang: i18n.Ko})
	if len(en.Findings) == 0 || len(en.Findings) != len(ko.Findings) {
		t.Fatalf("%d findings in English, %d in Korean", len(en.Findings), len(ko.Findings))
	}
	for i := range en.Findings {
		f := en.Findings[i]
		Relocalize(&f, ko.Findings[i].Advisory.Title, i18n.Ko)
		if d := cmp.Diff(ko.Findings[i], f); d != "" {
			t.Errorf("finding %d (-ko +relocalized)\n%s", i, d)
		}
	}
}
