package advisory

import (
	"testing"

	"github.com/affected-dev/affected/internal/nuget"
)

// TestCompileSameAnswers: a compiled advisory answers as an uncompiled one.
func TestCompileSameAnswers(t *testing.T) {
	mk := func() *Advisory {
		return &Advisory{ID: "X", Packages: []PackageExposure{{
			Ecosystem: "NuGet", Name: "P", Versions: []string{"0.9.0"},
			Ranges: []Range{
				{Type: "ECOSYSTEM", Events: []Event{{Introduced: "1.1.0"}, {Fixed: "1.1.3"}, {Introduced: "1.0.0"}, {Fixed: "1.0.4"}}},
				{Type: "ECOSYSTEM", Events: []Event{{Introduced: "0"}, {LastAffected: "0.5"}}},
				{Type: "GIT", Events: []Event{{Introduced: "0"}}},
			},
		}}}
	}
	plain, compiled := mk(), mk()
	compiled.Compile()
	for _, s := range []string{"0.1", "0.5", "0.6", "0.9.0", "1.0.0", "1.0.3", "1.0.4", "1.1.0", "1.1.2", "1.1.3", "2.0"} {
		v := nuget.MustParseVersion(s)
		p, c := &plain.Packages[0], &compiled.Packages[0]
		if p.Affects(v) != c.Affects(v) {
			t.Errorf("Affects(%s): %v uncompiled, %v compiled", s, p.Affects(v), c.Affects(v))
		}
		fp, okp := p.FixedFor(v)
		fc, okc := c.FixedFor(v)
		if okp != okc || fp.String() != fc.String() {
			t.Errorf("FixedFor(%s): %v %v vs %v %v", s, fp, okp, fc, okc)
		}
	}
	if got := compiled.Packages[0].FixedVersions(); len(got) != 2 || got[0].String() != "1.0.4" || got[1].String() != "1.1.3" {
		t.Errorf("FixedVersions = %v", got)
	}
	if !compiled.Packages[0].Affects(nuget.MustParseVersion("1.0.2")) || compiled.Packages[0].Affects(nuget.MustParseVersion("1.0.5")) {
		t.Error("wrong answers")
	}
}
