package ignore

import (
	"strings"
	"testing"
	"time"

	"github.com/affected-dev/affected/internal/i18n"
)

func TestParseAndMatch(t *testing.T) {
	r, err := Parse(".affected.toml", []byte(`
[[ignore]]
advisory = "GHSA-5crp-9r3c-p9vr"
package = "newtonsoft.json"
reason = "we never deserialize untrusted input"

[[ignore]]
advisory = "MSA-4010983"
project = "src/Legacy/"
reason = "retired next month"
expires = 2026-12-31
`))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	if m, _ := r.Match([]string{"GHSA-5crp-9r3c-p9vr"}, "Newtonsoft.Json", "9.0.1", "a/b.csproj", now); m == nil || m.Where != ".affected.toml#1" {
		t.Errorf("rule 1 does not match: %+v", m)
	}
	if m, _ := r.Match([]string{"GHSA-5crp-9r3c-p9vr"}, "Other", "1.0.0", "a/b.csproj", now); m != nil {
		t.Error("rule 1 matches another package")
	}
	if m, _ := r.Match([]string{"MSA-4010983"}, "X", "1.0.0", "src/Legacy/L.csproj", now); m == nil {
		t.Error("rule 2 does not match before it expires")
	}
	m, exp := r.Match([]string{"MSA-4010983"}, "X", "1.0.0", "src/Legacy/L.csproj", now.AddDate(0, 2, 0))
	if m != nil || len(exp) != 1 {
		t.Errorf("expired rule: match %v, expired %v", m, exp)
	}
}

func TestErrors(t *testing.T) {
	for in, want := range map[string]string{
		"[[ignore]]\nadvisory = \"X\"\n": "x.toml:1:1: ignore rule #1 has no reason",
		"[[ignore]]\nadvisory = \"X\"\nreason = \"r\"\n\n  [[ ignore ]]\nadvisory = \"Y\"\n": "x.toml:5:3: ignore rule #2 has no reason",
		"[[ignore]]\nadvisory = \"X\"\nreason = \"r\"\n  foo = 1\n":                          `x.toml:4:3: unknown key "ignore.foo"`,
		"[[IgnoredVulns]]\nreason = \"r\"\n":                                                 "x.toml:1:1: ignore rule #1 has no id",
		"[[IgnoredVulns]]\nid = \"X\"\nbogus = 2\n":                                          "x.toml:3:1: ",
		"[[ignore]\n": "invalid TOML: expected end of table array",
	} {
		_, err := Parse("x.toml", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", in, err, want)
		}
	}
}

// TestOSVScanner: osv-scanner's configuration is read as it is written
// for osv-scanner (issue 9 point 12): IgnoredVulns by id or alias, with
// ignoreUntil; PackageOverrides that ignore a NuGet package (a version of
// it); licence overrides and other ecosystems have no effect.
func TestOSVScanner(t *testing.T) {
	r, err := Parse("osv-scanner.toml", []byte(`
GoVersionOverride = "1.22.0"

[[IgnoredVulns]]
id = "GHSA-5crp-9r3c-p9vr"
reason = "we never deserialize untrusted input"

[[IgnoredVulns]]
id = "CVE-2017-0247"
ignoreUntil = 2026-12-31T00:00:00Z

[[PackageOverrides]]
name = "Legacy.Lib"
ecosystem = "NuGet"
version = "1.0"
ignore = true
reason = "retired"

[[PackageOverrides]]
name = "Other.Lib"
ecosystem = "NuGet"
vulnerability.ignore = true
effectiveUntil = 2027-01-01

[[PackageOverrides]]
name = "Newtonsoft.Json"
ecosystem = "npm"
ignore = true

[[PackageOverrides]]
name = "Licensed.Lib"
license.override = ["MIT"]
`))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		ids          []string
		pkg, version string
		at           time.Time
		where        string
		expired      int
	}{
		{[]string{"GHSA-5crp-9r3c-p9vr"}, "Newtonsoft.Json", "9.0.1", now, "osv-scanner.toml#1", 0},
		{[]string{"MSA-4010984", "CVE-2017-0247"}, "Microsoft.AspNetCore.Mvc.Core", "1.1.0", now, "osv-scanner.toml#2", 0},
		{[]string{"MSA-4010984", "CVE-2017-0247"}, "Microsoft.AspNetCore.Mvc.Core", "1.1.0", now.AddDate(0, 2, 0), "", 1},
		{[]string{"GHSA-aaaa"}, "legacy.lib", "1.0.0", now, "osv-scanner.toml#PackageOverrides.1", 0},
		{[]string{"GHSA-aaaa"}, "Legacy.Lib", "1.0.1", now, "", 0},
		{[]string{"GHSA-bbbb"}, "Other.Lib", "3.0.0", now, "osv-scanner.toml#PackageOverrides.2", 0},
		{[]string{"GHSA-cccc"}, "Newtonsoft.Json", "9.0.1", now, "", 0},
		{[]string{"GHSA-dddd"}, "Licensed.Lib", "1.0.0", now, "", 0},
	} {
		m, exp := r.Match(tc.ids, tc.pkg, tc.version, "a/A.csproj", tc.at)
		where := ""
		if m != nil {
			where = m.Where
		}
		if where != tc.where || len(exp) != tc.expired {
			t.Errorf("%v %s %s: rule %q, %d expired; want %q, %d", tc.ids, tc.pkg, tc.version, where, len(exp), tc.where, tc.expired)
		}
	}
	if got := r.Rules[1].ReasonIn(i18n.Ko); got != "osv-scanner 설정에 이유가 없음" {
		t.Errorf("no reason: %q", got)
	}
	// An unknown key is an error, as for osv-scanner.
	_, err = Parse("osv-scanner.toml", []byte("[[IgnoredVulns]]\nid = \"X\"\nreasons = \"typo\"\n"))
	if err == nil || !strings.Contains(err.Error(), `unknown key "IgnoredVulns.reasons"`) {
		t.Errorf("unknown key: %v", err)
	}
}

// FuzzParse: any file gives rules or an error that names the file, never
// a panic; rules come with the fields a rule needs.
func FuzzParse(f *testing.F) {
	f.Add([]byte("[[ignore]]\nadvisory = \"GHSA-5crp-9r3c-p9vr\"\npackage = \"Newtonsoft.Json\"\nreason = \"r\"\nexpires = 2027-06-30\n"))
	f.Add([]byte("[[IgnoredVulns]]\nid = \"GHSA-x\"\nignoreUntil = 2027-01-01T00:00:00Z\nreason = \"r\"\n\n[[PackageOverrides]]\nname = \"Newtonsoft.Json\"\necosystem = \"NuGet\"\nignore = true\n"))
	f.Add([]byte("[[ignore]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := Parse("x.toml", data)
		if err != nil {
			if rules != nil {
				t.Fatalf("rules %v with error %v", rules, err)
			}
			if !strings.HasPrefix(err.Error(), "x.toml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, r := range rules.Rules {
			if r.Advisory == "" && r.Package == "" {
				t.Fatalf("rule with neither advisory nor package: %+v", r)
			}
		}
	})
}
