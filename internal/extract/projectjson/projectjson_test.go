package projectjson

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

func loc(line, col int) extract.Location {
	return extract.Location{File: "project.json", Pos: extract.Pos{Line: line, Col: col}}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want *extract.Manifest
	}{{
		name: "string and object dependencies, per framework",
		in: `{"dependencies": {
  "A": "1.0.0",
  "P": {"version": "1.1.0", "type": "platform"},
  "B": {"type": "build", "version": "2.0.0"},
  "D": {"version": "3.0.0", "type": "default"},
  "N": null,
  "L": {"target": "project"}
},
"frameworks": {"netcoreapp1.1": {"dependencies": {"X": "4.0.0"}, "imports": "dnxcore50"}, "net451": {}}}`,
		want: &extract.Manifest{
			Kind:       extract.KindProjectJSON,
			Frameworks: []string{"netcoreapp1.1", "net451"},
			References: []extract.Reference{
				{Name: "A", Version: "1.0.0", Source: extract.SourceProjectJSON, At: loc(2, 3), VersionAt: loc(2, 9)},
				{Name: "P", Version: "1.1.0", Source: extract.SourceProjectJSON, Platform: true, At: loc(3, 3), VersionAt: loc(3, 21)},
				{Name: "B", Version: "2.0.0", Source: extract.SourceProjectJSON, Build: true, At: loc(4, 3), VersionAt: loc(4, 38)},
				{Name: "D", Version: "3.0.0", Source: extract.SourceProjectJSON, At: loc(5, 3), VersionAt: loc(5, 21)},
				{Name: "X", Version: "4.0.0", Source: extract.SourceProjectJSON, Frameworks: []string{"netcoreapp1.1"}, At: loc(9, 51), VersionAt: loc(9, 57)},
			},
			ProjectReferences: []extract.ProjectReference{{Path: "L", At: loc(7, 3)}},
		},
	}, {
		name: "comments and trailing commas; columns count characters",
		in:   "{\"dependencies\": {\n  /* é 한 */ \"A\": \"1.0\", // x\n  \"B\": {\"version\": \"2.0\",},\n}}",
		want: &extract.Manifest{
			Kind: extract.KindProjectJSON,
			References: []extract.Reference{
				{Name: "A", Version: "1.0", Source: extract.SourceProjectJSON, At: loc(2, 13), VersionAt: loc(2, 19)},
				{Name: "B", Version: "2.0", Source: extract.SourceProjectJSON, At: loc(3, 3), VersionAt: loc(3, 21)},
			},
		},
	}, {
		name: "tools are not dependencies",
		in:   `{"tools": {"Microsoft.EntityFrameworkCore.Tools": "1.0.0-preview2-final"}}`,
		want: &extract.Manifest{Kind: extract.KindProjectJSON},
	}, {
		name: "duplicate names: the last one counts",
		in:   `{"dependencies": {"A": "1.0", "A": "2.0"}}`,
		want: &extract.Manifest{Kind: extract.KindProjectJSON, References: []extract.Reference{
			{Name: "A", Version: "2.0", Source: extract.SourceProjectJSON, At: loc(1, 31), VersionAt: loc(1, 37)}}},
	}, {
		name: "version with an escape: VersionAt is still the first character",
		in:   `{"dependencies": {"A": "\u0031.0"}}`,
		want: &extract.Manifest{Kind: extract.KindProjectJSON, References: []extract.Reference{
			{Name: "A", Version: "1.0", Source: extract.SourceProjectJSON, At: loc(1, 19), VersionAt: loc(1, 25)}}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse("project.json", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"{\n  \"a\" 1\n}", `f:2:7: invalid JSON: invalid character '1' after object name`},
		{"{\n  // comment\n  \"a\": 1,,\n}", `f:3:10: invalid JSON: invalid character ',' at start of value`},
		{"\xEF\xBB\xBF{\r\n  \"dependencies\": {\r\n", `f:3:1: unexpected end of JSON: the file is cut short`},
		{"{ /* é */ \"a\": tru }", `f:1:16: invalid JSON: invalid literal: tru`},
		{"{\"a\": \"\x01\"}", `f:1:7: invalid JSON: invalid literal: "\x01"`},
		{"{\"a\": \"\xff\x1f\"}", `f:1:7: invalid JSON: invalid literal: "\xff\x1f"`},
		{"/* only a comment */ [1]", `f:1:22: not a project.json: the top level is not a JSON object`},
		{"", `f:1:1: unexpected end of JSON: the file is cut short`},
		{`{"dependencies": {"A": 1}}`, `f:1:24: dependency A: expected a version string or an object, found number`},
		{`{"dependencies": {"A": ["1.0"]}}`, `f:1:24: dependency A: expected a version string or an object, found array`},
		{"{\"dependencies\": {\n\"A\": {\"version\": 1.0}}}", `f:2:18: dependencies.A.version: expected string, found number`},
		{`{"dependencies": {"A": {"type": true}}}`, `f:1:33: dependencies.A.type: expected string, found boolean`},
		{`{"dependencies": []}`, `f:1:18: dependencies: expected object, found array`},
		{`{"frameworks": {"net45": "x"}}`, `f:1:26: frameworks.net45: expected object, found string`},
		{"{\"a\":" + strings.Repeat("[", maxDepth+1), `f:1:1005: nested more than 1000 levels deep`},
	} {
		got, err := Parse("f", []byte(tc.in))
		extracttest.Rejected(t, tc.in, got, err, tc.want)
	}
}

// TestInputUnchanged guards against hujson's in-place standardizing
// reaching the caller's buffer: the fix step edits these very bytes.
func TestInputUnchanged(t *testing.T) {
	in := []byte("{ // c\n \"dependencies\": { /* x */ \"A\": \"1.0\", },\n}")
	orig := bytes.Clone(in)
	if _, err := Parse("f", in); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(in, orig) {
		t.Errorf("Parse changed its input:\n%q\nwas\n%q", in, orig)
	}
}

// TestDeepNesting checks that nesting within the limit, in strings and in
// comments, is not mistaken for too deep, and that very deep input fails
// fast instead of exhausting the stack.
func TestDeepNesting(t *testing.T) {
	ok := `{"x": ` + strings.Repeat("[", 900) + strings.Repeat("]", 900) + `, "s": "` + strings.Repeat("[", 5000) + `"` +
		"/* " + strings.Repeat("{", 5000) + " */ // " + strings.Repeat("[", 5000) + "\n}"
	if _, err := Parse("f", []byte(ok)); err != nil {
		t.Errorf("within the limit: %v", err)
	}
	deep := bytes.Repeat([]byte("["), 10<<20)
	if _, err := Parse("f", deep); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("10 MiB of brackets: %v", err)
	}
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatal("no testdata", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Parse("project.json", data)
			if err != nil {
				t.Fatal(err)
			}
			checkVersionAt(t, data, m)
			extracttest.Golden(t, strings.TrimSuffix(f, ".json")+".golden", extracttest.FormatManifest(m))
		})
	}
}

