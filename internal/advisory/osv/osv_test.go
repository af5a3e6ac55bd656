package osv

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
	"github.com/affected-dev/affected/internal/nuget"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

func corpus(t *testing.T) map[string]*advisory.Advisory {
	t.Helper()
	files := extracttest.Glob(t, func(rel string) bool {
		return strings.HasPrefix(rel, "advisories-osv/") && strings.HasSuffix(rel, ".json")
	})
	if len(files) != 30 {
		t.Errorf("corpus has %d OSV records, want 30", len(files))
	}
	dir := extracttest.Corpus(t)
	out := map[string]*advisory.Advisory{}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Parse(f, data)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if want := strings.TrimSuffix(filepath.Base(f), ".json"); a.ID != want {
			t.Errorf("%s: id %q", f, a.ID)
		}
		if !LooksLike(data) {
			t.Errorf("%s: LooksLike false", f)
		}
		out[a.ID] = a
	}
	return out
}

// TestCorpus parses the 30 real GitHub Advisory Database records and checks
// what every one of them must have, then facts of a few of them.
func TestCorpus(t *testing.T) {
	all := corpus(t)
	for id, a := range all {
		if a.Source != "osv" || a.Published.IsZero() || a.Modified.IsZero() || a.Severity == "" {
			t.Errorf("%s: source %q published %v modified %v severity %q", id, a.Source, a.Published, a.Modified, a.Severity)
		}
		if len(a.Texts) != 1 || a.Texts[0].Lang != "en" || a.Texts[0].Title == "" || a.Texts[0].Summary == "" {
			t.Errorf("%s: texts %+v", id, a.Texts)
		}
		if len(a.References) == 0 {
			t.Errorf("%s: no references", id)
		}
		seen := map[string]bool{}
		for _, p := range a.Packages {
			key := p.Ecosystem + "/" + nuget.NormalizeID(p.Name)
			if seen[key] {
				t.Errorf("%s: package %s not merged", id, key)
			}
			seen[key] = true
			if len(p.Ranges) == 0 {
				t.Errorf("%s: %s has no range", id, p.Name)
			}
		}
		// Round trip through the model's JSON (the database's format).
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var back advisory.Advisory
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, &back, ignoreCompiled); diff != "" {
			t.Errorf("%s: JSON round trip (-want +got):\n%s", id, diff)
		}
	}

	// GHSA-3rp6-rjw4-cq39: two affected[] entries per package, one range
	// each, merged into one exposure with two ranges.
	a := all["GHSA-3rp6-rjw4-cq39"]
	if a == nil {
		t.Fatal("GHSA-3rp6-rjw4-cq39 missing")
	}
	if diff := cmp.Diff([]string{"CVE-2017-8700"}, a.Aliases); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
	if a.Severity != advisory.SeverityHigh || len(a.Scores) != 1 || a.Scores[0].Type != "CVSS_V3" {
		t.Errorf("severity %q scores %v", a.Severity, a.Scores)
	}
	if len(a.Packages) != 2 {
		t.Fatalf("packages %+v", a.Packages)
	}
	core := exposure(t, a, "microsoft.aspnetcore.mvc.core")
	if len(core.Ranges) != 2 {
		t.Errorf("Mvc.Core ranges %+v", core.Ranges)
	}
	for v, want := range map[string]bool{"0.9.0": false, "1.0.0": true, "1.0.5": true, "1.0.6": false, "1.1.0": true, "1.1.5": true, "1.1.6": false, "2.0.0": false} {
		if got := core.Affects(nuget.MustParseVersion(v)); got != want {
			t.Errorf("GHSA-3rp6-rjw4-cq39 affects Mvc.Core %s = %v, want %v", v, got, want)
		}
	}
	if f, ok := core.FixedFor(nuget.MustParseVersion("1.1.0")); !ok || f.String() != "1.1.6" {
		t.Errorf("FixedFor(1.1.0) = %v %v", f, ok)
	}
	if f, ok := core.FixedFor(nuget.MustParseVersion("1.0.5")); !ok || f.String() != "1.0.6" {
		t.Errorf("FixedFor(1.0.5) = %v %v", f, ok)
	}
	if want, got := "Cross-origin Resource Sharing bypass in ASP.NET Core", a.Texts[0].Title; got != want {
		t.Errorf("title %q", got)
	}

	// GHSA-6xh7-4v2w-36q6: 19 NuGet packages, explicit versions lists.
	a = all["GHSA-6xh7-4v2w-36q6"]
	if len(a.Packages) != 19 {
		t.Errorf("GHSA-6xh7-4v2w-36q6 has %d packages, want 19", len(a.Packages))
	}
	core = exposure(t, a, "microsoft.aspnetcore.mvc.core")
	if !core.Affects(nuget.MustParseVersion("1.1.0")) {
		t.Error("GHSA-6xh7-4v2w-36q6 does not affect Mvc.Core 1.1.0")
	}
	http := exposure(t, a, "system.net.http")
	if !containsString(http.Versions, "4.1.1") || !containsString(http.Versions, "4.3.1") {
		t.Errorf("System.Net.Http versions %v", http.Versions)
	}

	// GHSA-m5vv-6r4h-3vj9: NuGet and other ecosystems; all kept, ecosystems
	// as published.
	a = all["GHSA-m5vv-6r4h-3vj9"]
	var ecos []string
	for _, p := range a.Packages {
		ecos = append(ecos, p.Ecosystem+":"+p.Name)
	}
	sort.Strings(ecos)
	want := []string{
		"Go:github.com/Azure/azure-sdk-for-go/sdk/azidentity",
		"Maven:com.azure:azure-identity", "Maven:com.microsoft.azure:msal4j",
		"NuGet:Azure.Identity", "NuGet:Microsoft.Identity.Client",
		"PyPI:azure-identity", "npm:@azure/identity", "npm:@azure/msal-node",
	}
	if diff := cmp.Diff(want, ecos); diff != "" {
		t.Errorf("GHSA-m5vv-6r4h-3vj9 packages (-want +got):\n%s", diff)
	}
	if !exposure(t, a, "azure.identity").Affects(nuget.MustParseVersion("1.11.3")) || exposure(t, a, "azure.identity").Affects(nuget.MustParseVersion("1.11.4")) {
		t.Error("Azure.Identity 1.11.3 / 1.11.4")
	}

	// GHSA-qhqf-ghgh-x2m4: DisCatSharp "introduced 0" with no end: every version.
	dcs := exposure(t, all["GHSA-qhqf-ghgh-x2m4"], "discatsharp")
	if !dcs.Affects(nuget.MustParseVersion("10.0.0")) {
		t.Error("DisCatSharp 10.0.0 not affected")
	}
	// GHSA-447r-wph3-92pm: mixed-case ids are merged with their siblings.
	if len(all["GHSA-447r-wph3-92pm"].Packages) != 13 {
		t.Errorf("GHSA-447r-wph3-92pm packages %d", len(all["GHSA-447r-wph3-92pm"].Packages))
	}
	// CVSS v4 vectors are kept beside v3 ones.
	if sc := all["GHSA-hh2w-p6rv-4g7w"].Scores; len(sc) != 2 || sc[1].Type != "CVSS_V4" {
		t.Errorf("GHSA-hh2w-p6rv-4g7w scores %v", sc)
	}
}

