package fix

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpus fixes copies of real projects of the shared corpus, each
// chosen for a file shape: project.json with a BOM and comments, csproj
// files with a BOM, Version child elements, conditions on the target
// framework, CRLF and mixed line endings, packages.config with HintPaths,
// central package management with PackageVersion children, VersionOverride,
// exact versions in brackets. The advisories are the corpus's real GitHub
// Advisory Database records and the built-in ones; where a project has no
// finding in them, a synthetic advisory (ID TEST-…) names one of its
// packages so that the file kind is edited.
func TestCorpus(t *testing.T) {
	for _, tc := range []struct {
		dir   string
		extra []string // synthetic advisories: "ID pkg introduced fixed"
		opts  Options
		check func(t *testing.T, dir string, pl *Plan)
	}{
		// project.json with a BOM and // comments; "Microsoft.AspNetCore.Mvc":
		// "1.1.*" floats: left to the user, Mvc.Core pinned.
		{dir: "lockjson-IdentityServerDemo-1", opts: Options{Advisories: []string{"MSA-4010983"}}, check: func(t *testing.T, dir string, pl *Plan) {
			kinds := stepKinds(pl)
			if kinds["Microsoft.AspNetCore.Mvc"] != StepManual || kinds["Microsoft.AspNetCore.Mvc.Core"] != StepPin {
				t.Errorf("steps: %v", kinds)
			}
		}},
		// project.json of a netcoreapp1.1 web app: every advisory, the
		// lowest version clear of all of them; System.Net.Security comes
		// with the runtime.
		{dir: "lockjson-dot-net-st-pete-api-1"},
		{dir: "lockjson-identitydeploymenttest-1", opts: Options{Advisories: []string{"MSA-4010983"}, To: LowestFixed}},
		// csproj files with a BOM and Version child elements.
		{dir: "assets-VS2017TransitiveBug-1"},
		// BOM, Version child elements, a condition on the target framework,
		// prerelease versions.
		{dir: "assets-WebSocketsNetCore-1", opts: Options{Advisories: []string{"GHSA-5crp-9r3c-p9vr", "GHSA-hxrm-9w7p-39cc"}}},
		// packages.config with a BOM, 4-part versions, HintPaths.
		{dir: "pkgconfig-RefactoringAnemicDomainModel-1"},
		{dir: "pkgconfig-ProjectRattlesnake-1"},
		// Central package management: a transitive package (PackageVersion
		// added in alphabetical order, versionless reference in a csproj
		// with a BOM), a central version of a direct dependency, and a
		// CentralTransitive PackageVersion the project does not reference.
		{dir: "cpm-crafters-cloud-core-1", extra: []string{
			"TEST-0001 MediatR.Contracts 2.0.1 2.0.2",
			"TEST-0002 Serilog 4.0.0 9.9.9",
			"TEST-0003 MediatR 12.5.0 12.5.1",
		}, check: func(t *testing.T, dir string, pl *Plan) {
			props := read(t, filepath.Join(dir, "Directory.Packages.props"))
			mustContain(t, "Directory.Packages.props", props,
				"    <PackageVersion Include=\"MediatR\" Version=\"12.5.1\" />\n    <!-- affected: pinned for TEST-0001 -->\n    <PackageVersion Include=\"MediatR.Contracts\" Version=\"2.0.2\" />\n")
			csproj := read(t, filepath.Join(dir, "src", "AspNetCore", "AspNetCore.csproj"))
			mustContain(t, "AspNetCore.csproj", csproj,
				"  <ItemGroup>\n    <!-- affected: pinned for TEST-0003 -->\n    <PackageReference Include=\"MediatR\" />\n    <!-- affected: pinned for TEST-0001 -->\n    <PackageReference Include=\"MediatR.Contracts\" />\n")
		}},
		// VersionOverride on a PackageReference Update under a condition.
		{dir: "cpm-Polly-1", extra: []string{"TEST-0004 Microsoft.Bcl.TimeProvider 8.0.0 8.0.2"}, check: func(t *testing.T, dir string, pl *Plan) {
			mustContain(t, "Polly.Core.Tests.csproj", read(t, filepath.Join(dir, "test", "Polly.Core.Tests", "Polly.Core.Tests.csproj")),
				`<PackageReference Update="Microsoft.Bcl.TimeProvider" VersionOverride="8.0.2" />`)
		}},
		// A CRLF csproj.
		{dir: "depsjson-mailmanager-1", extra: []string{"TEST-0005 Microsoft.EntityFrameworkCore.SqlServer 5.0.0 5.0.6"}, opts: Options{Advisories: []string{"TEST-0005"}}},
		// Mixed CRLF and LF lines in one csproj.
		{dir: "depsjson-TaskManager_CleanArch_BasicWorkflow-1", extra: []string{"TEST-0006 Microsoft.EntityFrameworkCore.Design 9.0.0 9.0.9", "TEST-0007 Microsoft.AspNetCore.OpenApi 9.0.0 9.0.1"}, opts: Options{Advisories: []string{"TEST-0006", "TEST-0007"}}},
		// Exact versions in brackets stay exact.
		{dir: "pkglock-bitwarden-server-1", extra: []string{"TEST-0008 AspNetCore.HealthChecks.SqlServer 8.0.0 8.0.3"}, opts: Options{Advisories: []string{"TEST-0008"}}, check: func(t *testing.T, dir string, pl *Plan) {
			mustContain(t, "Api.csproj", read(t, filepath.Join(dir, "src", "Api", "Api.csproj")),
				`<PackageReference Include="AspNetCore.HealthChecks.SqlServer" Version="[8.0.3]" />`)
		}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			src := corpusSource(t)
			for _, x := range tc.extra {
				f := strings.Fields(x)
				src.add(synthetic(f[0], f[1], f[2], f[3]))
			}
			dir := corpusCase(t, tc.dir)
			pl := fixCase(t, dir, src, tc.opts, filepath.Join("testdata", "corpus", tc.dir+".golden"))
			if len(pl.Files) == 0 {
				t.Error("nothing edited")
			}
			if tc.check != nil {
				tc.check(t, dir, pl)
			}
		})
	}
}

func stepKinds(pl *Plan) map[string]StepKind {
	out := map[string]StepKind{}
	for _, s := range pl.Steps {
		out[s.Package] = s.Kind
	}
	return out
}
