package nuget

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/osv-scalibr/semantic"

	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

func TestVersionComparisons(t *testing.T) {
	f, err := os.Open("testdata/versions.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 3 {
			t.Fatalf("bad line %q", line)
		}
		a, b := MustParseVersion(fields[0]), MustParseVersion(fields[2])
		want := map[string]int{"<": -1, "=": 0, ">": 1}[fields[1]]
		if got := a.Compare(b); got != want {
			t.Errorf("%s: Compare = %d, want %d", line, got, want)
		}
		if got := b.Compare(a); got != -want {
			t.Errorf("%s (reversed): Compare = %d, want %d", line, got, -want)
		}
		n++
	}
	if n < 20 {
		t.Fatalf("only %d cases read", n)
	}
}

func TestVersionNormalise(t *testing.T) {
	for in, want := range map[string]string{
		"1.0":          "1.0.0",
		"1":            "1.0.0",
		"1.0.0.0":      "1.0.0",
		"1.01.1":       "1.1.1",
		"1.0.7+r3456":  "1.0.7",
		"1.0.0.4":      "1.0.0.4",
		"1.0.0-Beta":   "1.0.0-Beta",
		"4.0.30506.0":  "4.0.30506",
		" 1.1.0 ":      "1.1.0",
		"2.0.0-rc1.10": "2.0.0-rc1.10",
	} {
		v, err := ParseVersion(in)
		if err != nil {
			t.Errorf("ParseVersion(%q): %v", in, err)
			continue
		}
		if v.String() != want {
			t.Errorf("ParseVersion(%q) = %s, want %s", in, v, want)
		}
	}
	for _, bad := range []string{"", "a", "1.0.0.0.0", "1..0", "1.0-", "1.0+", "1.0-be_ta", "-1.0", "1.0.0-beta..1", "v1.0", "1.*", "$(Version)"} {
		if v, err := ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q) = %s, want error", bad, v)
		}
	}
}

func TestRanges(t *testing.T) {
	// From the version-ranges table of the NuGet documentation.
	for _, tc := range []struct {
		in     string
		str    string
		in_    []string // versions inside
		out    []string // versions outside
		lowest string
	}{
		{"1.0", ">= 1.0.0", []string{"1.0", "1.0.1", "99"}, []string{"0.9", "1.0.0-beta"}, "1.0.0"},
		{"(1.0,)", "> 1.0.0", []string{"1.0.1"}, []string{"1.0"}, ""},
		{"[1.0]", "= 1.0.0", []string{"1.0.0.0"}, []string{"1.0.1", "0.9"}, "1.0.0"},
		{"(,1.0]", "<= 1.0.0", []string{"0.1", "1.0"}, []string{"1.0.1"}, ""},
		{"(,1.0)", "< 1.0.0", []string{"0.9"}, []string{"1.0"}, ""},
		{"[1.0,2.0]", "[1.0.0, 2.0.0]", []string{"1.0", "2.0"}, []string{"2.0.1"}, "1.0.0"},
		{"(1.0,2.0)", "(1.0.0, 2.0.0)", []string{"1.5"}, []string{"1.0", "2.0"}, ""},
		{"[1.0,2.0)", "[1.0.0, 2.0.0)", []string{"1.0", "1.9.9"}, []string{"2.0"}, "1.0.0"},
		{"[ 1.0 , 2.0 )", "[1.0.0, 2.0.0)", []string{"1.0"}, []string{"2.0"}, "1.0.0"},
		{"[1.0,)", ">= 1.0.0", []string{"1.0"}, []string{"0.1"}, "1.0.0"},
		{"1.*", "1.*", []string{"1.0", "1.5", "2.0"}, []string{"0.9"}, ""},
		{"1.0.*", "1.0.*", []string{"1.0.0"}, []string{"0.9"}, ""},
		{"*", "*", []string{"0.0.1", "1.0"}, nil, ""},
		{"1.0.0-*", "1.0.0-*", []string{"1.0.0-alpha", "1.0.0"}, []string{"0.9.0"}, ""},
		{"1.0.0-beta*", "1.0.0-beta*", []string{"1.0.0-beta", "1.0.0-beta2", "1.0.0"}, []string{"1.0.0-alpha"}, ""},
		{"*-*", "*-*", []string{"0.0.1-a"}, nil, ""},
		{"1.*-*", "1.*-*", []string{"1.0.0-a", "1.2.0"}, nil, ""},
		{"[1.*, 2.0)", "[1.*, 2.0.0)", []string{"1.9"}, []string{"2.0"}, ""},
	} {
		r, err := ParseRange(tc.in)
		if err != nil {
			t.Errorf("ParseRange(%q): %v", tc.in, err)
			continue
		}
		if r.String() != tc.str {
			t.Errorf("ParseRange(%q).String() = %q, want %q", tc.in, r.String(), tc.str)
		}
		for _, v := range tc.in_ {
			if !r.Contains(MustParseVersion(v)) {
				t.Errorf("%q should contain %s", tc.in, v)
			}
		}
		for _, v := range tc.out {
			if r.Contains(MustParseVersion(v)) {
				t.Errorf("%q should not contain %s", tc.in, v)
			}
		}
		low, ok := r.Lowest()
		if got := map[bool]string{true: low.String()}[ok]; got != tc.lowest {
			t.Errorf("%q.Lowest() = %q, want %q", tc.in, got, tc.lowest)
		}
	}
	for _, bad := range []string{"", "(1.0)", "[1.0)", "(1.0]", "[,]", "(,)", "[2.0,1.0]", "(1.0,1.0)", "[1.0,2.0", "1.0,2.0]", "[1.0,2.0,3.0]", "1.*.0", "1.0.0-*beta", "[a,b]", "1.*.*"} {
		if r, err := ParseRange(bad); err == nil {
			t.Errorf("ParseRange(%q) = %v, want error", bad, r)
		}
	}
}

