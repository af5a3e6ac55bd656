package db

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRejectedArchiveImportsNothing: an archive refused whole (its entries
// pass the limit on the archive's decompressed size) imports none of the
// entries read before the limit was reached, and the report counts what
// the database holds (issue 10 point 7).
func TestRejectedArchiveImportsNothing(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"first.json": osvRecord("GHSA-keep-0001", "Kept.Package"),
	})
	dir := filepath.Join(root, "db")
	if _, err := importPaths(dir, []string{filepath.Join(root, "first.json")}, DefaultLimits); err != nil {
		t.Fatal(err)
	}
	z := buildZip(t, []entry{
		{name: "a.json", body: osvRecord("GHSA-zip-0001", "A")},
		{name: "b.json", body: osvRecord("GHSA-zip-0002", "B")},
		{name: "c.json", body: osvRecord("GHSA-zip-0003", "C") + strings.Repeat(" ", 4096)},
	})
	writeFiles(t, root, map[string]string{"in/big.zip": string(z), "in/other.json": osvRecord("GHSA-other-0001", "O")})
	lim := DefaultLimits
	lim.Total = 2048 // a.json and b.json fit, c.json passes the limit
	rep, err := importPaths(dir, []string{filepath.Join(root, "in", "big.zip"), filepath.Join(root, "in", "other.json")}, lim)
	if err != nil {
		t.Fatal(err)
	}
	if got := errorTexts(rep.Errors); len(got) != 1 || !strings.Contains(got[0], "big.zip: the archive is larger than") {
		t.Errorf("errors %v, want the archive's refusal only", got)
	}
	if d := cmp.Diff([]string{"GHSA-other-0001"}, rep.Added); d != "" {
		t.Errorf("added (-want +got)\n%s", d)
	}
	if rep.Read != 1 || rep.Total != 2 {
		t.Errorf("read %d, total %d; want 1 read (other.json) and 2 in the database", rep.Read, rep.Total)
	}
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	stored, err := d.stored()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range stored {
		ids = append(ids, a.ID)
	}
	sort.Strings(ids)
	if d := cmp.Diff([]string{"GHSA-keep-0001", "GHSA-other-0001"}, ids); d != "" {
		t.Errorf("stored (-want +got)\n%s", d)
	}

	// Nothing left to import: the report still counts what is stored.
	rep, err = importPaths(dir, []string{filepath.Join(root, "in", "big.zip")}, lim)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read != 0 || len(rep.Added) != 0 || rep.Total != 2 {
		t.Errorf("read %d, added %v, total %d; want 0, none, 2", rep.Read, rep.Added, rep.Total)
	}
}
