package msbuild

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/extracttest"
)

// msbuildFile selects the MSBuild files of the corpus.
func msbuildFile(rel string) bool {
	switch strings.ToLower(path.Ext(rel)) {
	case ".csproj", ".fsproj", ".vbproj", ".props", ".targets", ".shproj":
		return true
	}
	return false
}

// sameParse parses data with both paths and reports whether the fast
// path took it, failing t if it took it and disagrees with parseXML.
func sameParse(t *testing.T, name string, data []byte) bool {
	t.Helper()
	data, utf16, err := extract.DecodeUTF16(name, data)
	if err != nil {
		return false
	}
	fast := parseFast(name, data, utf16)
	if fast == nil {
		return false
	}
	slow, err := parseXML(name, data, utf16)
	if err != nil {
		t.Errorf("%s: the fast path read what encoding/xml rejects: %v", name, err)
		return true
	}
	if d := cmp.Diff(slow, fast, cmp.AllowUnexported(Document{})); d != "" {
		t.Errorf("%s: (-encoding/xml +fast)\n%s", name, d)
	}
	return true
}

// TestFastParseCorpus holds the fast path to encoding/xml on every
// MSBuild file of the corpus and requires it to take nearly all of them.
func TestFastParseCorpus(t *testing.T) {
	root := extracttest.Corpus(t)
	files := extracttest.Glob(t, msbuildFile)
	fast := 0
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		if sameParse(t, rel, data) {
			fast++
		} else {
			t.Logf("encoding/xml reads %s", rel)
		}
	}
	t.Logf("the fast path read %d of %d files", fast, len(files))
	if fast < len(files)*9/10 {
		t.Errorf("the fast path read only %d of %d files", fast, len(files))
	}
}

// TestFastParse: what the fast path reads, it reads as encoding/xml does;
// what it leaves, parseXML reads (or rejects).
func TestFastParse(t *testing.T) {
	for _, in := range fastSeeds {
		if !sameParse(t, in, []byte(in)) {
			t.Errorf("left to encoding/xml: %q", in)
		}
	}
	for _, in := range []string{
		"<Project><![CDATA[x</Project>",
		`<!DOCTYPE Project><Project/>`,
		`<Project xmlns:x="u"><x:A/></Project>`,
		`<Projéct/>`,
		`<?xml version="1.1"?><Project/>`,
		`<Project><!-- a -- b --></Project>`,
		`<Project><A>&nbsp;</A></Project>`,
		`<Project><A>&#0;</A></Project>`,
		`<Project><A>&#X41;</A></Project>`,
		`<Project><A>&#x110000;</A></Project>`,
		`<Project><A>&#18446744073709551681;</A></Project>`,
		`<?xml encoding="version='2.0'" version="1.0"?><Project/>`,
		`<Project> <A/> </Project>]]>`,
		`<Project><A>a]]>b</A></Project>`,
		`<Project><A B="1" b="2"/></Project>`,
		`<Project><A B=1/></Project>`,
		`<Project><A B="<"/></Project>`,
		"<Project><A>\x01</A></Project>",
		"<Project><A>\xff</A></Project>",
		`<Project></project>`,
		`<Project/><Project/>`,
		`<Project>`,
		``,
		strings.Repeat("<A>", maxDepth+1) + strings.Repeat("</A>", maxDepth+1),
	} {
		if sameParse(t, in, []byte(in)) {
			t.Errorf("read by the fast path: %q", in)
		}
	}
}

