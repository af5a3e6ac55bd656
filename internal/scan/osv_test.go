package scan

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/builtin"
	"github.com/affected-dev/affected/internal/advisory/osv"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// memSource serves advisories by package from memory.
type memSource map[string][]*advisory.Advisory

func (m memSource) ForPackage(name string) []*advisory.Advisory { return m[nuget.NormalizeID(name)] }

func (m memSource) add(a *advisory.Advisory) {
	seen := map[string]bool{}
	for _, p := range a.Packages {
		k := nuget.NormalizeID(p.Name)
		if !seen[k] {
			seen[k] = true
			m[k] = append(m[k], a)
		}
	}
}

// corpusAdvisories reads the 30 real OSV records of the corpus together
// with the built-in advisories.
func corpusAdvisories(t testing.TB) memSource {
	t.Helper()
	dir := filepath.Join(extracttest.Corpus(t), "advisories-osv")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	src := memSource{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		a, err := osv.Parse(e.Name(), data)
		if err != nil {
			t.Fatal(err)
		}
		src.add(a)
	}
	if len(entries) != 30 {
		t.Fatalf("%d OSV records, want 30", len(entries))
	}
	for _, a := range builtin.Advisories() {
		src.add(a)
	}
	return src
}

// TestCorpusFindings checks the findings on the real projects against
// lists derived by hand from their lock files and the OSV records.
func TestCorpusFindings(t *testing.T) {
	root := extracttest.Corpus(t)
	src := corpusAdvisories(t)
	ws := Load(context.Background(), []string{root}, Options{Lang: i18n.En})
	doc := Scan(ws, src, ScanOptions{Lang: i18n.En, MaxPaths: 1})

	type key struct{ project, framework string }
	got := map[key][]string{}
	recommended := map[key]map[string]string{}
	for _, f := range doc.Findings {
		k := key{f.Project, f.Framework}
		got[k] = append(got[k], f.Advisory.ID+" "+f.Package.Name+"@"+f.Package.Version)
		if recommended[k] == nil {
			recommended[k] = map[string]string{}
		}
		recommended[k][f.Package.Name] = f.RecommendedVersion
	}
	for k := range got {
		sort.Strings(got[k])
	}
	if os.Getenv("AFFECTED_DUMP") != "" {
		var keys []key
		for k := range got {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i].project+keys[i].framework < keys[j].project+keys[j].framework })
		for _, k := range keys {
			t.Logf("%s [%s]:\n  %s", k.project, k.framework, strings.Join(got[k], "\n  "))
		}
	}

	mvcCore110 := []string{
		"GHSA-3rp6-rjw4-cq39 Microsoft.AspNetCore.Mvc.Core@1.1.0",
		"GHSA-6xh7-4v2w-36q6 Microsoft.AspNetCore.Mvc.Core@1.1.0",
		"GHSA-ch6p-4jcm-h8vh Microsoft.AspNetCore.Mvc.Core@1.1.0",
		"GHSA-j8f4-2w4p-mhjc Microsoft.AspNetCore.Mvc.Core@1.1.0",
		"GHSA-qhqf-ghgh-x2m4 Microsoft.AspNetCore.Mvc.Core@1.1.0",
		"MSA-4010983 Microsoft.AspNetCore.Mvc.Core@1.1.0",
	}
	for _, p := range []string{
		"lockjson-identitydeploymenttest-1/project.json",
		"lockjson-dot-net-st-pete-api-1/project.json",
		"lockjson-api-example-dotnet-1/src/Web/project.json",
		"lockjson-IdentityServerDemo-1/src/IdentityServerCore/project.json",
		"lockjson-HelpDesk.Authorization-1/backup/project.json",
	} {
		k := key{p, "netcoreapp1.1"}
		var core []string
		for _, f := range got[k] {
			if strings.HasSuffix(f, " Microsoft.AspNetCore.Mvc.Core@1.1.0") {
				core = append(core, f)
			}
		}
		if d := cmp.Diff(mvcCore110, core); d != "" {
			t.Errorf("%s: Mvc.Core findings (-want +got)\n%s", p, d)
		}
		// 1.1.1 fixes MSA-4010983 but the GHSA records need 1.1.3 and,
		// for CVE-2017-8700, 1.1.6: the lowest version clear of all.
		if r := recommended[k]["Microsoft.AspNetCore.Mvc.Core"]; r != "1.1.6" {
			t.Errorf("%s: recommended %q, want 1.1.6", p, r)
		}
	}

	// Lists derived by hand (an independent script over the lock files and
	// the OSV records, then checked by eye) for other real projects.
	for k, want := range map[key][]string{
		{"assets-CI-CD_2017-1/WebApplication1/WebApplication1.csproj", "netcoreapp1.1"}: {
			"GHSA-3rp6-rjw4-cq39 Microsoft.AspNetCore.Mvc.Core@1.1.3",
			"GHSA-3rp6-rjw4-cq39 Microsoft.AspNetCore.Mvc.Cors@1.1.3",
			"GHSA-5crp-9r3c-p9vr Newtonsoft.Json@9.0.1",
			"GHSA-7jgj-8wvc-jh57 System.Net.Http@4.3.2",
			"GHSA-ghhp-997w-qr28 System.Text.Encodings.Web@4.3.1",
			"GHSA-hxrm-9w7p-39cc Microsoft.AspNetCore.Http@1.1.2",
		},
		{"assets-VS2017TransitiveBug-1/ClassLibrary1/ClassLibrary1.csproj", "netstandard1.4"}: {
			"GHSA-7jgj-8wvc-jh57 System.Net.Http@4.1.0",
		},
		{"assets-quickstart-1/src/IdentityServer/IdentityServer.csproj", "netcoreapp3.1"}: {
			"GHSA-5crp-9r3c-p9vr Newtonsoft.Json@12.0.2",
			"GHSA-ghhp-997w-qr28 System.Text.Encodings.Web@4.7.0",
		},
		{"assets-AspNetCore.Multitenancy-1/src/Core/AspNetCore.Multitenancy.Core.csproj", "net8.0"}: {
			"GHSA-ghhp-997w-qr28 System.Text.Encodings.Web@4.5.0",
		},
		{"pkgconfig-RefactoringAnemicDomainModel-1/src/Logic/Logic.csproj", "net462"}: {
			"GHSA-5crp-9r3c-p9vr Newtonsoft.Json@10.0.3",
		},
		{"pkgconfig-DotaFantasy-1/API/API.csproj", "net462"}: {
			"GHSA-5crp-9r3c-p9vr Newtonsoft.Json@6.0.4",
		},
		{"pkglock-bitwarden-server-1/src/Core/Core.csproj", "net10.0"}: nil,
	} {
		if d := cmp.Diff(want, got[k]); d != "" {
			t.Errorf("%s [%s] (-want +got)\n%s", k.project, k.framework, d)
		}
	}
	// Mvc.Core 1.0.1 (IdentityServerDemo-2) is clear of MSA-4010983 but not
	// of the GHSA records of the 1.0 line.
	for _, f := range got[key{"lockjson-IdentityServerDemo-2/src/MvcClient/project.json", "netcoreapp1.0"}] {
		if strings.HasPrefix(f, "MSA-4010983") {
			t.Errorf("IdentityServerDemo-2: %s", f)
		}
	}
	if n := len(got[key{"lockjson-IdentityServerDemo-2/src/MvcClient/project.json", "netcoreapp1.0"}]); n != 62 {
		t.Errorf("IdentityServerDemo-2: %d findings, want 62", n)
	}
}
