package scan

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/host"
	"github.com/affected-dev/affected/internal/inventory"
)

// TestHostInventoryRoundTrip: every inventory of wesng's validation
// samples, put in its upload form, encoded, decoded and checked as the
// server does, comes back as read (every update's place included), and
// combines into the same hosts.
func TestHostInventoryRoundTrip(t *testing.T) {
	dir := filepath.Join(extracttest.Corpus(t), "windows", "wesng", "validation")
	invs, _ := host.ReadPaths([]string{dir})
	if len(invs) < 50 {
		t.Fatalf("only %d inventories read", len(invs))
	}
	same := func(f string) string { return f }
	doc := &inventory.Document{Source: "validation"}
	for _, inv := range invs {
		doc.Hosts = append(doc.Hosts, HostInventory(inv, same))
	}
	data, err := inventory.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	back, err := inventory.Decode(data, inventory.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	var got []*host.Inventory
	for i := range back.Hosts {
		got = append(got, HostOf(&back.Hosts[i]))
	}
	if d := cmp.Diff(invs, got); d != "" {
		t.Fatalf("inventories (-read +uploaded)\n%s", d)
	}
	if d := cmp.Diff(host.Combine(invs), CombineHosts(back.Hosts)); d != "" {
		t.Errorf("hosts (-read +uploaded)\n%s", d)
	}
}