// fastSeeds are inputs the fast path reads: the XML of project files.
var fastSeeds = []string{
	"<Project/>",
	"\xEF\xBB\xBF<Project>\r\n  <PropertyGroup>\r\n    <V>1\r\n2\r3</V>\r\n  </PropertyGroup>\r\n</Project>\r\n",
	`<?xml version="1.0" encoding="utf-8"?>` + "\n<Project Sdk=\"Microsoft.NET.Sdk\" />",
	`<?xml version='1.0' encoding='UTF-8' standalone="yes" ?><Project/>`,
	`<?xml version="1.0" encoding="utf-16"?><Project/>`,
	`<?xml encoding="Windows-1252"?> <Project></Project>`,
	`<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003" ToolsVersion="15.0"></Project>`,
	`<Project><A B = 'it"s' C="it's"	D="&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#xd800;&#13;&#x0A;" /></Project>`,
	"<Project><A B=\"x\r\ny\rz\n\tw\"/></Project>",
	`<Project><A x="1"y="2"></A ></Project>`,
	`<Project><A>a&amp;b</A><B> &#x1F600; </B><C>&lt;tag&gt;</C></Project>`,
	`<Project><A> a <!-- b --> c </A><B><!-- b --></B><C><?pi x?>d</C></Project>`,
	"<Project><A><![CDATA[a<b>&amp;\r\n]]]]><![CDATA[>]]></A><B><![CDATA[]]></B></Project>",
	`<Project><!----><A><B><C>x</C></B> tail </A><!-- - --></Project>`,
	"<!-- before --> <?pi?>\n<Project>text ]] > </Project>\n<!-- after -->\n",
	`<Project><A Condition="'$(TargetFramework)' == 'net8.0'">$(TargetFramework)</A></Project>`,
	"<Project><A>\u00a0x\u0085</A><B>\u2028</B><C>\uFFFD\U0010FFFF</C></Project>",
	"<Project><A B=\"\xc3\xa9\"/><!-- \xff --><?pi \xff?></Project>",
	"<Project>\n  <ItemGroup>\n    <PackageReference Include=\"A\" Version=\"1.0\" />\n    <PackageReference Include=\"B\">\n      <Version>2.0</Version>\n    </PackageReference>\n  </ItemGroup>\n</Project>\n",
	"\t\r\n<_a.b-c_1><A_/></_a.b-c_1>",
	"<?xml-stylesheet href=\"a\"?><?XML version=\"2\"?><Project><![CDATA[x]]]></Project>x",
	"\xEF\xBB\xBF\uFEFF<?xml?><P>\r<!---->\n<A>]]&gt;</A><B>&#00000000000000000000065;&#x10FFFF;</B><C><?a b?c?>y<?b?></C></P\r\n>",
}

func FuzzFastParse(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	f.Add(extracttest.UTF16(fastSeeds[2], true))
	f.Add([]byte(generatedProject(3)))
	extracttest.AddSeeds(f, msbuildFile)
	f.Fuzz(func(t *testing.T, data []byte) {
		sameParse(t, "f.csproj", data)
	})
}

// generatedProject returns a project of the shape of the 800 of the
// benchmark tree of the issue, with n package references.
func generatedProject(n int) string {
	var b strings.Builder
	b.WriteString("<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n\n  <PropertyGroup>\n    <TargetFrameworks>net6.0;net8.0</TargetFrameworks>\n  </PropertyGroup>\n\n  <ItemGroup>\n")
	for i := range n {
		fmt.Fprintf(&b, "    <PackageReference Include=\"Gen.Pkg%d\" Version=\"%d.%d.%d\" />\n", 1280+i, 7, i%10, 19+i)
	}
	b.WriteString("  </ItemGroup>\n\n</Project>\n")
	return b.String()
}

// BenchmarkParse compares Parse, which takes the fast path, with
// encoding/xml's parseXML on a generated project and on corpus files: a
// small CRLF project and a 30 KB one of the old format.
func BenchmarkParse(b *testing.B) {
	bench := func(b *testing.B, data []byte) {
		if parseFast("p.csproj", data, false) == nil {
			b.Fatal("not read by the fast path")
		}
		for _, path := range []struct {
			name  string
			parse func(string, []byte) (*Document, error)
		}{
			{"fast", Parse},
			{"encoding-xml", func(file string, data []byte) (*Document, error) { return parseXML(file, data, false) }},
		} {
			b.Run(path.name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := path.parse("p.csproj", data); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
	b.Run("generated", func(b *testing.B) { bench(b, []byte(generatedProject(25))) })
	b.Run("corpus", func(b *testing.B) {
		bench(b, extracttest.ReadFile(b, "depsjson-mailmanager-1/MailManager.Web/MailManager.Web.csproj"))
	})
	b.Run("corpus-large", func(b *testing.B) {
		bench(b, extracttest.ReadFile(b, "pkgconfig-ProjectRattlesnake-1/WebApp/WebApp.csproj"))
	})
}
