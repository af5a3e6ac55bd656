package sln

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

const slnHeader = "Microsoft Visual Studio Solution File, Format Version 12.00\n"

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, file, in string
		want           []extract.SolutionProject
	}{{
		name: "sln: projects, a folder, a web site",
		file: "a.sln",
		in: slnHeader +
			`Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "App", "App\App.csproj", "{1}"` + "\nEndProject\n" +
			`Project("{2150e333-8fdc-42a3-9474-1a3956d46de8}") = "src", "src", "{2}"` + "\nEndProject\n" +
			`Project("{E24C65DC-7377-472B-9ABA-BC803B73C61A}") = "Site", "..\Site\", "{3}"` + "\nEndProject\n" +
			`  Project( "{9A19103F-16F7-4668-BE54-9A1E7A4F7556}" ) = "Lib" , "..\lib\Lib.FSPROJ" , "{4}"  ` + "\nEndProject\n",
		want: []extract.SolutionProject{
			{Name: "App", Path: "App/App.csproj", At: extract.Pos{Line: 2, Col: 1}},
			{Name: "Lib", Path: "../lib/Lib.FSPROJ", At: extract.Pos{Line: 8, Col: 3}},
		},
	}, {
		name: "sln without projects",
		file: "empty.sln",
		in:   "\r\n" + slnHeader + "Global\r\nEndGlobal\r\n",
	}, {
		name: "slnx",
		file: "a.slnx",
		in:   "<Solution>\n <Folder Name=\"/x/\"><Project Path=\"x\\X.csproj\"/></Folder>\n <Project Path=\"Y.vbproj\"/><File Path=\"a.txt\"/><Project Path=\"folder/\"/>\n</Solution>",
		want: []extract.SolutionProject{
			{Name: "X", Path: "x/X.csproj", At: extract.Pos{Line: 2, Col: 21}},
			{Name: "Y", Path: "Y.vbproj", At: extract.Pos{Line: 3, Col: 2}},
		},
	}, {
		name: "content decides for another name: XML",
		file: "solution.txt",
		in:   "  <Solution><Project Path=\"A.csproj\"/></Solution>",
		want: []extract.SolutionProject{{Name: "A", Path: "A.csproj", At: extract.Pos{Line: 1, Col: 13}}},
	}, {
		name: "content decides for another name: text",
		file: "solution.txt",
		in:   slnHeader + `Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "A", "A.csproj", "{1}"`,
		want: []extract.SolutionProject{{Name: "A", Path: "A.csproj", At: extract.Pos{Line: 2, Col: 1}}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.file, []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&extract.Solution{Projects: tc.want}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestIsProjectFile(t *testing.T) {
	for p, want := range map[string]bool{
		"a.csproj": true, `x\a.vbproj`: true, "a.FSPROJ": true, "a.shproj": true, "a.xproj": true, "a.sqlproj": true,
		"build.proj": true, "a.vcxproj": true, "docker-compose.dcproj": true,
		"": false, "src": false, "Solution Items": false, "..\\Site\\": false, "http://localhost:8080/": false,
		"www.example.com": false, "a.sln": false, "proj": false, "a.csproj/": false,
	} {
		if got := isProjectFile(p); got != want {
			t.Errorf("isProjectFile(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ file, in, want string }{
		{"a.sln", "\n\n  hello\n", `a.sln:3:3: not a solution file: no "Microsoft Visual Studio Solution File" header`},
		{"a.sln", "", `a.sln:1:1: not a solution file: no "Microsoft Visual Studio Solution File" header`},
		{"a.sln", `Project("{A}") = "A", "A.csproj", "{1}"` + "\n" + slnHeader, `a.sln:1:1: not a solution file: no "Microsoft Visual Studio Solution File" header`},
		{"a.sln", "\xEF\xBB\xBF" + slnHeader + "\tProject(\"{A}\") = \"A\", \"A.csproj\"\r\n", `a.sln:2:2: malformed Project line (want Project("{type}") = "name", "path", "{guid}")`},
		{"a.slnx", "<Project/>", `a.slnx:1:1: not a .slnx: the root element is <Project>, not <Solution>`},
		{"a.slnx", "\n  plain text", `a.slnx:2:3: not a .slnx: no <Solution> element`},
		{"a.slnx", "<Solution>\n  <Project Path=\"A.csproj\">\n</Solution>", `a.slnx:3:12: invalid XML: element <Project> closed by </Solution>`},
		{"a.slnx", "<Solution>\n", `a.slnx:2:1: invalid XML: unexpected EOF`},
	} {
		got, err := Parse(tc.file, []byte(tc.in))
		extracttest.Rejected(t, tc.in, got, err, tc.want)
	}
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.sln*")
	if err != nil || len(files) == 0 {
		t.Fatal("no testdata", err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(f, data)
			if err != nil {
				t.Fatal(err)
			}
			extracttest.Golden(t, f+".golden", extracttest.FormatSolution(s))
		})
	}
}

func TestCorpus(t *testing.T) {
	// Counted with a separate script (python re / xml.etree) over the
	// same files: Project entries that name a *proj file.
	want := map[string]struct {
		N     int
		First string
	}{
		"assets-CI-CD_2017-1/WebApplication1.sln":                                                {2, "WebApplication1/WebApplication1.csproj"},
		"assets-RefactoringAnemicDomainModel-1/OnlineTheater.sln":                                {2, "src/Api/Api.csproj"},
		"assets-VS2017TransitiveBug-1/WebApplication1.sln":                                       {3, "src/WebApplication1/WebApplication1.csproj"},
		"assets-quickstart-1/src/QuickStart.sln":                                                 {3, "IdentityServer/IdentityServer.csproj"},
		"csproj-edge-HelpDesk.Api-1/HelpDesk.Api.sln":                                            {1, "HelpDesk.Api.csproj"},
		"depsjson-Library-Core-1/Library_Core.sln":                                               {2, "src/Core/Landis.Core.csproj"},
		"depsjson-TaskManager_CleanArch_BasicWorkflow-1/TaskManager_CleanArch_BasicWorkflow.sln": {4, "src/Core/Core.csproj"},
		"depsjson-mailmanager-1/MailManager.sln":                                                 {1, "MailManager.Web/MailManager.Web.csproj"},
		// A project.json-era solution: the project is an .xproj, its two
		// solution folders are skipped.
		"lockjson-api-example-dotnet-1/api-example-dotnet.sln":                               {1, "src/Web/Web.xproj"},
		"pkgconfig-DotaFantasy-1/Betting.sln":                                                {6, "WebApplication1/WebApplication1.csproj"},
		"pkgconfig-ProjectRattlesnake-1/active-directory-dotnet-webapp-openidconnect-v2.sln": {1, "WebApp/WebApp.csproj"},
		"pkglock-BLIS-NG-1/BLIS-NG.sln":                                                      {1, "BLIS-NG.csproj"},
		"pkglock-OwaspHeaders.Core-1/OwaspHeaders.Core.sln":                                  {3, "src/OwaspHeaders.Core.csproj"},
		"pkglock-dnn-imageflow-1/ToSic.Imageflow.Dnn.sln":                                    {1, "ToSic.Imageflow.Dnn.csproj"},
		// UTF-8 BOM; SDK-style and classic C# type GUIDs and a .shproj.
		"sln-stryker-net-1/integrationtest/TargetProjects/NetCore/IntegrationTestApp.sln": {12, "Library/Library.csproj"},
		"assets-AspNetCore.Multitenancy-2/AspNetCore.Multitenancy.slnx":                   {10, "samples/SaaSDemo/SaaSDemo.csproj"},
		"cpm-Qowaiv-1/qowaiv.slnx":                                               {14, "src/Qowaiv.Data.SqlClient/Qowaiv.Data.SqlClient.csproj"},
		"cpm-crafters-cloud-core-1/CraftersCloud.Core.slnx":                      {25, "src/AspireTests.Shared/AspireTests.Shared.csproj"},
		"cpm-dependabot-core-1/nuget/helpers/lib/NuGetUpdater/NuGetUpdater.slnx": {23, "NuGetProjects/NuGet.Build.Tasks.Pack/NuGet.Build.Tasks.Pack.csproj"},
		"pkglock-Ocelot-1/Ocelot.slnx":                                           {6, "src/Ocelot.csproj"},
	}
	dir := extracttest.Corpus(t)
	files := extracttest.Glob(t, func(rel string) bool { return strings.HasSuffix(rel, ".sln") || strings.HasSuffix(rel, ".slnx") })
	for _, rel := range files {
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, rel))
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(rel, data)
			if err != nil {
				t.Fatal(err)
			}
			w, ok := want[rel]
			if !ok {
				t.Fatal("no expectation for this corpus file: add one")
			}
			if len(s.Projects) != w.N || s.Projects[0].Path != w.First {
				t.Errorf("%d projects, first %+v; want %d, first %s", len(s.Projects), s.Projects[0], w.N, w.First)
			}
			for _, p := range s.Projects {
				if p.At.Line == 0 || p.Name == "" || strings.Contains(p.Path, `\`) {
					t.Errorf("%+v", p)
				}
			}
		})
	}
	if len(files) != len(want) {
		t.Errorf("%d corpus files, %d expectations", len(files), len(want))
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.sln*")
	for _, file := range files {
		if strings.HasSuffix(file, ".golden") {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	extracttest.AddSeeds(f, func(rel string) bool { return strings.HasSuffix(rel, ".sln") || strings.HasSuffix(rel, ".slnx") })
	f.Add([]byte(slnHeader + `Project("{A}") = "A", "A.csproj", "{1}"`))
	f.Add(extracttest.UTF16("<Solution>\r\n  <Project Path=\"a/A.csproj\" />\r\n</Solution>", false))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("x", data)
		if err != nil {
			if s != nil {
				t.Fatal("result with an error")
			}
			var e *extract.Error
			if !errors.As(err, &e) || e.Pos.Line == 0 {
				t.Fatalf("%v: not a located *extract.Error", err)
			}
			return
		}
		for _, p := range s.Projects {
			if p.At.Line == 0 || !isProjectFile(p.Path) {
				t.Fatalf("%+v", p)
			}
		}
	})
}
