package csaf

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
	"github.com/affected-dev/affected/internal/nuget"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

func parseFile(t *testing.T, path string) *advisory.Advisory {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !LooksLike(data) {
		t.Errorf("%s: LooksLike false", path)
	}
	a, err := Parse(filepath.Base(path), data)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func pkg(t *testing.T, a *advisory.Advisory, name string) *advisory.PackageExposure {
	t.Helper()
	for i := range a.Packages {
		if nuget.EqualID(a.Packages[i].Name, name) {
			return &a.Packages[i]
		}
	}
	t.Fatalf("%s: no package %s in %+v", a.ID, name, a.Packages)
	return nil
}

func affects(t *testing.T, p *advisory.PackageExposure, want map[string]bool) {
	t.Helper()
	for v, w := range want {
		if got := p.Affects(nuget.MustParseVersion(v)); got != w {
			t.Errorf("%s %s affected = %v, want %v", p.Name, v, got, w)
		}
	}
}

// TestCorpus reads the only CSAF document of the corpus, the standard's
// generic VEX example: no purls, one product marked fixed.
func TestCorpus(t *testing.T) {
	a := parseFile(t, extracttest.File(t, "advisories-csaf/2022-evd-uc-01-f-001.json"))
	want := &advisory.Advisory{
		ID:        "2022-EVD-UC-01-F-001",
		Aliases:   []string{"CVE-2021-44228"},
		Source:    "csaf",
		Published: mustTime("2022-03-03T11:00:00Z"),
		Modified:  mustTime("2022-03-03T11:00:00Z"),
		Texts: []advisory.Text{{
			Lang:    "en",
			Title:   "Example VEX Document Use Case 1 - Fixed",
			Summary: "Example Company VEX document. Unofficial content for demonstration purposes only.\n\n" + "Apache Log4j2 2.0-beta9 through 2.15.0",
		}},
		Revisions: []advisory.Revision{{Number: "1", Date: mustTime("2022-03-03T11:00:00Z"), Summary: "Initial version."}},
	}
	// The CVE description is long; compare its start.
	if s := a.Texts[0].Summary; strings.HasPrefix(s, want.Texts[0].Summary) {
		a.Texts[0].Summary = want.Texts[0].Summary
	}
	if diff := cmp.Diff(want, a, ignoreCompiled); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestNuGetDocument(t *testing.T) {
	a := parseFile(t, "testdata/nuget-en.json")
	if a.ID != "TEST-CSAF-2017-0001" || a.Severity != advisory.SeverityHigh {
		t.Errorf("id %q severity %q", a.ID, a.Severity)
	}
	if diff := cmp.Diff([]string{"CVE-2017-0000", "4010983"}, a.Aliases); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
	if len(a.Revisions) != 2 || a.Modified != mustTime("2017-02-01T00:00:00Z") || a.Published != mustTime("2017-01-27T00:00:00Z") {
		t.Errorf("revisions %v modified %v published %v", a.Revisions, a.Modified, a.Published)
	}
	core := pkg(t, a, "Microsoft.AspNetCore.Mvc.Core")
	want := advisory.PackageExposure{
		Ecosystem: "NuGet", Name: "Microsoft.AspNetCore.Mvc.Core",
		Versions: []string{"1.1.0"},
		Ranges:   []advisory.Range{{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: "1.1.0"}, {Fixed: "1.1.1"}}}},
	}
	if diff := cmp.Diff(want, *core, ignoreCompiled); diff != "" {
		t.Errorf("Mvc.Core (-want +got):\n%s", diff)
	}
	affects(t, core, map[string]bool{"1.0.2": false, "1.1.0": true, "1.1.1": false})
	if f, ok := core.FixedFor(nuget.MustParseVersion("1.1.0")); !ok || f.String() != "1.1.1" {
		t.Errorf("FixedFor(1.1.0) = %v", f)
	}
	mvc := pkg(t, a, "Microsoft.AspNetCore.Mvc")
	affects(t, mvc, map[string]bool{"1.0.2": false, "1.1.0": true, "1.1.1": false})
	want = advisory.PackageExposure{
		Ecosystem: "NuGet", Name: "Microsoft.AspNetCore.Mvc",
		Ranges: []advisory.Range{{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: "1.1.0"}, {Fixed: "1.1.1"}}}},
	}
	if diff := cmp.Diff(want, *mvc, ignoreCompiled); diff != "" {
		t.Errorf("Mvc (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]advisory.PlatformExposure{{Product: "Microsoft .NET Core 1.1 runtime", Version: "1.1", FixedBy: ".NET Core 1.1.1"}}, a.Platforms); diff != "" {
		t.Errorf("platforms (-want +got):\n%s", diff)
	}
	txt, ok := a.TextIn(i18n.En)
	if !ok || !strings.HasPrefix(txt.Remediation, "Update every Microsoft.AspNetCore.Mvc.* package to 1.1.1") ||
		!strings.Contains(txt.Summary, "1.0.x is not affected") {
		t.Errorf("text %+v", txt)
	}
	if len(a.Scores) != 1 || a.Scores[0].Type != "CVSS_V3" {
		t.Errorf("scores %v", a.Scores)
	}
	var fix bool
	for _, r := range a.References {
		fix = fix || r.Type == "FIX"
	}
	if !fix || a.References[0].Type != "ADVISORY" {
		t.Errorf("references %v", a.References)
	}
}

