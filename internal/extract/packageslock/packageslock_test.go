package packageslock

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
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
		name string
		in   string
		want *extract.Lock
	}{{
		name: "direct, transitive and central transitive",
		in: `{"version": 2, "dependencies": {"net8.0": {
 "A": {"type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0", "dependencies": {"C": "2.0.0", "B": "[1.0.0]"}},
 "B": {"type": "Transitive", "resolved": "1.0.0"},
 "C": {"type": "CentralTransitive", "requested": "[3.0.0, )", "resolved": "2.0.0"}}}}`,
		want: &extract.Lock{Kind: extract.KindPackagesLock, Version: 2, Targets: []extract.Target{{
			Framework: "net8.0",
			Direct:    []extract.Dependency{{Name: "A", Range: "[1.0.0, )"}},
			Packages: []extract.Package{
				{Name: "A", Version: "1.0.0", Type: extract.TypePackage, LockType: "Direct", Requested: "[1.0.0, )", At: extract.Pos{Line: 2, Col: 2},
					Dependencies: []extract.Dependency{{Name: "B", Range: "[1.0.0]"}, {Name: "C", Range: "2.0.0"}}},
				{Name: "B", Version: "1.0.0", Type: extract.TypePackage, LockType: "Transitive", At: extract.Pos{Line: 3, Col: 2}},
				// Requested above resolved, as real CPM files have it: kept.
				{Name: "C", Version: "2.0.0", Type: extract.TypePackage, LockType: "CentralTransitive", Requested: "[3.0.0, )", At: extract.Pos{Line: 4, Col: 2}},
			},
		}}},
	}, {
		name: "projects: only those no other project depends on are direct",
		in: `{"version": 1, "dependencies": {".NETCoreApp,Version=v3.1": {
 "app.core": {"type": "Project", "dependencies": {"App.Data": "[1.0.0, )"}},
 "app.data": {"type": "Project", "resolved": "1.0.0"}}}}`,
		want: &extract.Lock{Kind: extract.KindPackagesLock, Version: 1, Targets: []extract.Target{{
			Framework: "netcoreapp3.1",
			Direct:    []extract.Dependency{{Name: "app.core"}},
			Packages: []extract.Package{
				{Name: "app.core", Type: extract.TypeProject, LockType: "Project", At: extract.Pos{Line: 2, Col: 2},
					Dependencies: []extract.Dependency{{Name: "App.Data", Range: "[1.0.0, )"}}},
				{Name: "app.data", Version: "1.0.0", Type: extract.TypeProject, LockType: "Project", At: extract.Pos{Line: 3, Col: 2}},
			},
		}}},
	}, {
		name: "RID section, empty and null sections, unknown fields",
		in:   `{"version": 1, "x": [1, {"y": null}], "dependencies": {"net8.0": {}, "net8.0/win-x64": {"A": {"type": "Transitive", "resolved": "1.0.0", "extra": {"z": [true]}}}, "net9.0": null}}`,
		want: &extract.Lock{Kind: extract.KindPackagesLock, Version: 1, Targets: []extract.Target{
			{Framework: "net8.0"},
			{Framework: "net8.0", RID: "win-x64", Packages: []extract.Package{
				{Name: "A", Version: "1.0.0", Type: extract.TypePackage, LockType: "Transitive", At: extract.Pos{Line: 1, Col: 89}}}},
			{Framework: "net9.0"},
		}},
	}, {
		name: "duplicate keys: the last one counts",
		in:   `{"version": 1, "dependencies": {"net8.0": {"A": {"resolved": "1.0.0"}, "A": {"resolved": "2.0.0"}}}}`,
		want: &extract.Lock{Kind: extract.KindPackagesLock, Version: 1, Targets: []extract.Target{{
			Framework: "net8.0",
			Packages:  []extract.Package{{Name: "A", Version: "2.0.0", Type: extract.TypePackage, At: extract.Pos{Line: 1, Col: 72}}},
		}}},
	}, {
		name: "no dependencies at all",
		in:   `{"version": 1}`,
		want: &extract.Lock{Kind: extract.KindPackagesLock, Version: 1},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse("packages.lock.json", []byte(tc.in))
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
		{"not\njson", `f:1:2: invalid JSON: invalid character 'o' in literal null (expecting 'u')`},
		{"\xEF\xBB\xBF{\r\n  \"version\": 1,\r\n  \"dependencies\": {\r\n", `f:4:1: unexpected end of JSON: the file is cut short`},
		{"[]", `f:1:1: not a packages.lock.json: the top level is not a JSON object`},
		{`{"dependencies": {}}`, `f:1:1: packages.lock.json has no "version"`},
		{`{"version": -1}`, `f:1:1: unsupported packages.lock.json format version -1 (supported: 1, 2)`},
		{`{"version": "1"}`, `f:1:13: version: expected integer, found string`},
		{`{"version": 1, "dependencies": []}`, `f:1:32: dependencies: expected object, found array`},
		{`{"version": 1, "dependencies": {"net8.0": 5}}`, `f:1:43: dependencies.net8.0: expected object, found number`},
		{"{\"version\": 1, \"dependencies\": {\"net8.0\": {\n\"A\": {\"resolved\": 5}}}}", `f:2:19: dependencies.net8.0.A.resolved: expected string, found number`},
		{"{\"version\": 1, \"dependencies\": {\"net8.0\": {\n\"A\": {\"dependencies\": {\"B\": [\"1.0\"]}}}}}", `f:2:29: dependencies.net8.0.A.dependencies: expected string, found array`},
		{"{\"version\": 1, \"dependencies\": {\"net8.0\": {\n\"A\": \"1.0\"}}}", `f:2:6: dependencies.net8.0.A: expected object, found string`},
	} {
		got, err := Parse("f", []byte(tc.in))
		extracttest.Rejected(t, tc.in, got, err, tc.want)
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
			lock, err := Parse(filepath.Base(f), data)
			if err != nil {
				t.Fatal(err)
			}
			extracttest.Golden(t, strings.TrimSuffix(f, ".json")+".golden", extracttest.FormatLock(lock))
		})
	}
}

