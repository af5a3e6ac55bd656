package edit

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract/msbuild"
)

// find returns the first element named name (depth first) whose Include
// is include ("" for any).
func find(e *msbuild.Element, name, include string) *msbuild.Element {
	if strings.EqualFold(e.Name, name) {
		if a, ok := e.Attr("Include"); include == "" || ok && a.Value == include {
			return e
		}
	}
	for _, c := range e.Children {
		if r := find(c, name, include); r != nil {
			return r
		}
	}
	return nil
}

var pin = Element{
	Name:    "PackageReference",
	Attrs:   []Attribute{{"Include", "Microsoft.AspNetCore.Mvc.Core"}, {"Version", "1.1.1"}},
	Comment: "affected: pinned for MSA-4010983",
}

func TestXMLEdits(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in, want string
		edit     func(t *testing.T, x *XML)
	}{{
		name: "attribute, single quotes kept",
		in:   "<Project>\n  <ItemGroup>\n    <PackageReference Version='1.1.0' Include='A'/>\n  </ItemGroup>\n</Project>",
		want: "<Project>\n  <ItemGroup>\n    <PackageReference Version='1.1.1' Include='A'/>\n  </ItemGroup>\n</Project>",
		edit: func(t *testing.T, x *XML) {
			a, _ := find(x.Doc.Root, "PackageReference", "").Attr("Version")
			x.SetAttr(a, "1.1.1")
		},
	}, {
		name: "element text, white space kept",
		in:   "\uFEFF<Project>\r\n  <ItemGroup>\r\n    <PackageReference Include=\"A\">\r\n      <Version>  1.1.0 </Version>\r\n    </PackageReference>\r\n  </ItemGroup>\r\n</Project>\r\n",
		want: "\uFEFF<Project>\r\n  <ItemGroup>\r\n    <PackageReference Include=\"A\">\r\n      <Version>  1.1.1 </Version>\r\n    </PackageReference>\r\n  </ItemGroup>\r\n</Project>\r\n",
		edit: func(t *testing.T, x *XML) {
			if _, err := x.SetText(find(x.Doc.Root, "Version", ""), "1.1.1"); err != nil {
				t.Fatal(err)
			}
		},
	}, {
		name: "element text after a comment",
		in:   "<Project><PropertyGroup><V><!-- why -->1.1.0</V></PropertyGroup></Project>",
		want: "<Project><PropertyGroup><V><!-- why -->1.1.1</V></PropertyGroup></Project>",
		edit: func(t *testing.T, x *XML) {
			if _, err := x.SetText(find(x.Doc.Root, "V", ""), "1.1.1"); err != nil {
				t.Fatal(err)
			}
		},
	}, {
		name: "insert first, CRLF and BOM, comment stays with its element",
		in: "\uFEFF<Project Sdk=\"Microsoft.NET.Sdk\">\r\n\r\n  <ItemGroup>\r\n    <!-- Only the MVC core services. -->\r\n" +
			"    <PackageReference Include=\"A\" Version=\"1.0\"/>\r\n  </ItemGroup>\r\n\r\n</Project>",
		want: "\uFEFF<Project Sdk=\"Microsoft.NET.Sdk\">\r\n\r\n  <ItemGroup>\r\n" +
			"    <!-- affected: pinned for MSA-4010983 -->\r\n    <PackageReference Include=\"Microsoft.AspNetCore.Mvc.Core\" Version=\"1.1.1\"/>\r\n" +
			"    <!-- Only the MVC core services. -->\r\n" +
			"    <PackageReference Include=\"A\" Version=\"1.0\"/>\r\n  </ItemGroup>\r\n\r\n</Project>",
		edit: func(t *testing.T, x *XML) { x.Insert(find(x.Doc.Root, "ItemGroup", ""), 0, pin) },
	}, {
		name: "insert first, tabs, single quotes, space before />",
		in:   "<Project>\n\t<ItemGroup>\n\t\t<PackageReference Include='A' Version='1.0' />\n\t</ItemGroup>\n</Project>\n",
		want: "<Project>\n\t<ItemGroup>\n\t\t<!-- affected: pinned for MSA-4010983 -->\n\t\t<PackageReference Include='Microsoft.AspNetCore.Mvc.Core' Version='1.1.1' />\n\t\t<PackageReference Include='A' Version='1.0' />\n\t</ItemGroup>\n</Project>\n",
		edit: func(t *testing.T, x *XML) { x.Insert(find(x.Doc.Root, "ItemGroup", ""), 0, pin) },
	}, {
		name: "insert with a Version child element",
		in:   "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"A\">\n      <Version>1.0</Version>\n    </PackageReference>\n  </ItemGroup>\n</Project>",
		want: "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"B\">\n      <Version>2.0</Version>\n    </PackageReference>\n    <PackageReference Include=\"A\">\n      <Version>1.0</Version>\n    </PackageReference>\n  </ItemGroup>\n</Project>",
		edit: func(t *testing.T, x *XML) {
			x.Insert(find(x.Doc.Root, "ItemGroup", ""), 0, Element{Name: "PackageReference", Attrs: []Attribute{{"Include", "B"}},
				Children: []Element{{Name: "Version", Text: "2.0"}}})
		},
	}, {
		name: "insert in the middle, blank lines between siblings kept",
		in:   "<Project>\n\n  <PropertyGroup />\n\n  <Import Project=\"x\" />\n\n</Project>",
		want: "<Project>\n\n  <PropertyGroup />\n\n  <ItemGroup>\n    <A />\n  </ItemGroup>\n\n  <Import Project=\"x\" />\n\n</Project>",
		edit: func(t *testing.T, x *XML) {
			x.Insert(x.Doc.Root, 1, Element{Name: "ItemGroup", Children: []Element{{Name: "A"}}})
		},
	}, {
		name: "append after the last child, trailing comment kept with it",
		in:   "<Project>\n  <PropertyGroup />\n  <ItemGroup /> <!-- mine -->\n</Project>",
		want: "<Project>\n  <PropertyGroup />\n  <ItemGroup /> <!-- mine -->\n  <ItemGroup>\n    <A />\n  </ItemGroup>\n</Project>",
		edit: func(t *testing.T, x *XML) {
			x.Insert(x.Doc.Root, 2, Element{Name: "ItemGroup", Children: []Element{{Name: "A"}}})
		},
	}, {
		name: "into an empty element",
		in:   "<Project>\n  <ItemGroup></ItemGroup>\n</Project>",
		want: "<Project>\n  <ItemGroup>\n    <A />\n  </ItemGroup>\n</Project>",
		edit: func(t *testing.T, x *XML) { x.Insert(find(x.Doc.Root, "ItemGroup", ""), 0, Element{Name: "A"}) },
	}, {
		name: "into an element with only white space",
		in:   "<Project>\n  <ItemGroup>\n  </ItemGroup>\n</Project>",
		want: "<Project>\n  <ItemGroup>\n    <A />\n  </ItemGroup>\n</Project>",
		edit: func(t *testing.T, x *XML) { x.Insert(find(x.Doc.Root, "ItemGroup", ""), 0, Element{Name: "A"}) },
	}, {
		name: "into a self-closing element",
		in:   "<Project>\r\n  <ItemGroup />\r\n</Project>",
		want: "<Project>\r\n  <ItemGroup>\r\n    <A />\r\n  </ItemGroup>\r\n</Project>",
		edit: func(t *testing.T, x *XML) { x.Insert(find(x.Doc.Root, "ItemGroup", ""), 0, Element{Name: "A"}) },
	}, {
		name: "inline parent",
		in:   "<Project><ItemGroup><B/></ItemGroup></Project>",
		want: "<Project><ItemGroup><!-- affected: pinned for X --> <A/><B/></ItemGroup></Project>",
		edit: func(t *testing.T, x *XML) {
			x.Insert(find(x.Doc.Root, "ItemGroup", ""), 0, Element{Name: "A", Comment: "affected: pinned for X"})
		},
	}, {
		name: "escaping",
		in:   "<Project><ItemGroup><B/></ItemGroup></Project>",
		want: "<Project><ItemGroup><A V=\"&lt;&amp;&quot;'\"/><B/></ItemGroup></Project>",
		edit: func(t *testing.T, x *XML) {
			x.Insert(find(x.Doc.Root, "ItemGroup", ""), 0, Element{Name: "A", Attrs: []Attribute{{"V", `<&"'`}}})
		},
	}, {
		name: "comment text cannot end the comment",
		in:   "<P>\n  <B/>\n</P>",
		want: "<P>\n  <!-- a- -b -->\n  <A/>\n  <B/>\n</P>",
		edit: func(t *testing.T, x *XML) { x.Insert(x.Doc.Root, 0, Element{Name: "A", Comment: "a--b-"}) },
	}} {
		t.Run(tc.name, func(t *testing.T) {
			x, err := ParseXML("f.csproj", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			tc.edit(t, x)
			got, err := x.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if _, err := msbuild.Parse("f.csproj", got); err != nil {
				t.Errorf("result does not parse: %v", err)
			}
		})
	}
}

