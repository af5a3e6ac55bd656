package lockjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
	"github.com/affected-dev/affected/internal/nuget"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

func TestParseGroupEntry(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want extract.Dependency
	}{
		{"Newtonsoft.Json", extract.Dependency{Name: "Newtonsoft.Json"}},
		{"Newtonsoft.Json >= 9.0.1", extract.Dependency{Name: "Newtonsoft.Json", Range: "9.0.1"}},
		{"  A   >=   1.0  ", extract.Dependency{Name: "A", Range: "1.0"}},
		{"A >= 1.0.0-*", extract.Dependency{Name: "A", Range: "1.0.0-*"}},
		{"A >= 1.0.0 < 2.0.0", extract.Dependency{Name: "A", Range: "[1.0.0, 2.0.0)"}},
		{"A > 1.0 <= 2.0", extract.Dependency{Name: "A", Range: "(1.0, 2.0]"}},
		{"A > 1.0", extract.Dependency{Name: "A", Range: "(1.0, )"}},
		{"A < 2.0", extract.Dependency{Name: "A", Range: "(, 2.0)"}},
		{"A <= 2.0", extract.Dependency{Name: "A", Range: "(, 2.0]"}},
		{"A >= 1.0 <= 1.0", extract.Dependency{Name: "A", Range: "[1.0]"}},
		{"A = 1.0", extract.Dependency{Name: "A", Range: "[1.0]"}},
		{"A>=1.0", extract.Dependency{Name: "A", Range: "1.0"}},
		{"A [1.0, 2.0)", extract.Dependency{Name: "A", Range: "[1.0, 2.0)"}},
		{"A (, 2.0]", extract.Dependency{Name: "A", Range: "(, 2.0]"}},
		{"A 1.0", extract.Dependency{Name: "A", Range: "1.0"}},
		{"A ~> 1.0", extract.Dependency{Name: "A", Range: "~> 1.0"}},
		{"A >=", extract.Dependency{Name: "A", Range: ">="}},
	} {
		got, ok := ParseGroupEntry(tc.in)
		if !ok {
			t.Errorf("ParseGroupEntry(%q): not ok", tc.in)
			continue
		}
		if diff := cmp.Diff(tc.want, got, extracttest.LockData); diff != "" {
			t.Errorf("ParseGroupEntry(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
	for _, in := range []string{"", "  ", ">= 1.0"} {
		if d, ok := ParseGroupEntry(in); ok {
			t.Errorf("ParseGroupEntry(%q) = %+v, want not ok", in, d)
		}
	}
	// Every converted range is one that NuGet's range parser accepts.
	for _, in := range []string{"A >= 1.0", "A >= 1.0.0 < 2.0.0", "A > 1.0 <= 2.0", "A > 1.0", "A < 2.0", "A = 1.0", "A >= 1.0.0-*"} {
		d, _ := ParseGroupEntry(in)
		if _, err := nuget.ParseRange(d.Range); err != nil {
			t.Errorf("ParseGroupEntry(%q).Range = %q: %v", in, d.Range, err)
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		kind extract.Kind
		in   string
		want *extract.Lock
	}{{
		name: "lock v2 with common group",
		kind: extract.KindProjectLock,
		in: `{"version": 2,
 "targets": {".NETCoreApp,Version=v1.1": {
  "A/1.0.0": {"type": "package", "dependencies": {"B": "1.1.0", "Ab": "[1.0.0]"}},
  "B/1.1.0": {"type": "package", "runtime": {"lib/B.dll": {}}}}},
 "projectFileDependencyGroups": {"": ["A >= 1.0.0"], ".NETCoreApp,Version=v1.1": ["Microsoft.NETCore.App >= 1.1.0"]}}`,
		want: &extract.Lock{Kind: extract.KindProjectLock, Version: 2, Targets: []extract.Target{{
			Framework: "netcoreapp1.1",
			Direct:    []extract.Dependency{{Name: "A", Range: "1.0.0"}, {Name: "Microsoft.NETCore.App", Range: "1.1.0"}},
			Packages: []extract.Package{
				{Name: "A", Version: "1.0.0", Type: extract.TypePackage, At: extract.Pos{Line: 3, Col: 3},
					Dependencies: []extract.Dependency{{Name: "Ab", Range: "[1.0.0]"}, {Name: "B", Range: "1.1.0"}}},
				{Name: "B", Version: "1.1.0", Type: extract.TypePackage, At: extract.Pos{Line: 4, Col: 3}},
			},
		}}},
	}, {
		name: "assets with project section, RID target and project entry",
		kind: extract.KindAssets,
		in: "{\"version\": 3, \"targets\": {\"net8.0\": {\"P/1.0.0\": {\"type\": \"project\"}, \"X/2.0.0\": {\"type\": \"package\"}},\r\n" +
			"\"net8.0/linux-x64\": {\"X/2.0.0\": {}}},\r\n" +
			"\"project\": {\"restore\": {\"projectName\": \"App\", \"projectPath\": \"C:\\\\App\\\\App.csproj\"}}}",
		want: &extract.Lock{Kind: extract.KindAssets, Version: 3, ProjectName: "App", ProjectPath: `C:\App\App.csproj`, Targets: []extract.Target{{
			Framework: "net8.0",
			Packages: []extract.Package{
				{Name: "P", Version: "1.0.0", Type: extract.TypeProject, At: extract.Pos{Line: 1, Col: 39}},
				{Name: "X", Version: "2.0.0", Type: extract.TypePackage, At: extract.Pos{Line: 1, Col: 71}},
			},
		}, {
			Framework: "net8.0", RID: "linux-x64",
			Packages: []extract.Package{{Name: "X", Version: "2.0.0", Type: extract.TypePackage, At: extract.Pos{Line: 2, Col: 22}}},
		}}},
	}, {
		name: "direct from the project section when there is no group",
		kind: extract.KindAssets,
		in: `{"version": 3, "targets": {"net8.0": {}},
"project": {"frameworks": {"net8.0": {"dependencies": {"Z": {"target": "Package", "version": "[1.0.0, )"}, "Y": "2.0.0"}}}}}`,
		want: &extract.Lock{Kind: extract.KindAssets, Version: 3, Targets: []extract.Target{{
			Framework: "net8.0",
			Direct:    []extract.Dependency{{Name: "Y", Range: "2.0.0"}, {Name: "Z", Range: "[1.0.0, )"}},
		}}},
	}, {
		name: "null sections and empty targets",
		kind: extract.KindAssets,
		in:   `{"version": 4, "targets": {"net9.0": null, "net8.0": {"A/1.0.0": null}}, "projectFileDependencyGroups": null, "project": null}`,
		want: &extract.Lock{Kind: extract.KindAssets, Version: 4, Targets: []extract.Target{
			{Framework: "net9.0"},
			{Framework: "net8.0", Packages: []extract.Package{{Name: "A", Version: "1.0.0", Type: extract.TypePackage, At: extract.Pos{Line: 1, Col: 55}}}},
		}},
	}, {
		name: "duplicate keys: the last one counts, as in encoding/json",
		kind: extract.KindProjectLock,
		in:   `{"version": 2, "targets": {"net45": {"A/1.0.0": {"type": "package"}, "A/1.0.0": {"type": "project"}}}}`,
		want: &extract.Lock{Kind: extract.KindProjectLock, Version: 2, Targets: []extract.Target{{
			Framework: "net45",
			Packages:  []extract.Package{{Name: "A", Version: "1.0.0", Type: extract.TypeProject, At: extract.Pos{Line: 1, Col: 70}}},
		}}},
	}, {
		name: "escaped keys and non-ASCII before a key",
		kind: extract.KindProjectLock,
		in:   "{\"é\": 1, \"version\": 2, \"targets\": {\"net45\": {\"A\\u002f1.0\": {}}}}",
		want: &extract.Lock{Kind: extract.KindProjectLock, Version: 2, Targets: []extract.Target{{
			Framework: "net45",
			Packages:  []extract.Package{{Name: "A", Version: "1.0", Type: extract.TypePackage, At: extract.Pos{Line: 1, Col: 46}}},
		}}},
	}, {
		name: "key without a version",
		kind: extract.KindProjectLock,
		in:   `{"version": 2, "targets": {"net45": {"A": {}}}}`,
		want: &extract.Lock{Kind: extract.KindProjectLock, Version: 2, Targets: []extract.Target{{
			Framework: "net45",
			Packages:  []extract.Package{{Name: "A", Type: extract.TypePackage, At: extract.Pos{Line: 1, Col: 38}}},
		}}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			var got *extract.Lock
			var err error
			if tc.kind == extract.KindAssets {
				got, err = ParseAssets("f.json", []byte(tc.in))
			} else {
				got, err = ParseProjectLock("f.json", []byte(tc.in))
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, extracttest.LockData); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseKind(t *testing.T) {
	for _, tc := range []struct {
		file, in string
		want     extract.Kind
	}{
		{"obj/project.assets.json", `{"version": 2}`, extract.KindAssets},
		{`C:\p\OBJ\Project.Assets.json`, `{"version": 2}`, extract.KindAssets},
		{"project.lock.json", `{"version": 2, "project": {}}`, extract.KindProjectLock},
		{"x.json", `{"version": 2}`, extract.KindProjectLock},
		{"x.json", `{"version": 2, "project": {}}`, extract.KindAssets},
		{"x.json", `{"version": 2, "packageFolders": {}}`, extract.KindAssets},
	} {
		got, err := Parse(tc.file, []byte(tc.in))
		if err != nil {
			t.Errorf("Parse(%q, %q): %v", tc.file, tc.in, err)
			continue
		}
		if got.Kind != tc.want {
			t.Errorf("Parse(%q, %q).Kind = %q, want %q", tc.file, tc.in, got.Kind, tc.want)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"not\njson", `f.json:1:2: invalid JSON: invalid character 'o' in literal null (expecting 'u')`},
		{"\xEF\xBB\xBF{\"version\": 2,\n  \"targets\": {\n", `f.json:3:1: unexpected end of JSON: the file is cut short`},
		{"{\"version\": 2,\r\n \"targets\" {}}", `f.json:2:12: invalid JSON: invalid character '{' after object key`},
		{"[1, 2]", `f.json:1:1: not a NuGet lock file: the top level is not a JSON object`},
		{"", `f.json:1:1: unexpected end of JSON: the file is cut short`},
		{`{"targets": {}}`, `f.json:1:1: project.lock.json has no "version"`},
		{`{"version": 0}`, `f.json:1:13: unsupported project.lock.json format version 0 (supported: 1, 2, 3, 4, -9998)`},
		{`{"version": "3"}`, `f.json:1:13: version: expected integer, found string`},
		{"{\"version\": 2,\n \"targets\": {\"net45\": {\"A/1.0\": {\"dependencies\": {\"B\": 1}}}}}", `f.json:2:56: targets.net45.A/1.0.dependencies.B: expected string, found number`},
		{"{\"version\": 2, \"targets\": []}", `f.json:1:27: targets: expected object, found array`},
		{"{\"version\": 2, \"targets\": {\"net45\": \"x\"}}", `f.json:1:37: targets.net45: expected object, found string`},
		{"{\"version\": 2, \"targets\": {\"net45\": {\"A/1.0\": {\"type\": true}}}}", `f.json:1:56: targets.net45.A/1.0.type: expected string, found boolean`},
		{"{\"version\": 2, \"projectFileDependencyGroups\": {\"\": \"A\"}}", `f.json:1:52: projectFileDependencyGroups: expected array, found string`},
		{"{\"version\": 2,\n\"project\": {\"restore\": {\"projectName\": 5}}}", `f.json:2:40: project.restore.projectName: expected string, found number`},
		{"{\"version\": -9998, \"libraries\": {\"A/1.0\": {\"frameworks\": []}}}", `f.json:1:58: libraries.frameworks: expected object, found array`},
	} {
		got, err := ParseProjectLock("f.json", []byte(tc.in))
		extracttest.Rejected(t, tc.in, got, err, tc.want)
	}
}

// TestScannerValidates holds the scanner to json.Valid on inputs chosen
// to hit each rule of the grammar (the fuzz test explores further).
func TestScannerValidates(t *testing.T) {
	for _, in := range []string{
		`{}`, ` { } `, `{"a":1}`, `{"a":1,}`, `{,"a":1}`, `{"a":1 "b":2}`, `{"a" 1}`, `{"a":}`, `{1:2}`, `{"a":1}}`, `{"a":1}x`,
		`{"a":[]}`, `{"a":[1,]}`, `{"a":[,1]}`, `{"a":[1 2]}`, `{"a":[[[]]]}`, `{"a":[{}]}`, `{"a":[{"b":[]},{"c":{}}]}`,
		`{"a":"\u00e9\n\t\"\\\/\b\f\r"}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"\u12G4"}`, "{\"a\":\"\x01\"}", "{\"a\":\"\xff\"}", `{"a":"`,
		`{"a":0}`, `{"a":-0}`, `{"a":01}`, `{"a":-}`, `{"a":1.}`, `{"a":1.5e10}`, `{"a":1E+2}`, `{"a":1e}`, `{"a":.5}`, `{"a":+1}`,
		`{"a":true}`, `{"a":tru}`, `{"a":truex}`, `{"a":null}`, `{"a":nul}`, `{"a":false}`, `{"a":False}`,
		`[]`, `"x"`, `1`, ``, ` `, `{"a":1} {}`, "{\"a\":1}\n", `{"targets":{"x":{"A/1":{"type":"p","dependencies":{"B":"1",}}}}}`,
		`{"targets":{"x":{"A/1":{"type":"p","dependencies":{"B":"1"}},}}}`, `{"targets":{"x":{"A/1":{"type":"p"}} "y":{}}}`,
		`{"targets":{"x":{"A/1":{"type":"p","runtime":{"a.dll":{}},}}}}`, `{"version":2,"targets":null}`,
		`{"a":` + strings.Repeat("[", maxDepth-1) + strings.Repeat("]", maxDepth-1) + `}`,
		`{"a":` + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + `}`,
		`{"a":` + strings.Repeat("[", maxDepth-2) + `{}` + strings.Repeat("]", maxDepth-2) + `}`,
		`{"a":` + strings.Repeat("[", maxDepth-1) + `{}` + strings.Repeat("]", maxDepth-1) + `}`,
		`{"targets":{"x":{"A/1":{"r":` + strings.Repeat("[", maxDepth-4) + strings.Repeat("]", maxDepth-4) + `}}}}`,
		`{"targets":{"x":{"A/1":{"r":` + strings.Repeat("[", maxDepth-3) + strings.Repeat("]", maxDepth-3) + `}}}}`,
	} {
		_, _, terr, ok := scanDocument([]byte(in))
		if terr != nil {
			t.Errorf("%.60q: type error %+v", in, terr)
			continue
		}
		if want := json.Valid([]byte(in)); ok != want {
			t.Errorf("%.60q: scanner says valid=%v, json.Valid says %v", in, ok, want)
		}
	}
}

// TestScannerMutations holds the scanner to json.Valid on every
// single-byte change of the test files to a byte that matters to the
// grammar: tens of thousands of near-valid documents.
func TestScannerMutations(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, f := range files {
		orig, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		orig, _ = extract.TrimBOM(orig)
		data := bytes.Clone(orig)
		for i := range data {
			for _, c := range []byte("\"\\,:{}[] 0-.eEtn\x01/u") {
				data[i] = c
				_, _, terr, ok := scanDocument(data)
				if want := json.Valid(data); terr == nil && ok != want {
					t.Fatalf("%s, byte %d set to %q: scanner says valid=%v, json.Valid says %v", f, i, c, ok, want)
				}
			}
			data[i] = orig[i]
		}
	}
}

// TestHostile checks that inputs built to multiply work or output fail or
// finish quickly instead of growing quadratically.
func TestHostile(t *testing.T) {
	// A common group repeated into every target: bounded.
	var b strings.Builder
	b.WriteString(`{"version": 2, "targets": {`)
	for i := range 2000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"net%d.0": {}`, 10+i)
	}
	b.WriteString(`}, "projectFileDependencyGroups": {"": [`)
	for i := range 1000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"P%d >= 1.0"`, i)
	}
	b.WriteString(`]}}`)
	_, err := ParseProjectLock("f.json", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "more than 1048576 direct dependencies") {
		t.Errorf("repeated common group: %v", err)
	}

	// A DNX file whose every library names its own framework: one pass.
	b.Reset()
	b.WriteString(`{"version": -9998, "libraries": {`)
	const n = 20000
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"L%d/1.0": {"frameworks": {"DNX,Version=v%d.0": {"dependencies": {"X": "1.0"}}}}`, i, i)
	}
	b.WriteString(`}}`)
	lock, err := ParseProjectLock("f.json", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(lock.Targets) != n {
		t.Errorf("%d targets, want %d", len(lock.Targets), n)
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
			parse := ParseProjectLock
			if strings.HasPrefix(filepath.Base(f), "assets") {
				parse = ParseAssets
			}
			lock, err := parse(filepath.Base(f), data)
			if err != nil {
				t.Fatal(err)
			}
			extracttest.Golden(t, strings.TrimSuffix(f, ".json")+".golden", extracttest.FormatLock(lock))
		})
	}
}

// corpusFiles are the lock and assets files of the shared corpus.
func corpusFiles(t testing.TB) []string {
	return extracttest.Glob(t, func(rel string) bool {
		return strings.HasSuffix(rel, "/project.assets.json") || strings.HasSuffix(rel, "/project.lock.json")
	})
}

func TestCorpus(t *testing.T) {
	type summary struct {
		Kind          extract.Kind
		Version       int
		ProjectName   string
		Targets       []string // framework[/rid]
		Packages      int      // in the first target
		Projects      int      // entries of type project in the first target
		Direct        int      // of the first target
		MvcCore       string   // version of Microsoft.AspNetCore.Mvc.Core in the first target
		MvcCoreAtLine int
	}
	// Counted with a separate script (python json) over the same files.
	want := map[string]summary{
		"lockjson-identitydeploymenttest-1/project.lock.json": {
			Kind: extract.KindProjectLock, Version: 2, Targets: []string{"netcoreapp1.1"},
			Packages: 219, Direct: 16, MvcCore: "1.1.0", MvcCoreAtLine: 514},
		"lockjson-dot-net-st-pete-api-1/project.lock.json": {
			Kind: extract.KindProjectLock, Version: 2, Targets: []string{"netcoreapp1.1"},
			Packages: 216, Direct: 18, MvcCore: "1.1.0", MvcCoreAtLine: 436},
		"lockjson-api-example-dotnet-1/src/Web/project.lock.json": {
			Kind: extract.KindProjectLock, Version: 2, Targets: []string{"netcoreapp1.1"},
			Packages: 212, Direct: 12, MvcCore: "1.1.0", MvcCoreAtLine: 396},
		"lockjson-IdentityServerDemo-1/src/IdentityServerCore/project.lock.json": {
			Kind: extract.KindProjectLock, Version: 2, Targets: []string{"netcoreapp1.1"},
			Packages: 207, Direct: 8, MvcCore: "1.1.0", MvcCoreAtLine: 482},
		"lockjson-HelpDesk.Authorization-1/backup/project.lock.json": {
			Kind: extract.KindProjectLock, Version: 2, Targets: []string{"netcoreapp1.1"},
			Packages: 224, Direct: 15, MvcCore: "1.1.0", MvcCoreAtLine: 496},
		"lockjson-IdentityServerDemo-2/src/MvcClient/project.lock.json": {
			Kind: extract.KindProjectLock, Version: 2, Targets: []string{"netcoreapp1.0"},
			Packages: 216, Direct: 17, MvcCore: "1.0.1"},
		"lockjson-hair-salon-1/project.lock.json": {
			Kind: extract.KindProjectLock, Version: 2, Targets: []string{"dnx451", "dnx451/win7-x86", "dnx451/win7-x64"},
			Packages: 47, Direct: 6}, // 7 entries, one of them the framework assembly fx/System.Data
		"lockjson-jwtSample-1/src/WebApi/project.lock.json": {
			Kind: extract.KindProjectLock, Version: -9998, Targets: []string{"dnx451"},
			Packages: 64, Direct: 9},
		"lockjson-aspnetcore-mongodb-identity-1/AspNetCore.Identity.MongoDB/project.lock.json": {
			Kind: extract.KindProjectLock, Version: 2, Targets: []string{"netstandard1.5"},
			Packages: 104, Direct: 5},
		"assets-WebSocketsNetCore-1/backup/project.lock.json": {
			Kind: extract.KindProjectLock, Version: 2, Targets: []string{"netcoreapp1.0"},
			Packages: 228, Direct: 16, MvcCore: "1.1.0-preview1-final"},
		"assets-WebSocketsNetCore-1/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 2, Targets: []string{"netcoreapp1.0"},
			Packages: 208, Direct: 15, MvcCore: "1.1.0-preview1-final"},
		"assets-AspNetCore.Multitenancy-1/src/Core/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 3, ProjectName: "AspNetCore.Multitenancy.Core", Targets: []string{"net8.0", "net9.0"},
			Packages: 6, Direct: 1},
		"assets-AspNetCore.Multitenancy-1/src/EntityFrameworkCore/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 3, ProjectName: "AspNetCore.Multitenancy.EFCore", Targets: []string{"net8.0", "net9.0"},
			Packages: 57, Projects: 1, Direct: 3},
		"assets-AspNetCore.Multitenancy-2/samples/SaaSDemo/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 3, ProjectName: "SaaSDemo", Targets: []string{"net8.0"},
			Packages: 101, Projects: 6, Direct: 10},
		"assets-CI-CD_2017-1/WebApplication1/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 2, ProjectName: "WebApplication1", Targets: []string{"netcoreapp1.1"},
			Packages: 208, Direct: 7, MvcCore: "1.1.3"},
		"assets-CI-CD_2017-1/XUnitTestProject1/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 2, ProjectName: "XUnitTestProject1", Targets: []string{"netcoreapp1.1"},
			Packages: 226, Projects: 1, Direct: 5, MvcCore: "1.1.3"},
		"assets-RefactoringAnemicDomainModel-1/src/Api/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 3, ProjectName: "Api", Targets: []string{"net462", "net462/win7-x86"},
			Packages: 144, Projects: 1, Direct: 20, MvcCore: "2.0.0"},
		"assets-VS2017TransitiveBug-1/ClassLibrary1/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 2, Targets: []string{"netstandard1.4"},
			Packages: 54, Direct: 2},
		"assets-VS2017TransitiveBug-1/ClassLibrary2/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 2, Targets: []string{"netstandard1.4"},
			Packages: 55, Projects: 1, Direct: 3},
		"assets-VS2017TransitiveBug-1/src/WebApplication1/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 2, Targets: []string{"netcoreapp1.0"},
			Packages: 163, Projects: 2, Direct: 7},
		"assets-apiversionhateaous-1/HyperMediaApi/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 3, ProjectName: "HyperMediaApi", Targets: []string{"netcoreapp2.0"},
			Packages: 296, Direct: 5, MvcCore: "2.0.0"},
		"assets-quickstart-1/src/IdentityServer/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 3, ProjectName: "IdentityServer", Targets: []string{"netcoreapp3.1"},
			Packages: 76, Direct: 2},
		"assets-quickstartIDServer4UI-1/src/IdentityServer/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 3, ProjectName: "IdentityServer", Targets: []string{"netcoreapp2.1"},
			Packages: 287, Direct: 7, MvcCore: "2.1.1"},
		"depsjson-Library-Core-1/src/Implementation/obj/project.assets.json": {
			Kind: extract.KindAssets, Version: 3, ProjectName: "Landis.Core.Implementation", Targets: []string{"netstandard2.0"},
			Packages: 75, Projects: 1, Direct: 2},
		"peer-fixtures/google-osv-scalibr/extractor/filesystem/language/dotnet/projectassetsjson/testdata/valid/project.assets.json": {
			Kind: extract.KindAssets, Version: 3, ProjectName: "NuGet.Common", Targets: []string{"net472", "netstandard2.0"},
			Packages: 4, Projects: 1, Direct: 2},
	}
	dir := extracttest.Corpus(t)
	seen := 0
	for _, rel := range corpusFiles(t) {
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, rel))
			if err != nil {
				t.Fatal(err)
			}
			lock, err := Parse(rel, data)
			if err != nil {
				t.Fatal(err)
			}
			w, ok := want[rel]
			if !ok {
				t.Fatalf("no expectation for this corpus file: add one")
			}
			seen++
			got := summary{Kind: lock.Kind, Version: lock.Version, ProjectName: lock.ProjectName}
			for _, tg := range lock.Targets {
				name := tg.Framework
				if tg.RID != "" {
					name += "/" + tg.RID
				}
				got.Targets = append(got.Targets, name)
				for _, p := range tg.Packages {
					if p.At.Line == 0 {
						t.Errorf("%s %s/%s has no position", name, p.Name, p.Version)
					}
				}
			}
			if len(lock.Targets) > 0 {
				first := lock.Targets[0]
				got.Packages, got.Direct = len(first.Packages), len(first.Direct)
				for _, p := range first.Packages {
					if p.Type == extract.TypeProject {
						got.Projects++
					}
					if p.Name == "Microsoft.AspNetCore.Mvc.Core" {
						got.MvcCore = p.Version
						if w.MvcCoreAtLine != 0 {
							got.MvcCoreAtLine = p.At.Line
						}
					}
				}
			}
			if diff := cmp.Diff(w, got, extracttest.LockData); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if seen != len(want) {
		t.Errorf("%d of %d expected corpus files seen", seen, len(want))
	}
}

// TestMvcCorePosition pins the exact position of the advisory's package in
// one real file: line 436, column 7 is where its key's quote is.
func TestMvcCorePosition(t *testing.T) {
	data := extracttest.ReadFile(t, "lockjson-dot-net-st-pete-api-1/project.lock.json")
	lock, err := Parse("project.lock.json", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range lock.Targets[0].Packages {
		if p.Name == "Microsoft.AspNetCore.Mvc.Core" {
			if want := (extract.Pos{Line: 436, Col: 7}); p.At != want {
				t.Errorf("At = %v, want %v", p.At, want)
			}
			line := bytes.Split(data, []byte("\n"))[p.At.Line-1]
			if !bytes.HasPrefix(line[p.At.Col-1:], []byte(`"Microsoft.AspNetCore.Mvc.Core/1.1.0"`)) {
				t.Errorf("At does not point at the key: %q", line)
			}
			return
		}
	}
	t.Fatal("Microsoft.AspNetCore.Mvc.Core not found")
}

// TestPeerScalibr checks the osv-scalibr fixtures against what its tests
// expect (see peer-fixtures/EXPECTED.md).
func TestPeerScalibr(t *testing.T) {
	const dir = "peer-fixtures/google-osv-scalibr/extractor/filesystem/language/dotnet/projectassetsjson/testdata/"
	lock, err := Parse("project.assets.json", extracttest.ReadFile(t, dir+"valid/project.assets.json"))
	if err != nil {
		t.Fatal(err)
	}
	// scalibr reports the 29 libraries of type package, once each, and
	// leaves out the project library NuGet.Frameworks. We report every
	// target's entries; the same 29 packages appear across the two targets,
	// and NuGet.Frameworks is kept, typed project, because the dependency
	// graph goes through it.
	packages := map[string]bool{}
	projects := map[string]bool{}
	for _, tg := range lock.Targets {
		for _, p := range tg.Packages {
			switch p.Type {
			case extract.TypePackage:
				packages[p.Name+"@"+p.Version] = true
			case extract.TypeProject:
				projects[p.Name+"@"+p.Version] = true
			}
		}
	}
	for _, want := range []string{
		"Microsoft.Build.Tasks.Git@1.0.0-beta2-19351-01", "Microsoft.NETCore.Platforms@1.1.0",
		"Microsoft.NETCore.Targets@1.1.0", "Microsoft.SourceLink.Common@1.0.0-beta2-19351-01",
		"Microsoft.SourceLink.GitHub@1.0.0-beta2-19351-01", "Microsoft.Win32.Primitives@4.3.0",
		"Microsoft.Win32.Registry@4.3.0", "NETStandard.Library@2.0.3", "runtime.native.System@4.3.0",
	} {
		if !packages[want] {
			t.Errorf("package %s missing", want)
		}
	}
	if len(packages) != 29 {
		t.Errorf("%d distinct packages, want 29", len(packages))
	}
	if diff := cmp.Diff(map[string]bool{"NuGet.Frameworks@5.5.0": true}, projects); diff != "" {
		t.Errorf("projects (-want +got):\n%s", diff)
	}

	_, err = Parse("project.assets.json", extracttest.ReadFile(t, dir+"invalid/invalid"))
	if err == nil || err.Error() != `project.assets.json:1:2: invalid JSON: invalid character 'o' in literal null (expecting 'u')` {
		t.Errorf("invalid fixture: got %v", err)
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
	// The corpus's lock files are all larger than a seed should be, but
	// the peers' invalid fixture is not.
	extracttest.AddSeeds(f, func(rel string) bool { return strings.HasSuffix(rel, "projectassetsjson/testdata/invalid/invalid") })
	f.Add([]byte(`{"version": -9998, "libraries": {"A/1": {"frameworks": {"dnx451": {"dependencies": {"B": "1"}}}}}}`))
	f.Add([]byte(`{"version": 2, "targets": {"net45": {"A/1": {"dependencies": {"B\"": "1"}}}}, "x": [1, {"y": "\\"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		body, _ := extract.TrimBOM(data)
		if _, _, terr, ok := scanDocument(body); terr == nil && ok != json.Valid(body) {
			t.Fatalf("scanner says valid=%v, json.Valid says %v", ok, !ok)
		}
		lock, err := Parse("f.json", data)
		if err != nil {
			if lock != nil {
				t.Fatal("result with an error")
			}
			var e *extract.Error
			if !errors.As(err, &e) || e.Pos.Line == 0 {
				t.Fatalf("%v: not a located *extract.Error", err)
			}
			if e.Msg == msgScan {
				t.Fatalf("scanner lost its way in JSON that encoding/json accepts: %v", err)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatal("accepted invalid JSON")
		}
		for _, tg := range lock.Targets {
			for _, p := range tg.Packages {
				if p.At.Line == 0 {
					t.Fatalf("package %s without a position", p.Name)
				}
			}
		}
	})
}

// BenchmarkParse parses every lock and assets file of the corpus
// ("all"), and the largest one alone.
func BenchmarkParse(b *testing.B) {
	dir := extracttest.Corpus(b)
	files := corpusFiles(b)
	var data [][]byte
	largest := 0
	for i, f := range files {
		d, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
		if len(d) > len(data[largest]) {
			largest = i
		}
	}
	run := func(b *testing.B, idx []int) {
		var total int64
		for _, i := range idx {
			total += int64(len(data[i]))
		}
		b.SetBytes(total)
		b.ReportAllocs()
		for b.Loop() {
			for _, i := range idx {
				if _, err := Parse(files[i], data[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("all", func(b *testing.B) {
		idx := make([]int, len(files))
		for i := range idx {
			idx[i] = i
		}
		run(b, idx)
	})
	b.Run("largest", func(b *testing.B) { run(b, []int{largest}) })
}
