package edit

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/extract/msbuild"
)

// seeds adds the files of the repository's examples and of testdata.
func seeds(f *testing.F, match func(name string) bool) {
	for _, root := range []string{"../../examples", "testdata"} {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !match(d.Name()) {
				return nil
			}
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
			return nil
		})
	}
}

// checkOutside checks that got is old with only the edits' spans
// replaced: every byte outside them is where it was.
func checkOutside(t *testing.T, old, got []byte, edits []Edit) {
	t.Helper()
	es := append([]Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Start < es[j].Start })
	pos, out := 0, 0
	for _, e := range es {
		seg := old[pos:e.Start]
		if !bytes.Equal(got[out:out+len(seg)], seg) {
			t.Fatalf("bytes %d..%d changed outside the edits", pos, e.Start)
		}
		out += len(seg) + len(e.New)
		pos = e.End
	}
	if !bytes.Equal(got[out:], old[pos:]) {
		t.Fatalf("the tail from %d changed", pos)
	}
}

// FuzzXML: parse → write without edits gives the same bytes; setting every
// attribute value and inserting a first and a last child give a document
// that parses and shows the new values, with every other byte kept.
func FuzzXML(f *testing.F) {
	seeds(f, func(n string) bool {
		return strings.HasSuffix(n, "proj") || strings.HasSuffix(n, ".props") || n == "packages.config"
	})
	f.Add([]byte("\uFEFF<Project>\r\n  <ItemGroup />\r\n</Project>"))
	f.Add([]byte("<P><I><!-- c\n --><A V='1'/></I></P>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := ParseXML("f", data)
		if err != nil {
			return
		}
		same, err := x.Bytes()
		if err != nil || !bytes.Equal(same, data) {
			t.Fatalf("no-edit round trip changed the file: %v", err)
		}

		// Set every quoted attribute value.
		var attrs []string
		var walk func(e *msbuild.Element)
		walk = func(e *msbuild.Element) {
			for _, a := range e.Attrs {
				if a.Quote != 0 && a.ValueEnd >= a.ValueStart {
					x.SetAttr(a, "9.9.9-fuzz")
					attrs = append(attrs, e.Name+"@"+a.Name)
				}
			}
			for _, c := range e.Children {
				walk(c)
			}
		}
		walk(x.Doc.Root)
		got, err := x.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		checkOutside(t, data, got, x.Edits())
		doc, err := msbuild.Parse("f", got)
		if err != nil {
			t.Fatalf("edited document does not parse: %v\n%q", err, got)
		}
		var seen []string
		walk = func(e *msbuild.Element) {
			for _, a := range e.Attrs {
				if a.Quote != 0 {
					if a.Value != "9.9.9-fuzz" {
						t.Fatalf("%s@%s = %q after the edit", e.Name, a.Name, a.Value)
					}
					seen = append(seen, e.Name+"@"+a.Name)
				}
			}
			for _, c := range e.Children {
				walk(c)
			}
		}
		walk(doc.Root)
		if strings.Join(seen, " ") != strings.Join(attrs, " ") {
			t.Fatalf("attributes %v became %v", attrs, seen)
		}

		// Insert a first and a last child into the root and into its
		// first child.
		for _, parent := range []func(*msbuild.Document) *msbuild.Element{
			func(d *msbuild.Document) *msbuild.Element { return d.Root },
			func(d *msbuild.Document) *msbuild.Element {
				if len(d.Root.Children) > 0 {
					return d.Root.Children[0]
				}
				return nil
			},
		} {
			x := NewXML(x.Doc)
			p := parent(x.Doc)
			if p == nil {
				continue
			}
			n := len(p.Children)
			x.Insert(p, 0, Element{Name: "First", Attrs: []Attribute{{"Include", "a<&\"'b"}}, Comment: "affected: pinned for X--Y"})
			x.Insert(p, n, Element{Name: "Last", Children: []Element{{Name: "Version", Text: "1.0&"}}})
			got, err := x.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			checkOutside(t, data, got, x.Edits())
			doc, err := msbuild.Parse("f", got)
			if err != nil {
				t.Fatalf("document with insertions does not parse: %v\n%q", err, got)
			}
			q := parent(doc)
			if q == nil || len(q.Children) != n+2 {
				t.Fatalf("parent has %d children after inserting 2 into %d\n%q", len(q.Children), n, got)
			}
			if a, _ := q.Children[0].Attr("Include"); q.Children[0].Name != "First" || a.Value != "a<&\"'b" {
				t.Fatalf("first child %s %q\n%q", q.Children[0].Name, a.Value, got)
			}
			last := q.Children[n+1]
			if last.Name != "Last" || last.Child("Version") == nil || last.Child("Version").Text != "1.0&" {
				t.Fatalf("last child %s\n%q", last.Name, got)
			}
			pins := FindXMLPins(doc)
			found := false
			for _, p := range pins {
				found = found || p.Package == "a<&\"'b"
			}
			if !found {
				t.Fatalf("the pin marker is not found again: %+v\n%q", pins, got)
			}
		}
	})
}

