package msbuild

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

// mapLoader serves documents from an in-memory file system.
type mapLoader struct{ fs fstest.MapFS }

func (m mapLoader) Load(p string) (*Document, error) {
	f, ok := m.fs[p]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
	}
	return Parse(p, f.Data)
}

func (m mapLoader) Exists(p string) bool { _, ok := m.fs[p]; return ok }

type ref struct {
	Name, Version, VersionAt string
	Frameworks               []string
	Central, Override, Build bool
	Source                   extract.Source
}

// refs summarises the references; VersionAt is "file:line", and the text
// at the full position is checked to be the version itself, which is what
// the fix step relies on.
func refs(t *testing.T, p *Project, files map[string]string) []ref {
	t.Helper()
	var out []ref
	for _, r := range p.References {
		at := ""
		if r.VersionAt.File != "" {
			at = r.VersionAt.File + ":" + itoa(r.VersionAt.Line)
			if got := textAt(files[r.VersionAt.File], r.VersionAt.Pos); !strings.HasPrefix(got, r.Version) {
				t.Errorf("%s: text at %s:%d:%d is %.20q, not the version", r.Name, r.VersionAt.File, r.VersionAt.Line, r.VersionAt.Col, got)
			}
		}
		out = append(out, ref{r.Name, r.Version, at, r.Frameworks, r.Central, r.Override, r.Build, r.Source})
	}
	return out
}

func itoa(n int) string { return fmtInt(n) }

// textAt returns the text of data from a line and column (in characters).
func textAt(data string, pos extract.Pos) string {
	lines := strings.SplitAfter(strings.TrimPrefix(data, "\uFEFF"), "\n")
	if pos.Line < 1 || pos.Line > len(lines) {
		return ""
	}
	r := []rune(lines[pos.Line-1])
	if pos.Col < 1 || pos.Col > len(r) {
		return ""
	}
	return string(r[pos.Col-1:])
}

func evaluate(t *testing.T, files map[string]string, project string) *Project {
	t.Helper()
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	p, err := Evaluate(project, mapLoader{m})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range p.Warnings {
		t.Logf("warning: %v", w)
	}
	return p
}

func TestPackageReferenceForms(t *testing.T) {
	files := map[string]string{
		"a/App.csproj": `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netcoreapp1.1</TargetFramework>
    <MvcVersion>1.1.0</MvcVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.AspNetCore.Mvc" Version="$(MvcVersion)" />
    <PackageReference Include="Newtonsoft.Json">
      <Version>9.0.1</Version>
    </PackageReference>
    <PackageReference Include="StyleCop.Analyzers" Version="1.1.0" PrivateAssets="all" />
    <PackageReference Include="Removed.Package" Version="1.0.0" />
    <PackageReference Remove="Removed.Package" />
    <PackageReference Update="Newtonsoft.Json" Version="10.0.1" />
    <ProjectReference Include="..\Lib\Lib.csproj" />
  </ItemGroup>
</Project>`,
	}
	p := evaluate(t, files, "a/App.csproj")
	want := []ref{
		{"Microsoft.AspNetCore.Mvc", "1.1.0", "a/App.csproj:4", nil, false, false, false, "PackageReference"},
		{"Newtonsoft.Json", "10.0.1", "a/App.csproj:14", nil, false, false, false, "PackageReference"},
		{"StyleCop.Analyzers", "1.1.0", "a/App.csproj:11", nil, false, false, true, "PackageReference"},
	}
	if d := cmp.Diff(want, refs(t, p, files)); d != "" {
		t.Errorf("references (-want +got)\n%s", d)
	}
	if d := cmp.Diff([]string{"netcoreapp1.1"}, p.Frameworks); d != "" {
		t.Errorf("frameworks (-want +got)\n%s", d)
	}
	if len(p.ProjectReferences) != 1 || p.ProjectReferences[0].Path != "../Lib/Lib.csproj" {
		t.Errorf("project references: %+v", p.ProjectReferences)
	}
}