func exposure(t *testing.T, a *advisory.Advisory, norm string) *advisory.PackageExposure {
	t.Helper()
	for i := range a.Packages {
		if a.Packages[i].Ecosystem == Ecosystem && nuget.NormalizeID(a.Packages[i].Name) == norm {
			return &a.Packages[i]
		}
	}
	t.Fatalf("%s: no package %s", a.ID, norm)
	return nil
}

func TestTestdata(t *testing.T) {
	data, err := os.ReadFile("testdata/withdrawn.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse("withdrawn.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if a.Withdrawn == nil || a.Severity != "" || a.Modified.Nanosecond() != 123e6 {
		t.Errorf("withdrawn %v severity %q modified %v", a.Withdrawn, a.Severity, a.Modified)
	}
	if len(a.Packages) != 1 || len(a.Packages[0].Ranges) != 1 || a.Packages[0].Ranges[0].Type != "ECOSYSTEM" {
		t.Errorf("packages %+v", a.Packages)
	}
	data, err = os.ReadFile("testdata/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err = Parse("minimal.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Texts) != 0 || a.Title(0) != "TEST-0001" {
		t.Errorf("texts %+v", a.Texts)
	}
	p := a.Packages[0]
	if !p.Affects(nuget.MustParseVersion("2.0.0")) || p.Affects(nuget.MustParseVersion("2.0.1")) {
		t.Error("last_affected 2.0.0")
	}
	// A BOM does not count as a column.
	if _, err := Parse("bom.json", append([]byte("\xEF\xBB\xBF"), data...)); err != nil {
		t.Fatal(err)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"syntax", `{"id": "X",}`, "f.json:1:12: invalid JSON"},
		{"eof", `{"id": "X"`, "f.json:1:11: unexpected end of JSON"},
		{"not an object", `[1]`, "f.json:1:1: value: expected object, found array"},
		{"id type", `{"id": 7}`, "f.json:1:8: id: expected string, found number"},
		{"id boolean", `{"id": true}`, "f.json:1:8: id: expected string, found boolean"},
		{"aliases type", "{\"id\": \"X\",\n \"aliases\": \"CVE-1\"}", "f.json:2:13: aliases: expected array, found string"},
		{"event type", `{"id": "X", "affected": [{"package": {"ecosystem": "NuGet", "name": "A"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": 1}]}]}]}`,
			"f.json:1:134: affected.ranges.events.introduced: expected string, found number"},
		{"missing id", "{\n  \"modified\": \"2024-01-01T00:00:00Z\"}", `f.json:1:1: OSV record: missing "id"`},
		{"empty id", "{\"id\":  \"\"}", `f.json:1:9: OSV record: "id" is empty`},
		{"bad time", "{\"id\": \"X\",\n\"modified\": \"yesterday\"}", `f.json:2:13: OSV record: modified: "yesterday" is not an RFC 3339 timestamp`},
		{"two keys", "{\"id\": \"X\", \"affected\": [{\"package\": {\"ecosystem\": \"NuGet\", \"name\": \"A\"},\n \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [\n   {\"introduced\": \"0\", \"fixed\": \"1.0\"}]}]}]}",
			"f.json:3:4: OSV record: a range event must have exactly one of"},
		{"no keys", `{"id": "X", "affected": [{"package": {"ecosystem": "NuGet", "name": "A"}, "ranges": [{"type": "ECOSYSTEM", "events": [{}]}]}]}`,
			"f.json:1:119: OSV record: a range event must have exactly one"},
		{"no type", `{"id": "X", "affected": [{"package": {"ecosystem": "NuGet", "name": "A"}, "ranges": [{"events": [{"introduced": "0"}]}]}]}`,
			`f.json:1:86: OSV record: missing "type"`},
		{"no events", `{"id": "X", "affected": [{"package": {"ecosystem": "NuGet", "name": "A"}, "ranges": [{"type": "ECOSYSTEM"}]}]}`,
			`f.json:1:86: OSV record: missing "events"`},
		{"bad nuget version", `{"id": "X", "affected": [{"package": {"ecosystem": "NuGet", "name": "A"}, "versions": ["1.0", "x.y"]}]}`,
			`f.json:1:95: OSV record: "x.y" is not a NuGet version`},
		{"bad nuget event", `{"id": "X", "affected": [{"package": {"ecosystem": "NuGet", "name": "A"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1..2"}]}]}]}`,
			`f.json:1:140: OSV record: "1..2" is not a NuGet version`},
		{"bom", "\xEF\xBB\xBF{\"id\": 1}", "f.json:1:8: id: expected string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Parse("f.json", []byte(tc.in))
			if err == nil {
				t.Fatalf("no error; got %+v", a)
			}
			if a != nil {
				t.Error("result with an error")
			}
			var e *extract.Error
			if !errors.As(err, &e) {
				t.Fatalf("%T is not *extract.Error", err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got  %s\nwant %s…", err, tc.want)
			}
		})
	}
	// Other ecosystems' versions are not NuGet versions and are not checked.
	if _, err := Parse("f.json", []byte(`{"id": "X", "affected": [{"package": {"ecosystem": "Go", "name": "a"}, "versions": ["v1.0.0+incompatible"], "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}`)); err != nil {
		t.Error(err)
	}
}

func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.json", "../../../../shared/corpus/advisories-osv/*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(`{"id": "X", "affected": [{"package": {"ecosystem": "NuGet", "name": "A"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.0"}]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse("f.json", data)
		if err != nil {
			if a != nil {
				t.Fatal("result with an error")
			}
			var e *extract.Error
			if !errors.As(err, &e) {
				t.Fatalf("%v: not an *extract.Error", err)
			}
			return
		}
		if a.ID == "" {
			t.Fatal("accepted a record without id")
		}
		if _, err := json.Marshal(a); err != nil {
			t.Fatal(err)
		}
		for _, p := range a.Packages {
			for _, r := range p.Ranges {
				r.Affects(nuget.MustParseVersion("1.0.0"))
			}
		}
	})
}
