package inventory

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

const valid = `{"schema_version": 1, "source": "ci:web", "projects": [
 {"path": "src/Web/Web.csproj", "targets": [{"framework": "netcoreapp1.1", "source": "src/Web/obj/project.assets.json",
  "nodes": [{"name": "Microsoft.AspNetCore.Mvc", "version": "1.1.0", "direct": true},
            {"name": "Microsoft.AspNetCore.Mvc.Core", "version": "1.1.0"}],
  "edges": [[0, 1]]}]}]}`

const validHosts = `{"schema_version": 1, "source": "dc1", "hosts": [
 {"file": "srv01/systeminfo.txt", "line": 2, "format": "systeminfo", "encoding": "UTF-8", "name": "SRV01",
  "os": {"name": "Microsoft Windows Server 2012 R2 Standard", "version": "6.3.9600", "build": 9600, "arch": "x64"},
  "has_updates": true, "updates": [{"id": "KB3109853", "kb": 3109853, "line": 40, "column": 33}], "claimed": 1},
 {"file": "srv01/qfe.txt", "format": "wmic-qfe", "encoding": "UTF-16LE", "has_updates": true, "updates": [{"id": "File 1"}]}]}`

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
		{"host without file", `{"schema_version": 1, "source": "x", "hosts": [{"format": "systeminfo", "name": "A"}]}`, "/hosts/0/file", 0, 0},
		{"host without format", `{"schema_version": 1, "source": "x", "hosts": [{"file": "a.txt", "name": "A"}]}`, "/hosts/0/format", 0, 0},
		{"host of nothing", `{"schema_version": 1, "source": "x", "hosts": [{"file": "a.txt", "format": "wmic-qfe"}]}`, "/hosts/0/name", 0, 0},
		{"updates without has_updates", `{"schema_version": 1, "source": "x", "hosts": [{"file": "a.txt", "format": "wmic-qfe", "name": "A", "updates": [{"id": "KB1"}]}]}`, "/hosts/0/has_updates", 0, 0},
		{"update without id", `{"schema_version": 1, "source": "x", "hosts": [{"file": "a.txt", "format": "wmic-qfe", "has_updates": true, "updates": [{"kb": 5}]}]}`, "/hosts/0/updates/0/id", 0, 0},
		{"negative kb", `{"schema_version": 1, "source": "x", "hosts": [{"file": "a.txt", "format": "wmic-qfe", "has_updates": true, "updates": [{"id": "KB1", "kb": -1}]}]}`, "/hosts/0/updates/0/kb", 0, 0},
		{"negative build", `{"schema_version": 1, "source": "x", "hosts": [{"file": "a.txt", "format": "systeminfo", "os": {"name": "W", "build": -2}}]}`, "/hosts/0/os/build", 0, 0},
		{"endpoint not an object", `{"schema_version": 1, "source": "x", "endpoints": [[1]]}`, "/endpoints/0", 0, 0},
		{"endpoint without target", `{"schema_version": 1, "source": "x", "endpoints": [{"address": "127.0.0.1:443"}]}`, "/endpoints/0/target", 0, 0},
		{"endpoint twice", `{"schema_version": 1, "source": "x", "endpoints": [{"target": "a:443"}, {"target": "a:443"}]}`, "/endpoints/1/target", 0, 0},
		{"host type", "{\"schema_version\": 1, \"source\": \"x\",\n \"hosts\": [{\"file\": 3}]}", "/hosts/file", 2, 21},
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
	_, err = Decode([]byte(validHosts), Limits{Hosts: 1, Updates: 10})
	if !errors.As(err, &de) || de.Pointer != "/hosts" {
		t.Errorf("over the host limit: %v", err)
	}
	_, err = Decode([]byte(`{"schema_version": 1, "source": "x", "endpoints": [{"target": "a"}, {"target": "b"}]}`), Limits{Endpoints: 1})
	if !errors.As(err, &de) || de.Pointer != "/endpoints" {
		t.Errorf("over the endpoint limit: %v", err)
	}
	_, err = Decode([]byte(validHosts), Limits{Hosts: 10, Updates: 0})
	if !errors.As(err, &de) || de.Pointer != "/hosts/0/updates" {
		t.Errorf("over the update limit: %v", err)
	}
}

func TestDecodeHosts(t *testing.T) {
	doc, err := Decode([]byte(validHosts), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	want := []Host{
		{File: "srv01/systeminfo.txt", Line: 2, Format: "systeminfo", Encoding: "UTF-8", Name: "SRV01",
			OS:         &HostOS{Name: "Microsoft Windows Server 2012 R2 Standard", Version: "6.3.9600", Build: 9600, Arch: "x64"},
			HasUpdates: true, Updates: []HostUpdate{{ID: "KB3109853", KB: 3109853, Line: 40, Column: 33}}, Claimed: 1},
		{File: "srv01/qfe.txt", Format: "wmic-qfe", Encoding: "UTF-16LE", HasUpdates: true, Updates: []HostUpdate{{ID: "File 1"}}},
	}
	if d := cmp.Diff(want, doc.Hosts); d != "" || doc.Projects != nil {
		t.Errorf("hosts (-want +got)\n%s", d)
	}
}

// FuzzDecode: Decode never panics; what it accepts encodes and decodes
// to the same document.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte(validHosts))
	f.Add([]byte(`{"schema_version": 1, "source": "lab", "endpoints": [{"target": "127.0.0.1:8443", "versions": {"supported": ["TLS 1.2"]},
		"verdict": {"status": "exposed"}, "error": null}]}`))
	seeds, _ := filepath.Glob("testdata/*.json")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{Projects: 100, Nodes: 100, Edges: 1000, Hosts: 100, Updates: 1000}
		doc, err := Decode(data, lim)
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
		back, err := Decode(enc, lim)
		if err != nil {
			t.Fatalf("re-decoding: %v", err)
		}
		if d := cmp.Diff(doc, back, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("round trip (-first +second)\n%s", d)
		}
	})
}

// FuzzTargetBinary: the binary form never panics its reader, and what it
// reads, written again, reads back equal.
func FuzzTargetBinary(f *testing.F) {
	doc, err := Decode([]byte(valid), DefaultLimits)
	if err != nil {
		f.Fatal(err)
	}
	t0 := doc.Projects[0].Targets[0]
	t0.Nodes[0].DeclaredAt = &Location{File: "Web.csproj", Line: 3, Column: 5}
	t0.Nodes[1].Range, t0.Nodes[1].PURL, t0.Nodes[1].Unresolved = "[1.1.0, )", "pkg:nuget/Microsoft.AspNetCore.Mvc.Core@1.1.0", true
	f.Add(t0.AppendBinary(nil))
	f.Add([]byte{binVersion, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var d TargetDecoder
		var tg Target
		if err := d.Decode(data, &tg); err != nil || data[0] == '{' {
			return
		}
		var back Target
		if err := d.Decode(tg.AppendBinary(nil), &back); err != nil {
			t.Fatalf("reading what was written: %v", err)
		}
		if diff := cmp.Diff(tg, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip (-first +second)\n%s", diff)
		}
	})
}
