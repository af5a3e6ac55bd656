package ignore

import (
	"strings"
	"testing"
	"time"
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
	if m, _ := r.Match([]string{"GHSA-5crp-9r3c-p9vr"}, "Newtonsoft.Json", "a/b.csproj", now); m == nil || m.Where != ".affected.toml#1" {
		t.Errorf("rule 1 does not match: %+v", m)
	}
	if m, _ := r.Match([]string{"GHSA-5crp-9r3c-p9vr"}, "Other", "a/b.csproj", now); m != nil {
		t.Error("rule 1 matches another package")
	}
	if m, _ := r.Match([]string{"MSA-4010983"}, "X", "src/Legacy/L.csproj", now); m == nil {
		t.Error("rule 2 does not match before it expires")
	}
	m, exp := r.Match([]string{"MSA-4010983"}, "X", "src/Legacy/L.csproj", now.AddDate(0, 2, 0))
	if m != nil || len(exp) != 1 {
		t.Errorf("expired rule: match %v, expired %v", m, exp)
	}
}

func TestErrors(t *testing.T) {
	for in, want := range map[string]string{
		"[[ignore]]\nadvisory = \"X\"\n":                          "ignore rule #1 has no reason",
		"[[ignore]]\nadvisory = \"X\"\nreason = \"r\"\nfoo = 1\n": `unknown key "ignore.foo"`,
		"[[ignore]\n": "invalid TOML: expected end of table array",
	} {
		_, err := Parse("x.toml", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", in, err, want)
		}
	}
}
