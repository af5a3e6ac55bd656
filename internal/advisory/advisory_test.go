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

func TestBaseScore(t *testing.T) {
	for _, tc := range []struct {
		typ, vector string
		want        float64
		ok          bool
	}{
		{"CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, true},
		{"CVSS_V3", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, true}, // GHSA-5crp-9r3c-p9vr's
		{"CVSS_V3", "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.8, true},
		{"CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5, true},
		{"CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3, true},
		{"CVSS_V3", "CVSS:3.1/AV:X", 0, false},
		{"Ubuntu", "high", 0, false},
	} {
		got, ok := Score{Type: tc.typ, Score: tc.vector}.BaseScore()
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %v, %v; want %v, %v", tc.vector, got, ok, tc.want, tc.ok)
		}
	}
}