// TestMerge merges the English and Korean documents of one advisory.
func TestMerge(t *testing.T) {
	en := parseFile(t, "testdata/nuget-en.json")
	ko := parseFile(t, "testdata/nuget-ko.json")
	if ko.Texts[0].Lang != "ko" {
		t.Fatalf("lang %q", ko.Texts[0].Lang)
	}
	packages := en.Packages
	if err := Merge(en, ko); err != nil {
		t.Fatal(err)
	}
	if len(en.Texts) != 2 {
		t.Fatalf("texts %+v", en.Texts)
	}
	for _, l := range []i18n.Lang{i18n.En, i18n.Ko} {
		if _, ok := en.TextIn(l); !ok {
			t.Errorf("no %s text", l)
		}
	}
	if txt, _ := en.TextIn(i18n.Ko); !strings.Contains(txt.Title, "서비스 거부") || !strings.Contains(txt.Remediation, "1.1.1로") {
		t.Errorf("Korean text %+v", txt)
	}
	if _, ok := en.TextIn(i18n.ZhTW); ok {
		t.Error("a zh-TW text appeared")
	}
	if diff := cmp.Diff(packages, en.Packages, ignoreCompiled); diff != "" {
		t.Errorf("packages changed by the merge (-want +got):\n%s", diff)
	}
	if len(en.References) != 4 { // two self links, the announcement, the fix
		t.Errorf("references %v", en.References)
	}
	// The same language twice, or another advisory, is refused.
	if err := Merge(en, parseFile(t, "testdata/nuget-ko.json")); err == nil {
		t.Error("merged a second Korean text")
	}
	if err := Merge(en, parseFile(t, "testdata/lines.json")); err == nil {
		t.Error("merged another advisory")
	}
}

// TestMergeIntoStored merges a document freshly read (its ranges
// compiled, as the database's reader leaves them) into a record read back
// from JSON (not compiled), as the server merges them: the ranges both
// have stay once.
func TestMergeIntoStored(t *testing.T) {
	en := parseFile(t, "testdata/nuget-en.json")
	data, err := json.Marshal(en)
	if err != nil {
		t.Fatal(err)
	}
	stored := new(advisory.Advisory)
	if err := json.Unmarshal(data, stored); err != nil {
		t.Fatal(err)
	}
	ko := parseFile(t, "testdata/nuget-ko.json")
	ko.Compile()
	if err := Merge(stored, ko); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(en.Packages, stored.Packages, ignoreCompiled); diff != "" {
		t.Errorf("packages changed by the merge (-want +got):\n%s", diff)
	}
}

