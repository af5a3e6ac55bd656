package depsjson

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, file, in string
		want           *extract.Lock
	}{{
		name: "root, package, reference assembly, library outside the target",
		file: "App.deps.json",
		in: `{"runtimeTarget": {"name": ".NETCoreApp,Version=v5.0"},
"targets": {".NETCoreApp,Version=v5.0": {
 "App/1.0.0": {"dependencies": {"A": "1.0.0", "R": "5.0.0.0"}},
 "A/1.0.0": {"runtime": {"lib/A.dll": {}}},
 "R/5.0.0.0": {"compileOnly": true}}},
"libraries": {"App/1.0.0": {"type": "project"}, "A/1.0.0": {"type": "package"}, "R/5.0.0.0": {"type": "referenceassembly"},
 "X/2.0.0": {"type": "package"}}}`,
		want: &extract.Lock{Kind: extract.KindDepsJSON, ProjectName: "App", Targets: []extract.Target{{
			Framework: "net5.0",
			Direct:    []extract.Dependency{{Name: "A", Range: "1.0.0"}, {Name: "R", Range: "5.0.0.0"}},
			Packages: []extract.Package{
				{Name: "A", Version: "1.0.0", Type: extract.TypePackage, At: extract.Pos{Line: 4, Col: 2}},
				{Name: "R", Version: "5.0.0.0", Type: extract.TypeReferenceAssembly, At: extract.Pos{Line: 5, Col: 2}},
				{Name: "X", Version: "2.0.0", Type: extract.TypePackage, At: extract.Pos{Line: 7, Col: 2}},
			},
		}}},
	}, {
		name: "runtimeTarget names no target: the first one with entries",
		file: "x.deps.json",
		in:   `{"runtimeTarget": {"name": "nope"}, "targets": {"a": {}, ".NETStandard,Version=v2.0/": {"L/1.0.0": {}}}, "libraries": {"L/1.0.0": {"type": "project"}}}`,
		want: &extract.Lock{Kind: extract.KindDepsJSON, ProjectName: "L", Targets: []extract.Target{{Framework: "netstandard2.0"}}},
	}, {
		name: "runtimeTarget as a string, no libraries: the only entry nothing depends on is the root",
		file: "x.deps.json",
		in:   `{"runtimeTarget": ".NETCoreApp,Version=v1.0", "targets": {".NETCoreApp,Version=v1.0": {"B/1.0.0": {}, "App/1.0.0": {"dependencies": {"B": "1.0.0"}}}}}`,
		want: &extract.Lock{Kind: extract.KindDepsJSON, ProjectName: "App", Targets: []extract.Target{{
			Framework: "netcoreapp1.0",
			Direct:    []extract.Dependency{{Name: "B", Range: "1.0.0"}},
			Packages:  []extract.Package{{Name: "B", Version: "1.0.0", Type: extract.TypePackage, At: extract.Pos{Line: 1, Col: 88}}},
		}}},
	}, {
		name: "two roots, neither named like the file: no root",
		file: "Other.deps.json",
		in:   `{"targets": {"net8.0": {"Web/1.0.0": {}, "Worker/1.0.0": {}}}, "libraries": {"Web/1.0.0": {"type": "project"}, "Worker/1.0.0": {"type": "project"}}}`,
		want: &extract.Lock{Kind: extract.KindDepsJSON, Targets: []extract.Target{{
			Framework: "net8.0",
			Packages: []extract.Package{
				{Name: "Web", Version: "1.0.0", Type: extract.TypeProject, At: extract.Pos{Line: 1, Col: 25}},
				{Name: "Worker", Version: "1.0.0", Type: extract.TypeProject, At: extract.Pos{Line: 1, Col: 42}},
			},
		}}},
	}, {
		name: "two roots, one named like the file",
		file: `C:\out\worker.deps.json`,
		in:   `{"targets": {"net8.0": {"Web/1.0.0": {}, "Worker/1.0.0": {}}}, "libraries": {"Web/1.0.0": {"type": "project"}, "Worker/1.0.0": {"type": "project"}}}`,
		want: &extract.Lock{Kind: extract.KindDepsJSON, ProjectName: "Worker", Targets: []extract.Target{{
			Framework: "net8.0",
			Packages:  []extract.Package{{Name: "Web", Version: "1.0.0", Type: extract.TypeProject, At: extract.Pos{Line: 1, Col: 25}}},
		}}},
	}, {
		name: "empty targets",
		file: "x.deps.json",
		in:   `{"targets": {}}`,
		want: &extract.Lock{Kind: extract.KindDepsJSON},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.file, []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, extracttest.LockData); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"runtimeTarget": "net8.0", "targets": {"net8.0": 1}}`, `f:1:51: targets.net8.0: expected object, found number`},
		{"not\njson", `f:1:2: invalid JSON: invalid character 'o' in literal null (expecting 'u')`},
		{"{}", `f:1:1: deps.json has no "targets"`},
		{"  \"x\"", `f:1:3: not a .deps.json: the top level is not a JSON object`},
		{"\xEF\xBB\xBF{\r\n\"targets\": {\r\n\"net8.0\": {\r\n\"A/1.0\": {", `f:4:11: unexpected end of JSON: the file is cut short`},
		{`{"runtimeTarget": 5, "targets": {}}`, `f:1:19: runtimeTarget: expected object, found number`},
		{`{"targets": {"net8.0": []}}`, `f:1:24: targets.net8.0: expected object, found array`},
		{"{\"targets\": {\"net8.0\": {\n\"A/1.0\": {\"dependencies\": {\"B\": 1.5}}}}}", `f:2:33: targets.net8.0.A/1.0.dependencies: expected string, found number`},
		{"{\"targets\": {}, \"libraries\": {\"A/1.0\": {\"type\": [\"project\"]}}}", `f:1:49: libraries.A/1.0.type: expected string, found array`},
	} {
		got, err := Parse("f", []byte(tc.in))
		extracttest.Rejected(t, tc.in, got, err, tc.want)
	}
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.deps.json")
	if err != nil || len(files) == 0 {
		t.Fatal("no testdata", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lock, err := Parse(f, data)
			if err != nil {
				t.Fatal(err)
			}
			extracttest.Golden(t, strings.TrimSuffix(f, ".deps.json")+".golden", extracttest.FormatLock(lock))
		})
	}
}

func TestCorpus(t *testing.T) {
	type summary struct {
		ProjectName string
		Target      string
		Types       map[extract.PackageType]int
		Direct      int
		MvcCore     []string // versions of Microsoft.AspNetCore.Mvc.Core, by type
	}
	// Counted with a separate script (python json) over the same files.
	want := map[string]summary{
		// The root lists its 120 reference assemblies among its 140
		// dependencies.
		"assets-RefactoringAnemicDomainModel-1/src/Api/bin/Debug/net462/Api.deps.json": {
			"Api", "net462/win7-x86", map[extract.PackageType]int{"package": 143, "project": 1, "referenceassembly": 120}, 140,
			[]string{"package 2.0.0"}},
		"assets-apiversionhateaous-1/HyperMediaApi/bin/Debug/netcoreapp2.0/HyperMediaApi.deps.json": {
			"HyperMediaApi", "netcoreapp2.0", map[extract.PackageType]int{"package": 294}, 4, []string{"package 2.0.0"}},
		// FrameworkReference era: Mvc.Core is only a reference assembly.
		"assets-quickstart-1/src/IdentityServer/bin/Debug/netcoreapp3.1/IdentityServer.deps.json": {
			"IdentityServer", "netcoreapp3.1", map[extract.PackageType]int{"package": 76, "referenceassembly": 282}, 0,
			[]string{"referenceassembly 3.1.0.0"}},
		"depsjson-Library-Core-1/src/Implementation/bin/Release/netstandard2.0/Landis.Core.Implementation.deps.json": {
			"Landis.Core.Implementation", "netstandard2.0", map[extract.PackageType]int{"package": 74, "project": 1}, 2, nil},
		"depsjson-TaskManager_CleanArch_BasicWorkflow-1/src/Web/bin/Debug/net9.0/Web.deps.json": {
			"Web", "net9.0", map[extract.PackageType]int{"package": 43, "project": 2}, 4, nil},
		"depsjson-mailmanager-1/dist/app/MailManager.Web.deps.json": {
			"MailManager.Web", "net5.0", map[extract.PackageType]int{"package": 133, "referenceassembly": 276}, 0,
			[]string{"referenceassembly 5.0.0.0"}},
		"depsjson-ssocloudpe-1/src/dotnetstarter/bin/Debug/netcoreapp1.1/SmartAdmin.deps.json": {
			"SmartAdmin", "netcoreapp1.1", map[extract.PackageType]int{"package": 225}, 0, []string{"package 1.1.0"}},
		"depsjson-ssocloudpe-1/src/dotnetstarter/obj/Debug/netcoreapp1.1/SmartAdmindotnet-compile.deps.json": {
			"SmartAdmin", "netcoreapp1.1", map[extract.PackageType]int{"package": 205}, 0, []string{"package 1.1.0"}},
	}
	dir := extracttest.Corpus(t)
	files := extracttest.Glob(t, func(rel string) bool {
		return strings.HasSuffix(rel, ".deps.json") && !strings.HasPrefix(rel, "peer-fixtures/")
	})
	for _, rel := range files {
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
				t.Fatal("no expectation for this corpus file: add one")
			}
			if len(lock.Targets) != 1 {
				t.Fatalf("%d targets", len(lock.Targets))
			}
			tg := lock.Targets[0]
			got := summary{ProjectName: lock.ProjectName, Target: tg.Framework, Types: map[extract.PackageType]int{}}
			if tg.RID != "" {
				got.Target += "/" + tg.RID
			}
			for _, p := range tg.Packages {
				got.Types[p.Type]++
				if p.Name == "Microsoft.AspNetCore.Mvc.Core" {
					got.MvcCore = append(got.MvcCore, string(p.Type)+" "+p.Version)
				}
				if p.At.Line == 0 {
					t.Errorf("%s has no position", p.Name)
				}
			}
			if w.Direct != 0 {
				got.Direct = len(tg.Direct)
			}
			if diff := cmp.Diff(w, got, extracttest.LockData); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if len(files) != len(want) {
		t.Errorf("%d corpus files, %d expectations", len(files), len(want))
	}
}

// TestPeerFixtures checks the peers' fixtures against what their tests
// expect (peer-fixtures/EXPECTED.md). Where we differ, the case says why.
func TestPeerFixtures(t *testing.T) {
	const trivy = "peer-fixtures/aquasecurity-trivy/pkg/dependency/parser/dotnet/core_deps/testdata/"
	const scalibr = "peer-fixtures/google-osv-scalibr/extractor/filesystem/language/dotnet/depsjson/testdata/"
	type result struct {
		Root     string
		Direct   []string
		Packages []string // Name@Version type
	}
	for _, tc := range []struct {
		file string
		want result
	}{
		{trivy + "happy.deps.json", result{"ExampleApp1", []string{"Newtonsoft.Json"}, []string{"Newtonsoft.Json@13.0.1 package"}}},
		// trivy leaves out Microsoft.NETCore.App, Microsoft.NETCore.Platforms,
		// NETStandard.Library and System.Net.Http because their entries
		// have no runtime assets; we report every library: a package
		// without assets in this target is still part of the graph.
		{trivy + "without-runtime.deps.json", result{"hello2", []string{"JsonDiffPatch"}, []string{
			"JsonDiffPatch@2.0.61 package", "Libuv@1.9.1 package", "Microsoft.NETCore.App@1.1.2 package",
			"Microsoft.NETCore.Platforms@1.1.0 package", "NETStandard.Library@1.6.0 package",
			"System.Net.Http@4.1.0 package", "System.Collections.Immutable@1.3.0 package"}}},
		// trivy reports nothing without "libraries"; the entries are still
		// there, and the one nothing depends on is the root.
		{trivy + "no-libraries.deps.json", result{"ExampleApp1", []string{"Newtonsoft.Json"}, []string{"Newtonsoft.Json@13.0.1 package"}}},
		// runtimeTarget names no target: trivy keeps the two libraries
		// without edges; we read the only target there is, edges included.
		{trivy + "missing-target.deps.json", result{"ExampleApp1", []string{"Newtonsoft.Json"}, []string{"Newtonsoft.Json@13.0.1 package"}}},
		{trivy + "self-contained.deps.json", result{"ExampleApp1",
			[]string{"Microsoft.AspNetCore.App.Runtime.linux-x64", "Microsoft.NETCore.App.Runtime.linux-x64", "Newtonsoft.Json"},
			[]string{"Newtonsoft.Json@13.0.1 package", "Microsoft.NETCore.App.Runtime.linux-x64@8.0.0 runtimepack",
				"Microsoft.AspNetCore.App.Runtime.linux-x64@8.0.0 runtimepack"}}},
		{trivy + "multi-project.deps.json", result{"Web", []string{"Api", "Newtonsoft.Json"}, []string{
			"Newtonsoft.Json@13.0.3 package", "Api@1.0.0 project", "Data@1.0.0 project"}}},
		// Two project candidates, neither named like the file: no root, as
		// trivy; both stay among the packages.
		{trivy + "ambiguous-root.deps.json", result{"", nil, []string{
			"Web@1.0.0 project", "Worker@1.0.0 project", "Newtonsoft.Json@13.0.3 package"}}},
		// scalibr reports the root project TestLibrary as a package too; it
		// is the application itself, so we give it as ProjectName.
		{scalibr + "valid", result{"TestLibrary", []string{
			"Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Logging", "Newtonsoft.Json", "Serilog",
			"Serilog.Sinks.Console", "TestCommon"}, []string{
			"AWSSDK.Core@3.7.10.6 package", "Microsoft.Extensions.DependencyInjection@6.0.0 package"}}},
		// scalibr drops the library whose key has no version; we keep it
		// with an empty version (it can match no advisory, but it is in
		// the graph).
		{scalibr + "nopackagename", result{"TestLibrary", []string{
			"Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Logging", "Newtonsoft.Json", "Serilog",
			"Serilog.Sinks.Console", "TestCommon"}, []string{
			"AWSSDK.Core@3.7.10.6 package", "Microsoft.Extensions.DependencyInjection@ package"}}},
	} {
		lock, err := Parse(filepath.Base(tc.file), extracttest.ReadFile(t, tc.file))
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		got := result{Root: lock.ProjectName}
		for _, tg := range lock.Targets {
			for _, d := range tg.Direct {
				got.Direct = append(got.Direct, d.Name)
			}
			for _, p := range tg.Packages {
				got.Packages = append(got.Packages, p.Name+"@"+p.Version+" "+string(p.Type))
			}
		}
		if diff := cmp.Diff(tc.want, got, extracttest.LockData); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.file, diff)
		}
	}
	for _, tc := range []struct{ file, want string }{
		{trivy + "invalid.deps.json", "invalid.deps.json:12:13: unexpected end of JSON: the file is cut short"},
		{scalibr + "invalid", "invalid:1:2: invalid JSON: invalid character 'o' in literal null (expecting 'u')"},
		// scalibr wants an error for "{}" too: a deps.json without targets.
		{scalibr + "empty", `empty:1:1: deps.json has no "targets"`},
	} {
		_, err := Parse(filepath.Base(tc.file), extracttest.ReadFile(t, tc.file))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.file, err, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.deps.json")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	extracttest.AddSeeds(f, func(rel string) bool {
		return strings.HasSuffix(rel, ".deps.json") || strings.Contains(rel, "depsjson/testdata/")
	})
	f.Add([]byte(`{"runtimeTarget": "a", "targets": {"a": {"X/1": {"dependencies": {"Y": "1"}}, "Y/1": {}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lock, err := Parse("App.deps.json", data)
		if err != nil {
			if lock != nil {
				t.Fatal("result with an error")
			}
			var e *extract.Error
			if !errors.As(err, &e) || e.Pos.Line == 0 {
				t.Fatalf("%v: not a located *extract.Error", err)
			}
			return
		}
		if len(lock.Targets) > 1 {
			t.Fatalf("%d targets", len(lock.Targets))
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