func TestValueAt(t *testing.T) {
	in := "\uFEFF<Project>\n  <PropertyGroup>\n    <V>\n      1.0\n    </V>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"A\" Version=\"2.0\" />\n  </ItemGroup>\n</Project>"
	x, err := ParseXML("f", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		find, want string
		attr       bool
	}{{"1.0", "1.0", false}, {"2.0", "2.0", true}} {
		off := strings.Index(in, tc.find)
		v, ok := x.ValueAt(off)
		if !ok {
			t.Fatalf("nothing at %d", off)
		}
		if v.Text() != tc.want || (v.Attr != nil) != tc.attr {
			t.Errorf("at %d: %q attr=%v", off, v.Text(), v.Attr != nil)
		}
	}
	if _, ok := x.ValueAt(strings.Index(in, "Include")); ok {
		t.Error("found a value at an attribute name")
	}
	if e := x.ElementAt(strings.Index(in, "<PackageReference")); e == nil || e.Name != "PackageReference" {
		t.Errorf("ElementAt = %v", e)
	}
}

func TestOverlap(t *testing.T) {
	if _, err := Apply([]byte("abcdef"), []Edit{{1, 3, nil}, {2, 4, nil}}); err == nil {
		t.Error("overlapping edits applied")
	}
	got, err := Apply([]byte("abcdef"), []Edit{{4, 4, []byte("Y")}, {1, 2, []byte("B")}, {4, 4, []byte("Z")}, {4, 5, []byte("E")}})
	if err != nil || string(got) != "aBcdYZEf" {
		t.Errorf("got %q, %v", got, err)
	}
}

