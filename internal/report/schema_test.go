package report

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/affected-dev/affected/internal/report/schematest"
)

// TestSchemaFields: every field the JSON documents can have is described
// in the published schema (schema/*.schema.json), and every field the
// schema describes exists: a field added to a document without the schema
// fails here.
func TestSchemaFields(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  any
	}{
		{"scan.schema.json", ScanDocument{}},
		{"why.schema.json", WhyDocument{}},
		{"host.schema.json", HostDocument{}},
	} {
		schemaFields(t, tc.name, reflect.TypeOf(tc.doc), schematest.Schema(t, tc.name), tc.name)
	}
}

// schemaFields compares the JSON fields of a struct type with the
// properties of its schema node.
func schemaFields(t *testing.T, file string, typ reflect.Type, node map[string]any, where string) {
	t.Helper()
	node, file = resolveIn(t, file, node)
	props, _ := node["properties"].(map[string]any)
	if node["additionalProperties"] != false {
		t.Errorf("%s: the schema allows any property (additionalProperties must be false)", where)
	}
	seen := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		seen[name] = true
		p, ok := props[name].(map[string]any)
		if !ok {
			t.Errorf("%s: field %q is not in the schema", where, name)
			continue
		}
		ft := f.Type
		pfile := file
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
			n, nf := resolveIn(t, pfile, p)
			if items, ok := n["items"].(map[string]any); ok && f.Type.Kind() == reflect.Slice {
				p, pfile = items, nf
			}
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(time.Time{}) {
			schemaFields(t, pfile, ft, p, where+"."+name)
		}
	}
	for name := range props {
		if !seen[name] {
			t.Errorf("%s: the schema describes %q, which the document does not have", where, name)
		}
	}
}

// resolveIn follows a node's $ref within the published schemas, and
// returns the node with the schema it is in (a reference into another
// schema makes that one the base of the references below it).
func resolveIn(t *testing.T, file string, node map[string]any) (map[string]any, string) {
	for {
		ref, ok := node["$ref"].(string)
		if !ok {
			return node, file
		}
		doc, ptr, _ := strings.Cut(ref, "#")
		if doc == "" {
			doc = file
		}
		file = doc
		var cur any = schematest.Schema(t, doc)
		for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		node = cur.(map[string]any)
	}
}