func TestLines(t *testing.T) {
	a := parseFile(t, "testdata/lines.json")
	lib := pkg(t, a, "Example.Lib")
	want := advisory.PackageExposure{
		Ecosystem: "NuGet", Name: "Example.Lib",
		Versions: []string{"1.0.0", "1.0.2", "2.0.0", "2.5.0", "3.0.0"},
		Ranges: []advisory.Range{
			{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: "1.0.2"}, {Fixed: "1.0.3"}}},
			{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: "2.0.0"}, {LastAffected: "2.5.0"}}},
			{Type: "ECOSYSTEM", Events: []advisory.Event{{Introduced: "3.0.0"}}},
		},
	}
	if diff := cmp.Diff(want, *lib, ignoreCompiled); diff != "" {
		t.Errorf("Example.Lib (-want +got):\n%s", diff)
	}
	affects(t, lib, map[string]bool{"0.9.0": false, "1.0.0": true, "1.0.1": false, "1.0.2": true, "1.0.3": false,
		"2.0.0": true, "2.4.0": true, "2.5.0": true, "2.5.1": false, "3.0.0": true, "9.0.0": true})
	npm := a.Packages[1]
	if npm.Ecosystem != "npm" || npm.Name != "@example/lib" || len(npm.Versions) != 1 {
		t.Errorf("npm package %+v", npm)
	}
	if diff := cmp.Diff([]advisory.PlatformExposure{{Product: "Example Server 5", FixedBy: "KB1234567"}}, a.Platforms); diff != "" {
		t.Errorf("platforms (-want +got):\n%s", diff)
	}
	if a.Texts[0].Lang != "en" || a.Severity != "" {
		t.Errorf("texts %+v severity %q", a.Texts, a.Severity)
	}
}

func TestParseVers(t *testing.T) {
	for _, tc := range []struct {
		in       string
		events   []advisory.Event
		versions []string
		err      bool
	}{
		{"vers:nuget/>=1.0.0|<1.0.6", []advisory.Event{{Introduced: "1.0.0"}, {Fixed: "1.0.6"}}, nil, false},
		{"vers:nuget/<1.1.6|>=1.1.0|<1.0.6|>=1.0.0", []advisory.Event{{Introduced: "1.0.0"}, {Fixed: "1.0.6"}, {Introduced: "1.1.0"}, {Fixed: "1.1.6"}}, nil, false},
		{"vers:nuget/<=2.0", []advisory.Event{{Introduced: "0"}, {LastAffected: "2.0"}}, nil, false},
		{"vers:nuget/1.0.0|=1.0.1", nil, []string{"1.0.0", "1.0.1"}, false},
		{"vers:nuget/*", []advisory.Event{{Introduced: "0"}}, nil, false},
		{"vers:nuget/>1.0", nil, nil, true},
		{"vers:nuget/!=1.0", nil, nil, true},
		{"vers:npm/<1.0", nil, nil, true},
		{"vers:nuget/>=1.0|>=2.0", nil, nil, true},
		{"vers:nuget/>=x", nil, nil, true},
		{"vers:nuget/", nil, nil, true},
		{">=1.0", nil, nil, true},
	} {
		r, vs, err := parseVers(tc.in, "NuGet")
		if (err != nil) != tc.err {
			t.Errorf("%s: error %v", tc.in, err)
			continue
		}
		if err != nil {
			continue
		}
		if diff := cmp.Diff(tc.events, r.Events); diff != "" {
			t.Errorf("%s events (-want +got):\n%s", tc.in, diff)
		}
		if diff := cmp.Diff(tc.versions, vs); diff != "" {
			t.Errorf("%s versions (-want +got):\n%s", tc.in, diff)
		}
	}
}