// checkVersionAt checks that each VersionAt points at the version text
// itself, which is what the fix step overwrites.
func checkVersionAt(t *testing.T, data []byte, m *extract.Manifest) {
	t.Helper()
	for _, r := range m.References {
		if r.Version == "" {
			continue
		}
		off := offsetOf(data, r.VersionAt.Pos)
		if off < 0 || !bytes.HasPrefix(data[off:], []byte(r.Version+`"`)) {
			t.Errorf("%s: VersionAt %v does not point at %q", r.Name, r.VersionAt.Pos, r.Version)
		}
		if off := offsetOf(data, r.At.Pos); off < 0 || !bytes.HasPrefix(data[off:], []byte(`"`+r.Name+`"`)) {
			t.Errorf("%s: At %v does not point at the key", r.Name, r.At.Pos)
		}
	}
}

// offsetOf converts a position back to a byte offset of data (a leading
// BOM is not a column).
func offsetOf(data []byte, p extract.Pos) int {
	off := 0
	for l := 1; l < p.Line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	if off == 0 && bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		off = 3
	}
	for c := 1; c < p.Col; c++ {
		if off >= len(data) {
			return -1
		}
		_, n := utf8.DecodeRune(data[off:])
		off += n
	}
	return off
}

func TestCorpus(t *testing.T) {
	type summary struct {
		Frameworks []string
		References int
		Platform   string // name of the platform reference
		Build      []string
		MvcVersion string // Microsoft.AspNetCore.Mvc
	}
	want := map[string]summary{
		"assets-WebSocketsNetCore-1/backup/project.json": {[]string{"netcoreapp1.0"}, 16, "Microsoft.NETCore.App", nil, "1.1.0-preview1-final"},
		"csproj-edge-HelpDesk.Api-1/backup/project.json": {[]string{"netcoreapp1.1"}, 23, "Microsoft.NETCore.App", nil, "1.1.0"},
		"depsjson-ssocloudpe-1/src/dotnetstarter/project.json": {[]string{"netcoreapp1.0"}, 23, "Microsoft.NETCore.App",
			[]string{"Microsoft.AspNetCore.Razor.Tools"}, "1.0.0"},
		// // comments, one of them between the last entry and the closing
		// brace.
		"lockjson-HelpDesk.Authorization-1/backup/project.json": {[]string{"netcoreapp1.1"}, 15, "Microsoft.NETCore.App", nil, "1.1.0"},
		// UTF-8 BOM, // comments over a whole commented-out "frameworks".
		"lockjson-IdentityServerDemo-1/src/IdentityServerCore/project.json": {[]string{"netcoreapp1.1"}, 8, "Microsoft.NETCore.App", nil, "1.1.*"},
		"lockjson-IdentityServerDemo-2/src/MvcClient/project.json": {[]string{"netcoreapp1.0"}, 17, "Microsoft.NETCore.App",
			[]string{"Microsoft.AspNetCore.Razor.Tools"}, "1.0.1"},
		"lockjson-api-example-dotnet-1/src/Web/project.json":                              {[]string{"netcoreapp1.1"}, 12, "Microsoft.NETCore.App", nil, "1.1.0"},
		"lockjson-aspnetcore-mongodb-identity-1/AspNetCore.Identity.MongoDB/project.json": {[]string{"netstandard1.5"}, 5, "", nil, ""},
		"lockjson-dot-net-st-pete-api-1/project.json":                                     {[]string{"netcoreapp1.1"}, 18, "Microsoft.NETCore.App", nil, "1.1.0"},
		"lockjson-hair-salon-1/project.json":                                              {[]string{"dnx451"}, 6, "", nil, ""},
		"lockjson-identitydeploymenttest-1/project.json": {[]string{"netcoreapp1.1"}, 16, "Microsoft.NETCore.App",
			[]string{"Microsoft.EntityFrameworkCore.Design"}, "1.1.0"},
		// DNX beta: a // comment inside "frameworks".
		"lockjson-jwtSample-1/src/WebApi/project.json": {[]string{"dnx451"}, 9, "", nil, ""},
	}
	dir := extracttest.Corpus(t)
	files := extracttest.Glob(t, func(rel string) bool { return strings.HasSuffix(rel, "/project.json") })
	for _, rel := range files {
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, rel))
			if err != nil {
				t.Fatal(err)
			}
			m, err := Parse(rel, data)
			if err != nil {
				t.Fatal(err)
			}
			w, ok := want[rel]
			if !ok {
				t.Fatal("no expectation for this corpus file: add one")
			}
			got := summary{Frameworks: m.Frameworks, References: len(m.References)}
			for _, r := range m.References {
				if r.Platform {
					got.Platform = r.Name
				}
				if r.Build {
					got.Build = append(got.Build, r.Name)
				}
				if r.Name == "Microsoft.AspNetCore.Mvc" {
					got.MvcVersion = r.Version
				}
				if r.At.File != rel || r.VersionAt.File != rel {
					t.Errorf("%s: locations name %q, %q", r.Name, r.At.File, r.VersionAt.File)
				}
			}
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			checkVersionAt(t, data, m)
		})
	}
	if len(files) != len(want) {
		t.Errorf("%d corpus files, %d expectations", len(files), len(want))
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	extracttest.AddSeeds(f, func(rel string) bool { return strings.HasSuffix(rel, "/project.json") })
	f.Add([]byte("{\"dependencies\": {\"A\": {\"version\": \"1\", \"target\": \"project\"}} /* \u00e9 */, }"))
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := bytes.Clone(data)
		m, err := Parse("project.json", data)
		if !bytes.Equal(orig, data) {
			t.Fatal("Parse changed its input")
		}
		if err != nil {
			if m != nil {
				t.Fatal("result with an error")
			}
			var e *extract.Error
			if !errors.As(err, &e) || e.Pos.Line == 0 {
				t.Fatalf("%v: not a located *extract.Error", err)
			}
			return
		}
		for _, r := range m.References {
			if r.At.Line == 0 {
				t.Fatalf("%s without a position", r.Name)
			}
			// VersionAt points at the version text whenever the version
			// has no escapes.
			if r.Version != "" && !strings.ContainsAny(r.Version, "\\\"") && r.VersionAt.Line > 0 && utf8.Valid(data) {
				off := offsetOf(data, r.VersionAt.Pos)
				if off < 0 || !bytes.HasPrefix(data[off:], []byte(r.Version)) && !bytes.Contains(data[off:min(len(data), off+6*len(r.Version)+2)], []byte(`\`)) {
					t.Fatalf("%s: VersionAt %v does not point at %q", r.Name, r.VersionAt.Pos, r.Version)
				}
			}
		}
	})
}