// FuzzJSON: parse → write without edits gives the same bytes; setting
// every member's string value and inserting a first member give a
// document that parses and shows them, with every other byte kept.
func FuzzJSON(f *testing.F) {
	seeds(f, func(n string) bool { return strings.HasSuffix(n, ".json") })
	f.Add([]byte("\uFEFF{\r\n  // c\r\n  \"dependencies\": { /* x\n */ \"A\": \"1.0\", },\r\n}"))
	f.Add([]byte(`{"dependencies":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := ParseJSON(data)
		if err != nil {
			return
		}
		same, err := j.Bytes()
		if err != nil || !bytes.Equal(same, data) {
			t.Fatalf("no-edit round trip changed the file: %v", err)
		}
		if Object(&j.Root) == nil {
			return
		}
		// Set every string member value of the top-level object and of
		// the objects directly inside it.
		var idx []int
		root := Object(&j.Root)
		for i := range root.Members {
			if _, ok := StringOf(&root.Members[i].Value); ok {
				j.SetString(&root.Members[i].Value, "9.9.9")
				idx = append(idx, i)
			}
		}
		deps := Member(&j.Root, "dependencies")
		if Object(deps) != nil {
			j.InsertMember(deps, "New.Pin", StringValue("1.2.3"), "affected: pinned for X */ //")
		} else if deps == nil {
			j.InsertMember(&j.Root, "dependencies", ObjectValue(NewMember{"New.Pin", "1.2.3", "affected: pinned for X"}, NewMember{Name: "Second", Value: "2"}), "")
		}
		got, err := j.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		checkOutside(t, data, got, j.Edits())
		k, err := ParseJSON(got)
		if err != nil {
			t.Fatalf("edited document does not parse: %v\n%q", err, got)
		}
		kr := Object(&k.Root)
		shift := 0
		if deps == nil {
			shift = 1 // the new "dependencies" member comes first
		}
		for _, i := range idx {
			if s, ok := StringOf(&kr.Members[i+shift].Value); !ok || s != "9.9.9" {
				t.Fatalf("member %d = %q after the edit\n%q", i, s, got)
			}
		}
		if deps == nil || Object(deps) != nil {
			kd := Object(Member(&k.Root, "dependencies"))
			if kd == nil || len(kd.Members) == 0 {
				t.Fatalf("no dependencies after the insertion\n%q", got)
			}
			if n, _ := StringOf(&kd.Members[0].Name); n != "New.Pin" {
				t.Fatalf("first dependency %q\n%q", n, got)
			}
			if v, _ := StringOf(&kd.Members[0].Value); v != "1.2.3" {
				t.Fatalf("pin version %q\n%q", v, got)
			}
			pins, err := FindJSONPins("f", got)
			if err != nil || len(pins) == 0 || pins[0].Package != "New.Pin" {
				t.Fatalf("the pin marker is not found again: %+v %v\n%q", pins, err, got)
			}
		}
	})
}