func TestCorpus(t *testing.T) {
	type summary struct {
		Version  int
		Targets  []string // framework[/rid]: entries, direct
		LockType map[string]int
	}
	// Counted with a separate script (python json) over the same files.
	want := map[string]summary{
		"cpm-Qowaiv-1/src/Qowaiv.Data.SqlClient/packages.lock.json": {2,
			[]string{"netstandard2.0: 25, 11", "net10.0: 14, 10", "net8.0: 14, 10", "net9.0: 14, 10"},
			map[string]int{"Direct": 37, "Transitive": 24, "Project": 4, "CentralTransitive": 2}},
		"cpm-crafters-cloud-core-1/src/AspNetCore/packages.lock.json": {2,
			[]string{"net10.0: 15, 7"},
			map[string]int{"Direct": 6, "Transitive": 4, "Project": 1, "CentralTransitive": 4}},
		"pkglock-BLIS-NG-1/packages.lock.json": {1,
			[]string{"net10.0: 58, 17", "net10.0/win-x64: 8, 0"},
			map[string]int{"Direct": 17, "Transitive": 49}},
		"pkglock-Ocelot-1/src/packages.lock.json": {1,
			[]string{"net10.0: 9, 5", "net8.0: 9, 5", "net9.0: 9, 5"},
			map[string]int{"Direct": 15, "Transitive": 12}},
		"pkglock-Ocelot-1/testing/packages.lock.json": {1,
			[]string{"net10.0: 30, 7", "net8.0: 30, 7", "net9.0: 32, 7"},
			map[string]int{"Direct": 18, "Transitive": 71, "Project": 3}},
		"pkglock-OwaspHeaders.Core-1/example/OwaspHeaders.Core.Example/packages.lock.json": {1,
			[]string{"net10.0: 8, 3", "net8.0: 8, 3", "net9.0: 8, 3"},
			map[string]int{"Direct": 6, "Transitive": 15, "Project": 3}},
		"pkglock-OwaspHeaders.Core-1/src/packages.lock.json": {1,
			[]string{"net10.0: 0, 0", "net8.0: 0, 0", "net9.0: 0, 0"}, map[string]int{}},
		"pkglock-azure-functions-sql-extension-1/src/packages.lock.json": {2,
			[]string{"netstandard2.0: 88, 10"},
			map[string]int{"Direct": 10, "Transitive": 76, "CentralTransitive": 2}},
		"pkglock-bitwarden-server-1/src/Api/packages.lock.json": {1,
			[]string{"net10.0: 167, 18"},
			map[string]int{"Direct": 14, "Transitive": 139, "Project": 14}},
		"pkglock-bitwarden-server-1/src/Core/packages.lock.json": {1,
			[]string{"net10.0: 145, 52"},
			map[string]int{"Direct": 48, "Transitive": 92, "Project": 5}},
		"pkglock-bitwarden-server-2/src/HttpExtensions/packages.lock.json": {1,
			[]string{"net10.0: 0, 0"}, map[string]int{}},
		"pkglock-crafters-cloud-core-1/src/EntityFramework.Infrastructure/packages.lock.json": {2,
			[]string{"net10.0: 66, 9"},
			map[string]int{"Direct": 7, "Transitive": 36, "Project": 5, "CentralTransitive": 18}},
		"pkglock-dnn-imageflow-1/packages.lock.json": {1,
			[]string{"net48: 31, 6"},
			map[string]int{"Direct": 6, "Transitive": 25}},
		"pkglock-stryker-net-1/integrationtest/TargetProjects/NetCore/ExtraProject.XUnit/packages.lock.json": {1,
			[]string{"netcoreapp3.1: 14, 4"},
			map[string]int{"Direct": 3, "Transitive": 9, "Project": 2}},
		"pkglock-stryker-net-1/integrationtest/TargetProjects/NetCore/ExtraProject/packages.lock.json": {1,
			[]string{"netcoreapp3.1: 1, 1"},
			map[string]int{"Project": 1}},
	}
	dir := extracttest.Corpus(t)
	files := extracttest.Glob(t, func(rel string) bool {
		return strings.HasSuffix(rel, "/packages.lock.json") && !strings.HasPrefix(rel, "peer-fixtures/")
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
			got := summary{Version: lock.Version, LockType: map[string]int{}}
			for _, tg := range lock.Targets {
				name := tg.Framework
				if tg.RID != "" {
					name += "/" + tg.RID
				}
				got.Targets = append(got.Targets, name+": "+strconv.Itoa(len(tg.Packages))+", "+strconv.Itoa(len(tg.Direct)))
				for _, p := range tg.Packages {
					got.LockType[p.LockType]++
					if p.At.Line == 0 {
						t.Errorf("%s: %s has no position", name, p.Name)
					}
				}
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

// TestCorpusDetails pins entries that the manifest of the corpus points
// out.
func TestCorpusDetails(t *testing.T) {
	find := func(rel, fw, name string) extract.Package {
		t.Helper()
		lock, err := Parse(rel, extracttest.ReadFile(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range lock.Targets {
			if tg.Framework != fw {
				continue
			}
			for _, p := range tg.Packages {
				if p.Name == name {
					p.Dependencies = nil
					return p
				}
			}
		}
		t.Fatalf("%s: %s not in %s", rel, name, fw)
		return extract.Package{}
	}
	// A CentralTransitive entry whose requested lower bound is above the
	// resolved version: both kept as written.
	got := find("pkglock-azure-functions-sql-extension-1/src/packages.lock.json", "netstandard2.0", "Microsoft.Extensions.DependencyInjection")
	want := extract.Package{Name: "Microsoft.Extensions.DependencyInjection", Version: "2.1.0", Type: extract.TypePackage,
		LockType: "CentralTransitive", Requested: "[6.0.2, )", At: extract.Pos{Line: 795, Col: 7}}
	if diff := cmp.Diff(want, got, extracttest.LockData); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A lower-cased Project entry of a long-form framework key.
	got = find("pkglock-stryker-net-1/integrationtest/TargetProjects/NetCore/ExtraProject.XUnit/packages.lock.json", "netcoreapp3.1", "extralibrary")
	if got.Type != extract.TypeProject || got.LockType != "Project" {
		t.Errorf("extralibrary: %+v", got)
	}
}

// TestPeerFixtures checks the peers' fixtures against what their tests
// expect (peer-fixtures/EXPECTED.md).
func TestPeerFixtures(t *testing.T) {
	const trivy = "peer-fixtures/aquasecurity-trivy/pkg/dependency/parser/nuget/lock/testdata/"
	const scalibr = "peer-fixtures/google-osv-scalibr/extractor/filesystem/language/dotnet/packageslockjson/testdata/"
	type pkg struct {
		ID     string // Name@Version
		Line   int    // where the entry starts (trivy asserts it)
		Direct bool
	}
	parse := func(rel string) *extract.Lock {
		t.Helper()
		lock, err := Parse(rel, extracttest.ReadFile(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		return lock
	}
	// packages collects the distinct packages across targets; projects are
	// left out, since neither peer reports them (we keep them, typed
	// project, because the graph goes through them).
	packages := func(lock *extract.Lock) []pkg {
		seen := map[string]bool{}
		var out []pkg
		for _, tg := range lock.Targets {
			for _, p := range tg.Packages {
				id := p.Name + "@" + p.Version
				if p.Type != extract.TypePackage || seen[id] {
					continue
				}
				seen[id] = true
				out = append(out, pkg{id, p.At.Line, p.LockType == "Direct"})
			}
		}
		return out
	}
	for _, tc := range []struct {
		file string
		want []pkg
	}{
		{trivy + "packages_lock_simple.json", []pkg{{"Newtonsoft.Json@12.0.3", 5, true}, {"NuGet.Frameworks@5.7.0", 11, true}}},
		{trivy + "packages_lock_subdependencies.json", []pkg{
			{"Newtonsoft.Json@12.0.3", 5, true}, {"NuGet.Frameworks@5.7.0", 11, true}, {"Swashbuckle.AspNetCore@5.5.1", 17, true},
			{"Microsoft.Extensions.ApiDescription.Server@3.0.0", 29, false}, {"Microsoft.OpenApi@1.1.4", 34, false},
			{"Swashbuckle.AspNetCore.Swagger@5.5.1", 39, false}, {"Swashbuckle.AspNetCore.SwaggerGen@5.5.1", 47, false},
			{"Swashbuckle.AspNetCore.SwaggerUI@5.5.1", 55, false}}},
		// trivy also drops the Project entry my.project; we keep it typed
		// project (filtered out above).
		{trivy + "packages_lock_legacy.json", []pkg{{"AWSSDK.Core@3.5.1.30", 5, true}, {"Newtonsoft.Json@12.0.3", 11, true}}},
		// scalibr reports name and version only.
		{scalibr + "valid/packages.lock.json", []pkg{
			{"Core.Dep@1.24.0", 5, true}, {"Some.Dep.One@1.1.1", 20, false}, {"Some.Dep.Two@4.6.0", 25, false},
			{"Some.Dep.Three@1.0.2", 30, false}, {"Some.Dep.Four@4.5.0", 39, false}, {"Some.Longer.Name.Dep@4.7.2", 44, false},
			{"Some.Dep.Five@4.7.2", 49, false}, {"Another.Longer.Name.Dep@4.5.4", 54, false}}},
	} {
		got := packages(parse(tc.file))
		if diff := cmp.Diff(tc.want, got, extracttest.LockData); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.file, diff)
		}
	}

	// packages_lock_multi.json: 40 distinct packages over five frameworks,
	// NETStandard.Library in two versions (lines 95 and 445), both kept.
	lock := parse(trivy + "packages_lock_multi.json")
	got := packages(lock)
	if len(got) != 40 {
		t.Errorf("multi: %d packages, want 40", len(got))
	}
	var netstd []pkg
	for _, p := range got {
		if strings.HasPrefix(p.ID, "NETStandard.Library@") {
			netstd = append(netstd, p)
		}
	}
	if diff := cmp.Diff([]pkg{{"NETStandard.Library@1.6.1", 95, true}, {"NETStandard.Library@2.0.3", 445, true}}, netstd); diff != "" {
		t.Errorf("multi NETStandard.Library (-want +got):\n%s", diff)
	}
	// trivy lists 35 packages with dependencies; resolving our ranges to
	// the versions of the same framework gives the same 35 sources.
	sources := map[string]bool{}
	for _, tg := range lock.Targets {
		version := map[string]string{}
		for _, p := range tg.Packages {
			version[p.Name] = p.Version
		}
		for _, p := range tg.Packages {
			for _, d := range p.Dependencies {
				if _, ok := version[d.Name]; ok {
					sources[p.Name+"@"+p.Version] = true
				}
			}
		}
	}
	if len(sources) != 35 {
		t.Errorf("multi: %d packages with dependencies, want 35", len(sources))
	}
	for _, edge := range [][2]string{
		{"AWSSDK.Core@3.5.1.30", "Microsoft.Bcl.AsyncInterfaces"},
		{"NETStandard.Library@2.0.3", "Microsoft.NETCore.Platforms"},
		{"Microsoft.NETFramework.ReferenceAssemblies@1.0.0", "Microsoft.NETFramework.ReferenceAssemblies.net20"},
	} {
		found := false
		for _, tg := range lock.Targets {
			for _, p := range tg.Packages {
				if p.Name+"@"+p.Version != edge[0] {
					continue
				}
				for _, d := range p.Dependencies {
					found = found || d.Name == edge[1]
				}
			}
		}
		if !found {
			t.Errorf("multi: no edge %s -> %s", edge[0], edge[1])
		}
	}

	_, err := Parse("invalid", extracttest.ReadFile(t, scalibr+"invalid/invalid"))
	if err == nil || err.Error() != `invalid:1:2: invalid JSON: invalid character 'o' in literal null (expecting 'u')` {
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
	extracttest.AddSeeds(f, func(rel string) bool {
		return strings.HasSuffix(rel, "packages.lock.json") || strings.Contains(rel, "nuget/lock/testdata/")
	})
	f.Add([]byte(`{"version": 1, "dependencies": {"net8.0": {"A": {"type": "Project", "dependencies": {"a": "1"}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lock, err := Parse("f", data)
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
		for _, tg := range lock.Targets {
			for _, p := range tg.Packages {
				if p.At.Line == 0 {
					t.Fatalf("package %s without a position", p.Name)
				}
			}
		}
	})
}

// TestManyTargets parses a file with very many framework sections, which
// must take linear time (a quadratic merge of duplicates once did not).
func TestManyTargets(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"version": 1, "dependencies": {`)
	const n = 50000
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"net` + strconv.Itoa(10+i) + `.0": {"A": {"type": "Direct", "resolved": "1.0"}}`)
	}
	b.WriteString(`}}`)
	lock, err := Parse("f", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(lock.Targets) != n {
		t.Errorf("%d targets, want %d", len(lock.Targets), n)
	}
}