func TestConditionsPerFramework(t *testing.T) {
	files := map[string]string{
		"App.csproj": `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFrameworks>net8.0;net9.0;net472</TargetFrameworks></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Common" Version="1.0.0" />
  </ItemGroup>
  <ItemGroup Condition=" '$(TargetFramework)' == 'net8.0' ">
    <PackageReference Include="Mvc.NewtonsoftJson" Version="8.0.29" />
  </ItemGroup>
  <ItemGroup Condition="'$(TargetFramework)' == 'net9.0'">
    <PackageReference Include="Mvc.NewtonsoftJson" Version="9.0.18" />
  </ItemGroup>
  <ItemGroup Condition="'$([MSBuild]::GetTargetFrameworkIdentifier(` + "`$(TargetFramework)`" + `))' == '.NETFramework'">
    <PackageReference Include="System.Memory" Version="4.5.5" />
  </ItemGroup>
  <ItemGroup Condition="!$([MSBuild]::IsTargetFrameworkCompatible($(TargetFramework), 'net9.0'))">
    <PackageReference Update="Common" Version="0.9.0" />
  </ItemGroup>
</Project>`,
	}
	p := evaluate(t, files, "App.csproj")
	want := []ref{
		{"Common", "0.9.0", "App.csproj:16", []string{"net8.0", "net472"}, false, false, false, "PackageReference"},
		{"Mvc.NewtonsoftJson", "8.0.29", "App.csproj:7", []string{"net8.0"}, false, false, false, "PackageReference"},
		{"Common", "1.0.0", "App.csproj:4", []string{"net9.0"}, false, false, false, "PackageReference"},
		{"Mvc.NewtonsoftJson", "9.0.18", "App.csproj:10", []string{"net9.0"}, false, false, false, "PackageReference"},
		{"System.Memory", "4.5.5", "App.csproj:13", []string{"net472"}, false, false, false, "PackageReference"},
	}
	if d := cmp.Diff(want, refs(t, p, files)); d != "" {
		t.Errorf("references (-want +got)\n%s", d)
	}
}

func TestCentralPackageManagement(t *testing.T) {
	files := map[string]string{
		"Directory.Build.props": `<Project>
  <PropertyGroup>
    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
    <CentralPackageTransitivePinningEnabled>true</CentralPackageTransitivePinningEnabled>
  </PropertyGroup>
  <Import Project="Common.props" />
</Project>`,
		"Common.props": `<Project><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>`,
		"Directory.Packages.props": `<Project>
  <PropertyGroup>
    <MvcVersion>1.1.0</MvcVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageVersion Include="Microsoft.AspNetCore.Mvc.Core" Version="$(MvcVersion)" />
    <PackageVersion Include="Serilog" Version="2.0.0" />
    <PackageVersion Include="Unused" Version="3.0.0" />
    <GlobalPackageReference Include="Nerdbank.GitVersioning" Version="3.6.133" />
  </ItemGroup>
</Project>`,
		"src/App/App.csproj": `<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="Microsoft.AspNetCore.Mvc.Core" />
    <PackageReference Include="Serilog" VersionOverride="2.1.0" />
  </ItemGroup>
</Project>`,
	}
	p := evaluate(t, files, "src/App/App.csproj")
	want := []ref{
		{"Nerdbank.GitVersioning", "3.6.133", "Directory.Packages.props:9", nil, false, false, false, "GlobalPackageReference"},
		{"Microsoft.AspNetCore.Mvc.Core", "1.1.0", "Directory.Packages.props:3", nil, true, false, false, "PackageReference"},
		{"Serilog", "2.1.0", "src/App/App.csproj:4", nil, false, true, false, "PackageReference"},
	}
	if d := cmp.Diff(want, refs(t, p, files)); d != "" {
		t.Errorf("references (-want +got)\n%s", d)
	}
	if !p.CentralPackageManagement || !p.TransitivePinning {
		t.Errorf("CPM %v, pinning %v", p.CentralPackageManagement, p.TransitivePinning)
	}
	if p.PackagesProps != "Directory.Packages.props" || p.BuildProps != "Directory.Build.props" {
		t.Errorf("props files %q %q", p.BuildProps, p.PackagesProps)
	}
	if len(p.PackageVersions) != 3 {
		t.Errorf("package versions: %+v", p.PackageVersions)
	}
	if d := cmp.Diff([]string{"src/App/App.csproj", "Directory.Build.props", "Common.props", "Directory.Packages.props"}, p.Files, cmpSort()); d != "" {
		t.Errorf("files (-want +got)\n%s", d)
	}
}