// edit returns the English test document changed by f.
func edit(t *testing.T, f func(m map[string]any)) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/nuget-en.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	out, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func obj(m map[string]any, path ...any) map[string]any {
	var cur any = m
	for _, p := range path {
		switch k := p.(type) {
		case string:
			cur = cur.(map[string]any)[k]
		case int:
			cur = cur.([]any)[k]
		}
	}
	return cur.(map[string]any)
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want string // a prefix; positions pin the value or object at fault
	}{
		{"syntax", []byte(`{"document": }`), "f.json:1:14: invalid JSON"},
		{"eof", []byte(`{"document": {`), "f.json:1:15: unexpected end of JSON"},
		{"not a document", []byte(`{"id": "X"}`), `f.json:1:1: CSAF document: missing "document"`},
		{"title type", []byte("{\"document\": {\n  \"title\": 5}}"), "f.json:2:12: document.title: expected string, found number"},
		{"title boolean", []byte(`{"document": {"title": true}}`), "f.json:1:24: document.title: expected string, found boolean"},
		{"notes type", []byte(`{"document": {"notes": {}}}`), "f.json:1:24: document.notes: expected array, found object"},
		{"version", edit(t, func(m map[string]any) { obj(m, "document")["csaf_version"] = "1.2" }), `f.json:7:19: CSAF document: csaf_version "1.2" is not supported`},
		{"no tracking id", edit(t, func(m map[string]any) { delete(obj(m, "document", "tracking"), "id") }), `f.json:38:15: CSAF document: missing "id"`},
		{"empty title", edit(t, func(m map[string]any) { obj(m, "document")["title"] = " " }), `f.json:37:12: CSAF document: "title" is empty`},
		{"no publisher", edit(t, func(m map[string]any) { delete(obj(m, "document"), "publisher") }), `f.json:2:14: CSAF document: missing "publisher"`},
		{"status", edit(t, func(m map[string]any) { obj(m, "document", "tracking")["status"] = "done" }), `CSAF document: tracking status "done"`},
		{"date", edit(t, func(m map[string]any) { obj(m, "document", "tracking")["current_release_date"] = "2017-02-01" }), `CSAF document: current_release_date: "2017-02-01" is not an RFC 3339`},
		{"no revisions", edit(t, func(m map[string]any) { obj(m, "document", "tracking")["revision_history"] = []any{} }), `CSAF document: missing "revision_history"`},
		{"undefined product", edit(t, func(m map[string]any) {
			obj(m, "vulnerabilities", 0, "product_status")["fixed"] = []any{"CSAFPID-0003", "CSAFPID-9999"}
		}), `CSAF document: product "CSAFPID-9999" is not defined in the product tree`},
		{"duplicate product", edit(t, func(m map[string]any) {
			obj(m, "product_tree", "branches", 0, "branches", 2, "branches", 0, "product")["product_id"] = "CSAFPID-0001"
		}), `CSAF document: product "CSAFPID-0001" is defined more than once`},
		{"bad purl", edit(t, func(m map[string]any) {
			obj(m, "product_tree", "branches", 0, "branches", 0, "branches", 0, "product", "product_identification_helper")["purl"] = "nuget:Foo"
		}), `CSAF document: "nuget:Foo" is not a package URL`},
		{"bad purl version", edit(t, func(m map[string]any) {
			obj(m, "product_tree", "branches", 0, "branches", 0, "branches", 0, "product", "product_identification_helper")["purl"] = "pkg:nuget/Foo@1..0"
		}), `CSAF document: "1..0" is not a NuGet version`},
		{"bad vers", edit(t, func(m map[string]any) {
			obj(m, "product_tree", "branches", 0, "branches", 1, "branches", 0)["name"] = "vers:nuget/>1.1.0"
		}), `CSAF document: version range "vers:nuget/>1.1.0": comparator ">" cannot be expressed`},
		{"undefined group", edit(t, func(m map[string]any) {
			obj(m, "vulnerabilities", 0, "remediations", 0)["group_ids"] = []any{"CSAFGID-0002"}
		}), `CSAF document: product group "CSAFGID-0002" is not defined`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Parse("f.json", tc.in)
			if err == nil {
				t.Fatalf("no error; got %+v", a)
			}
			if a != nil {
				t.Error("result with an error")
			}
			var e *extract.Error
			if !errors.As(err, &e) || e.Pos.Line == 0 {
				t.Fatalf("%v: not a located *extract.Error", err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) && !strings.Contains(err.Error(), ": "+tc.want) {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.json", "../../../../shared/corpus/advisories-csaf/*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
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
		if a.ID == "" || len(a.Texts) != 1 {
			t.Fatalf("accepted %+v", a)
		}
		if _, err := json.Marshal(a); err != nil {
			t.Fatal(err)
		}
		b := *a
		b.Texts = []advisory.Text{{Lang: "xx"}}
		if err := Merge(a, &b); err != nil {
			t.Fatal(err)
		}
	})
}