func TestFrameworks(t *testing.T) {
	got := map[string]string{}
	for _, in := range []string{
		".NETCoreApp,Version=v1.1", ".NETCoreApp,Version=v1.0", ".NETCoreApp,Version=v2.0", ".NETCoreApp,Version=v3.1",
		".NETCoreApp,Version=v5.0", ".NETCoreApp,Version=v8.0", ".NETFramework,Version=v4.7.2", ".NETFramework,Version=v4.6.2",
		".NETFramework,Version=v4.8", ".NETFramework,Version=v4.5", ".NETStandard,Version=v2.0", ".NETStandard,Version=v1.4",
		"DNX,Version=v4.5.1", "DNXCore,Version=v5.0", ".NETPortable,Version=v4.5,Profile=Profile7", "UAP,Version=v10.0",
		"net8.0", "NET8.0", "net8", "netcoreapp3.1", "net472", "netstandard2.0", "net8.0-windows7.0", "net10.0", "net48",
	} {
		got[in] = ShortFramework(in)
	}
	want := map[string]string{
		".NETCoreApp,Version=v1.1": "netcoreapp1.1", ".NETCoreApp,Version=v1.0": "netcoreapp1.0",
		".NETCoreApp,Version=v2.0": "netcoreapp2.0", ".NETCoreApp,Version=v3.1": "netcoreapp3.1",
		".NETCoreApp,Version=v5.0": "net5.0", ".NETCoreApp,Version=v8.0": "net8.0",
		".NETFramework,Version=v4.7.2": "net472", ".NETFramework,Version=v4.6.2": "net462",
		".NETFramework,Version=v4.8": "net48", ".NETFramework,Version=v4.5": "net45",
		".NETStandard,Version=v2.0": "netstandard2.0", ".NETStandard,Version=v1.4": "netstandard1.4",
		"DNX,Version=v4.5.1": "dnx451", "DNXCore,Version=v5.0": "dnxcore50",
		".NETPortable,Version=v4.5,Profile=Profile7": "portable-profile7", "UAP,Version=v10.0": "uap10.0",
		"net8.0": "net8.0", "NET8.0": "net8.0", "net8": "net8.0", "netcoreapp3.1": "netcoreapp3.1", "net472": "net472",
		"netstandard2.0": "netstandard2.0", "net8.0-windows7.0": "net8.0-windows7.0", "net10.0": "net10.0", "net48": "net48",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	fw, rid := SplitTarget(".NETCoreApp,Version=v1.0/win7-x64")
	if fw != "netcoreapp1.0" || rid != "win7-x64" {
		t.Errorf("SplitTarget = %q, %q", fw, rid)
	}
	if a, b := ParseFramework("net472"), ParseFramework(".NETFramework,Version=v4.7.2"); a.ID != b.ID || !cmp.Equal(a.Version, b.Version) {
		t.Errorf("short and long net472 differ: %+v %+v", a, b)
	}
}

func TestIDs(t *testing.T) {
	if !EqualID("Microsoft.AspNetCore.Mvc.Core", "microsoft.aspnetcore.mvc.core") {
		t.Error("EqualID is case-sensitive")
	}
	if NormalizeID("Newtonsoft.Json") != "newtonsoft.json" {
		t.Error("NormalizeID")
	}
	if !MatchID("Microsoft.AspNetCore.Mvc.*", "microsoft.aspnetcore.mvc.razor") || MatchID("Microsoft.AspNetCore.Mvc.*", "Microsoft.AspNetCore.Mvc") {
		t.Error("MatchID")
	}
}

func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"1.0", "[1.0,2.0)", "1.*", "(,1.0]", "1.0.0-beta*", "*-*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRange(s)
		if err != nil {
			return
		}
		// A parsed range re-parses from its normalised interval form.
		if !r.IsFloating() && r.String() != "*" {
			if _, err := ParseRange(r.interval()); err != nil {
				t.Fatalf("%q → %q does not re-parse: %v", s, r.interval(), err)
			}
		}
		if !r.Min.IsZero() && r.MinInc && !r.Contains(r.Min) {
			t.Fatalf("%q does not contain its inclusive minimum", s)
		}
	})
}

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"1.0", "1.0.0-beta.1+meta", "1.01.1", "4.0.30506.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVersion(s)
		if err != nil {
			return
		}
		w, err := ParseVersion(v.String())
		if err != nil || !w.Equal(v) || w.String() != v.String() {
			t.Fatalf("%q normalises to %q which does not round-trip", s, v)
		}
	})
}