// TestInsertAtBlankLines: an element inserted after the last sibling,
// where blank lines separate the siblings and follow the last one, is an
// edit at the start of the line the diff shows as added (the fuzz crasher
// of FuzzPrepare, issue 10 point 10), not at the end of the sibling's
// line: the diff would show a blank line added that no edit touches.
func TestInsertAtBlankLines(t *testing.T) {
	for _, in := range []string{
		"<Project><ItemGroup></ItemGroup>\n\n<ItemGroup></ItemGroup>\n\n</Project>",
		"<Project><ItemGroup></ItemGroup>\r\n\r\n<ItemGroup></ItemGroup>\r\n\r\n</Project>",
	} {
		x, err := ParseXML("f", []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		i := x.Insert(x.Doc.Root, len(x.Doc.Root.Children), Element{Name: "ItemGroup"})
		e := x.Edits()[i]
		if want := strings.Index(in, "</Project>"); e.Start != want {
			t.Errorf("%q: insertion at %d, want %d (the start of the line of </Project>)", in, e.Start, want)
		}
		got, err := x.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		eol := "\n"
		if strings.Contains(in, "\r") {
			eol = "\r\n"
		}
		want := strings.Replace(in, "</Project>", "<ItemGroup />"+eol+eol+"</Project>", 1)
		if string(got) != want {
			t.Errorf("got %q\nwant %q", got, want)
		}
	}
}