func TestImportCycleAndMissing(t *testing.T) {
	files := map[string]string{
		"Directory.Build.props": `<Project><Import Project="a.props" /><Import Project="missing.props" /></Project>`,
		"a.props":               `<Project><Import Project="Directory.Build.props" /><PropertyGroup><V>2.0.0</V></PropertyGroup></Project>`,
		"App.csproj":            `<Project><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup><ItemGroup><PackageReference Include="X" Version="$(V)" /></ItemGroup></Project>`,
	}
	p := evaluate(t, files, "App.csproj")
	if got := refs(t, p, files); len(got) != 1 || got[0].Version != "2.0.0" || got[0].VersionAt != "a.props:1" {
		t.Errorf("references: %+v", got)
	}
	if len(p.Warnings) != 1 {
		t.Errorf("want one warning (the cycle), got %v", p.Warnings)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<Project>\n  <ItemGroup>\n</Project>", "x.csproj:3:1: unexpected end tag </Project>"},
		{"<Project>\n  <ItemGroup>", "x.csproj:2:14: element <ItemGroup> is not closed"},
		{"", "x.csproj:1:1: no XML element: the file is empty or not XML"},
		{"<Project a=1/>", "x.csproj:1:13: invalid XML: unquoted or missing attribute value in element"},
		{"<Project></Project><Project/>", "x.csproj:1:20: a second root element; an XML document has exactly one"},
	} {
		_, err := Parse("x.csproj", []byte(tc.in))
		var e *extract.Error
		if !errors.As(err, &e) {
			t.Errorf("%q: error %v is not located", tc.in, err)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("%q:\n got %v\nwant %s", tc.in, err, tc.want)
		}
	}
}

func TestConditions(t *testing.T) {
	props := map[string]string{"targetframework": "net8.0", "configuration": "Release", "empty": ""}
	x := &expander{props: func(n string) (string, bool) { v, ok := props[strings.ToLower(n)]; return v, ok }, dir: "/r/"}
	for cond, want := range map[string]tri{
		"'$(TargetFramework)' == 'net8.0'":                                          triTrue,
		"'$(TARGETFRAMEWORK)' == 'NET8.0'":                                          triTrue,
		"'$(TargetFramework)' != 'net8.0'":                                          triFalse,
		"'$(Empty)' == ''":                                                          triTrue,
		"'$(Configuration)|$(Platform)' == 'Release|AnyCPU'":                        triFalse, // Platform is not in this map
		"'$(Configuration)' == 'Release' and '$(Empty)' == ''":                      triTrue,
		"('$(Configuration)' == 'Debug') or ('a' == 'a')":                           triTrue,
		"$([MSBuild]::IsOSPlatform('Windows'))":                                     triUnknown,
		"!$([MSBuild]::IsOSPlatform('Windows')) and false":                          triFalse,
		"$([MSBuild]::IsTargetFrameworkCompatible('$(TargetFramework)', 'net9.0'))": triFalse,
		"$([MSBuild]::IsTargetFrameworkCompatible('net10.0', 'net9.0'))":            triTrue,
		"$([MSBuild]::VersionGreaterThanOrEquals('8.0', '6.0'))":                    triTrue,
		"'$(TargetFramework)' >= 'net6.0'":                                          triUnknown,
		"true":                                                                      triTrue,
		"'a' == ":                                                                   triUnknown,
	} {
		if got := x.condition(cond); got != want {
			t.Errorf("%s = %v, want %v", cond, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`<Project><ItemGroup><PackageReference Include="A" Version="1.0" /></ItemGroup></Project>`))
	f.Add([]byte("\xEF\xBB\xBF<Project>\r\n<PropertyGroup><V>1</V></PropertyGroup>\r\n</Project>"))
	f.Add([]byte(`<Project><ItemGroup><PackageReference Include="A" Include="B" Version="1.0" /></ItemGroup></Project>`))
	f.Add(extracttest.UTF16("<?xml version=\"1.0\" encoding=\"utf-16\"?><Project><PropertyGroup><V>1</V></PropertyGroup></Project>", true))
	f.Add([]byte(bomb(3)))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("f.csproj", data)
		if err != nil {
			if doc != nil {
				t.Fatal("document and error")
			}
			var e *extract.Error
			if !errors.As(err, &e) {
				t.Fatalf("unlocated error %v", err)
			}
			return
		}
		// Offsets refer to doc.Data: the file as read, or for UTF-16 its
		// UTF-8 decoding (which may be longer than the input).
		text := doc.Data
		var walk func(e *Element)
		walk = func(e *Element) {
			if e.Start < 0 || e.End > int64(len(text)) || e.Start > e.End {
				t.Fatalf("element %s offsets %d..%d out of %d", e.Name, e.Start, e.End, len(text))
			}
			for _, a := range e.Attrs {
				if a.ValueStart > a.ValueEnd || a.ValueEnd > int64(len(text)) {
					t.Fatalf("attribute %s offsets", a.Name)
				}
			}
			for _, c := range e.Children {
				walk(c)
			}
		}
		walk(doc.Root)
		if _, err := Evaluate("f.csproj", single{doc}); err != nil {
			return
		}
	})
}

type single struct{ doc *Document }

func (s single) Load(p string) (*Document, error) {
	if p == s.doc.File {
		return s.doc, nil
	}
	return nil, fs.ErrNotExist
}
func (s single) Exists(p string) bool { return p == s.doc.File }