// FuzzCompare holds the fast comparison to osv-scalibr's comparator.
func FuzzCompare(f *testing.F) {
	for _, p := range [][2]string{{"1.0", "1.0.0.0"}, {"1.0.0-beta", "1.0.0"}, {"1.0.0-rc.1", "1.0.0-RC.2"}, {"99999999999999999999.0", "1.0"}, {"1.0.0.1-a", "1.0.0-b"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		v, err1 := ParseVersion(a)
		w, err2 := ParseVersion(b)
		if err1 != nil || err2 != nil {
			return
		}
		want, _ := semantic.ParseNuGetVersion(v.String()).CompareStr(w.String())
		if got := v.Compare(w); got != want {
			t.Fatalf("Compare(%q, %q) = %d, scalibr says %d", a, b, got, want)
		}
	})
}

// FuzzParseNormal holds parseNormal, ParseVersion's fast path, to the
// whole parser: where it answers, parseVersion gives the same Version.
func FuzzParseNormal(f *testing.F) {
	for _, s := range []string{"10.0.1", "4.0.30506.1", "4.0.30506.0", "1.0", "01.0.0", "1.0.0-beta", "99999999999999999999.0.0", "9999999999999999999.0.0", "1..0", " 1.0.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := parseNormal(s)
		if !ok {
			return
		}
		slow, err := parseVersion(s)
		if err != nil || fast.norm != slow.norm || fast.pre != slow.pre || fast.nums != slow.nums || fast.big != slow.big || slow.sem != nil {
			t.Fatalf("parseNormal(%q) = %+v, parseVersion gives %+v, %v", s, fast, slow, err)
		}
	})
}
