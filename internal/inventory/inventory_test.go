package inventory

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

const valid = `{"schema_version": 1, "source": "ci:web", "projects": [
 {"path": "src/Web/Web.csproj", "targets": [{"framework": "netcoreapp1.1", "source": "src/Web/obj/project.assets.json",
  "nodes": [{"name": "Microsoft.AspNetCore.Mvc", "version": "1.1.0", "direct": true},
            {"name": "Microsoft.AspNetCore.Mvc.Core", "version": "1.1.0"}],
  "edges": [[0, 1]]}]}]}`

func TestDecode(t *testing.T) {
	doc, err := Decode([]byte(valid), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Source != "ci:web" || len(doc.Projects) != 1 || len(doc.Projects[0].Targets[0].Edges) != 1 {
		t.Errorf("decoded %+v", doc)
	}
}

// TestDecodeErrors: each bad document is refused with a pointer to the
// value at fault (and line and column for syntax and type errors), in
// every language.
func TestDecodeErrors(t *testing.T) {
	for _, c := range []struct {
		name, doc, pointer string
		line, col          int
	}{
		{"syntax", "{\n \"schema_version\": 1,\n \"source\": \"x\" \"projects\": []}", "", 3, 16},
		{"type", "{\"schema_version\": 1, \"source\": \"x\",\n \"projects\": [{\"path\": 7}]}", "/projects/path", 2, 24},
		{"no version", `{"source": "x", "projects": []}`, "/schema_version", 0, 0},
		{"future version", `{"schema_version": 9, "source": "x", "projects": []}`, "/schema_version", 0, 0},
		{"no source", `{"schema_version": 1, "source": " ", "projects": []}`, "/source", 0, 0},
		{"no path", `{"schema_version": 1, "source": "x", "projects": [{"targets": []}]}`, "/projects/0/path", 0, 0},
		{"duplicate project", `{"schema_version": 1, "source": "x", "projects": [{"path": "a"}, {"path": "a"}]}`, "/projects/1/path", 0, 0},
		{"duplicate framework", `{"schema_version": 1, "source": "x", "projects": [{"path": "a", "targets": [{"framework": "net8.0"}, {"framework": "NET8.0"}]}]}`, "/projects/0/targets/1/framework", 0, 0},
		{"edge", `{"schema_version": 1, "source": "x", "projects": [{"path": "a", "targets": [{"nodes": [{"name": "A"}], "edges": [[0, 1]]}]}]}`, "/projects/0/targets/0/edges/0/1", 0, 0},
		{"negative edge", `{"schema_version": 1, "source": "x", "projects": [{"path": "a", "targets": [{"nodes": [{"name": "A"}], "edges": [[-1, 0]]}]}]}`, "/projects/0/targets/0/edges/0/0", 0, 0},
		{"unnamed node", `{"schema_version": 1, "source": "x", "projects": [{"path": "a", "targets": [{"nodes": [{"version": "1.0"}]}]}]}`, "/projects/0/targets/0/nodes/0/name", 0, 0},
		{"duplicate node", `{"schema_version": 1, "source": "x", "projects": [{"path": "a", "targets": [{"nodes": [{"name": "A"}, {"name": "a"}]}]}]}`, "/projects/0/targets/0/nodes/1/name", 0, 0},
		{"kind", `{"schema_version": 1, "source": "x", "projects": [{"path": "a", "targets": [{"nodes": [{"name": "A", "kind": "dll"}]}]}]}`, "/projects/0/targets/0/nodes/0/kind", 0, 0},
		{"truncated", `{"schema_version": 1, "source": "x", "proj`, "", 1, 43},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := Decode([]byte(c.doc), DefaultLimits)
			var de *DecodeError
			if !errors.As(err, &de) || doc != nil {
				t.Fatalf("got %v, %v; want a DecodeError", doc, err)
			}
			if de.Pointer != c.pointer || de.Line != c.line || de.Column != c.col {
				t.Errorf("at %q %d:%d, want %q %d:%d (%v)", de.Pointer, de.Line, de.Column, c.pointer, c.line, c.col, err)
			}
			for _, l := range i18n.Langs() {
				if de.Text(l) == "" {
					t.Errorf("no %s text", l)
				}
			}
		})
	}
}

func TestLimits(t *testing.T) {
	_, err := Decode([]byte(valid), Limits{Projects: 10, Nodes: 1, Edges: 10})
	var de *DecodeError
	if !errors.As(err, &de) || de.Pointer != "/projects/0/targets/0/nodes" {
		t.Errorf("a target over the node limit: %v", err)
	}
}

// FuzzDecode: Decode never panics; what it accepts encodes and decodes
// to the same document.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(valid))
	seeds, _ := filepath.Glob("testdata/*.json")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Decode(data, Limits{Projects: 100, Nodes: 100, Edges: 1000})
		if err != nil {
			if doc != nil {
				t.Fatal("a document and an error")
			}
			return
		}
		enc, err := Encode(doc)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(enc, Limits{Projects: 100, Nodes: 100, Edges: 1000})
		if err != nil {
			t.Fatalf("re-decoding: %v", err)
		}
		if d := cmp.Diff(doc, back); d != "" {
			t.Fatalf("round trip (-first +second)\n%s", d)
		}
	})
}
