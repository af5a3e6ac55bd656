package builtin

import (
	"testing"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
	"github.com/affected-dev/affected/internal/windows"
)

func TestRecords(t *testing.T) {
	all := Advisories()
	if len(all) != 2 || all[0].ID != "MSA-3109853" || all[1].ID != "MSA-4010983" {
		t.Fatalf("records: %v", all)
	}
	for _, a := range all {
		for _, l := range i18n.Langs() {
			txt, ok := a.TextIn(l)
			if !ok || txt.Title == "" || txt.Summary == "" || txt.Remediation == "" {
				t.Errorf("%s has no complete %s text", a.ID, l)
			}
		}
	}
	mvc := all[1].Packages[0]
	for v, want := range map[string]bool{"1.0.0": false, "1.0.2": false, "1.1.0": true, "1.1.0.0": true, "1.1.1": false, "1.1.0-rc1": false} {
		if got := mvc.Affects(nuget.MustParseVersion(v)); got != want {
			t.Errorf("MSA-4010983 affects %s = %v, want %v", v, got, want)
		}
	}
	if f, ok := mvc.FixedFor(nuget.MustParseVersion("1.1.0")); !ok || f.String() != "1.1.1" {
		t.Errorf("FixedFor(1.1.0) = %v", f)
	}
	tls := all[0]
	if len(tls.Platforms) != 14 || len(tls.Behaviours) != 1 || tls.Platforms[0].FixedBy != "KB3109853" {
		t.Errorf("MSA-3109853: %+v", tls)
	}
	// Every platform row has a canonical product id whose English name is
	// the row's, and KBs written as KBnnnnnnn.
	for _, p := range tls.Platforms {
		prod, err := windows.ParseID(p.ProductID)
		if err != nil || prod.Name() != p.Product {
			t.Errorf("MSA-3109853 %q: product id %q (%v) is named %q", p.Product, p.ProductID, err, prod.Name())
		}
		for _, kb := range append([]string{p.FixedBy}, p.AlsoFixedBy...) {
			if windows.NormalizeKB(kb) != kb {
				t.Errorf("MSA-3109853 %q: KB %q", p.Product, kb)
			}
		}
	}
}
