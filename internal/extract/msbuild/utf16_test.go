package msbuild

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
)

// TestUTF16: project and props files saved as UTF-16 (either byte order,
// with the byte order mark and the encoding="utf-16" declaration Visual
// Studio writes) are read, with positions in characters as for UTF-8
// (issue 10 point 9).
func TestUTF16(t *testing.T) {
	props := "<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<Project>\r\n  <PropertyGroup>\r\n    <V>1.1.0</V>\r\n  </PropertyGroup>\r\n</Project>\r\n"
	proj := "<?xml version=\"1.0\" encoding=\"utf-16\"?>\r\n<Project Sdk=\"Microsoft.NET.Sdk\">\r\n  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\r\n" +
		"  <ItemGroup>\r\n    <PackageReference Include=\"Ünïcode.Package\" Version=\"$(V)\" />\r\n    <PackageReference Include=\"B\" Version=\"2.0.0\" />\r\n  </ItemGroup>\r\n</Project>\r\n"
	for _, be := range []bool{false, true} {
		fs := fstest.MapFS{
			"Directory.Build.props": {Data: extracttest.UTF16(props, be)},
			"App.csproj":            {Data: extracttest.UTF16(proj, !be)},
		}
		p, err := Evaluate("App.csproj", mapLoader{fs})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range p.References {
			got = append(got, r.Name+" "+r.Version+" "+r.VersionAt.File+":"+itoa(r.VersionAt.Line)+":"+itoa(r.VersionAt.Col))
		}
		want := "Ünïcode.Package 1.1.0 Directory.Build.props:4:8|B 2.0.0 App.csproj:6:44"
		if strings.Join(got, "|") != want {
			t.Errorf("big-endian props %v: got %q\nwant %q", be, strings.Join(got, "|"), want)
		}
		doc, err := Parse("App.csproj", extracttest.UTF16(proj, be))
		if err != nil {
			t.Fatal(err)
		}
		if !doc.UTF16 {
			t.Error("UTF16 not set")
		}
	}
	// An odd number of bytes is a located error, not a crash.
	_, err := Parse("bad.csproj", append(extracttest.UTF16("<Project/>", false), 'x'))
	var e *extract.Error
	if !errors.As(err, &e) {
		t.Errorf("error %v, want a located error", err)
	}
}