// TestSchemaValid: the recorded scan of the examples, and a document with
// every optional part, follow the published schema.
func TestSchemaValid(t *testing.T) {
	data, err := os.ReadFile("testdata/examples.json")
	if err != nil {
		t.Fatal(err)
	}
	schematest.Validate(t, "scan.schema.json", data)
	doc, err := ReadJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)
	doc.Database = NewDatabase("/db", 2, 4000, now.Add(-9*24*time.Hour), "https://example.com/all.zip", now, 7*24*time.Hour)
	doc.Warnings = doc.Database.Warnings(0)
	f := doc.Findings[0]
	score := 7.5
	f.Advisory.BaseScore = &score
	f.Requested = "[1.1.0, )"
	f.Unresolved, f.DeclaredRange = true, "[1.1.0, )"
	doc.Findings = append(doc.Findings, f)
	waiting := f
	waiting.LockStale = &LockStale{Declared: "Microsoft.AspNetCore.Mvc.Core@1.1.1", Expected: "1.1.1", Inferred: true, Fixed: true, Unknown: false}
	waiting.Advice = Advice{Kind: AdviceRestore, Text: "restore"}
	doc.AwaitingRestore = append(doc.AwaitingRestore, waiting)
	doc.Advisories[0].Scores = []Score{{Type: "CVSS_V3", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", BaseScore: &score}, {Type: "Ubuntu", Vector: "high"}}
	doc.Ignored = append(doc.Ignored, IgnoredFinding{Finding: f, Reason: "retired", Expires: "2027-01-31", Rule: ".affected.toml#1"})
	doc.RemovablePins = append(doc.RemovablePins, RemovablePin{Project: "a/A.csproj", Framework: "net8.0", Package: NuGetPackage("X", "1.0.0"), Advisory: "MSA-4010983", Location: Location{File: "a/A.csproj", Line: 9, Column: 5}, Reason: "r"})
	doc.Errors = append(doc.Errors, ErrorEntry{File: "b/B.csproj", Line: 3, Column: 3, Message: "m"}, ErrorEntry{Message: "no file"})
	doc.FilterSeverity([]string{"high", "unknown"})
	var buf bytes.Buffer
	if err := WriteJSON(&buf, doc); err != nil {
		t.Fatal(err)
	}
	schematest.Validate(t, "scan.schema.json", buf.Bytes())

	why := &WhyDocument{Package: "Microsoft.AspNetCore.Mvc.Core", Results: []WhyResult{{
		Project: "a/A.csproj", Framework: "net8.0", Package: NuGetPackage("Microsoft.AspNetCore.Mvc.Core", "1.1.0"),
		PathCount: 1<<64 - 1, Paths: [][]string{{"Microsoft.AspNetCore.Mvc@1.1.0", "Microsoft.AspNetCore.Mvc.Core@1.1.0"}},
		Source: "a/obj/project.assets.json", Unresolved: true, DeclaredRange: "1.1.0", ViaPlatform: true,
		Projects: []string{"B@1.0.0"}, Platform: "Microsoft.NETCore.App@1.1.0",
	}}, Errors: []ErrorEntry{{File: "x", Line: 1, Column: 2, Message: "m"}}}
	buf.Reset()
	if err := WriteWhyJSON(&buf, why); err != nil {
		t.Fatal(err)
	}
	schematest.Validate(t, "why.schema.json", buf.Bytes())

	host := &HostDocument{Lang: "en", Asked: []string{"MSA-3109853"}, Hosts: []HostEntry{{
		Name:    "WS81",
		Sources: []HostSource{{File: "ws81.txt", Line: 2, Format: "systeminfo", Encoding: "cp949"}},
		OS: &HostOS{Name: "Microsoft Windows 8.1 Pro", Version: "6.3.9600", Build: 9600, UBR: 1, ServicePack: 1, DisplayVersion: "x",
			Arch: "x64", InstallationType: "Client"},
		Product: "windows/8.1/x64", ProductName: "Windows 8.1 for x64-based Systems", UpdateList: true, Updates: []string{"KB2919355"},
		Incomplete: true, Counts: HostCounts{Affected: 1},
		Missing: []MissingUpdate{{KB: "KB3109853", Released: "2016-01-12", Advisories: []string{"MSA-3109853"}}},
		Verdicts: []HostVerdict{{Advisory: "MSA-3109853", Status: StatusAffected, Rows: []HostRow{{Product: "Windows 8.1 for x64-based Systems",
			ProductID: "windows/8.1/x64", Component: "c", Fixes: []string{"KB3109853"}, Status: StatusAffected, Found: "KB1", Via: "KB2",
			Evidence: &Location{File: "ws81.txt", Line: 3, Column: 4}, Install: "KB3109853", InstallReleased: "2016-01-12"}}},
			{Advisory: "X", Status: StatusUnknown, Reason: "incomplete-list", ReasonText: "t"}},
	}, {Name: "f.txt", Reason: "no-os", Counts: HostCounts{}}},
		Advisories: []AdvisoryEntry{{ID: "MSA-3109853", Title: "t", Lang: "en", Source: "builtin"}},
		Errors:     []ErrorEntry{{File: "bad.txt", Line: 1, Column: 1, Message: "m"}}, Warnings: []string{"w"}}
	host.Database = NewDatabase("/db", 2, 4000, now.Add(-9*24*time.Hour), "", now, 7*24*time.Hour)
	buf.Reset()
	if err := WriteHostJSON(&buf, host); err != nil {
		t.Fatal(err)
	}
	schematest.Validate(t, "host.schema.json", buf.Bytes())
}
