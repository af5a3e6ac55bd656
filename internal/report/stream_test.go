package report

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// encoded is what json.Encoder writes for v, the form writeJSON streams.
func encoded(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestStreamedJSON holds the streamed documents to json.Encoder's output,
// byte for byte: full, empty, with and without the fields that are
// omitted when empty, with characters HTML would escape.
func TestStreamedJSON(t *testing.T) {
	data, err := os.ReadFile("testdata/examples.json")
	if err != nil {
		t.Fatal(err)
	}
	full, err := ReadJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	warned := *full
	warned.Warnings = []string{"<a & b>", "é"}
	empty := &ScanDocument{}
	empty.Normalize()
	why := &WhyDocument{SchemaVersion: 1, Package: "A<*>", Results: []WhyResult{
		{Project: "p", Paths: [][]string{{"A@1", "B@2"}}, PathCount: 1 << 40},
		{Project: "q", Paths: [][]string{}, Unresolved: true, DeclaredRange: "[1.0, )"},
	}, Errors: []ErrorEntry{{File: "f", Line: 1, Column: 2, Message: "m"}}}
	noResults := &WhyDocument{SchemaVersion: 1, Results: []WhyResult{}, Errors: []ErrorEntry{}}
	for name, doc := range map[string]any{"full": full, "warnings": &warned, "empty": empty, "why": why, "why, none": noResults} {
		var b bytes.Buffer
		if err := writeJSON(&b, doc); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(encoded(t, doc), b.String()); d != "" {
			t.Errorf("%s: (-json.Encoder +streamed)\n%s", name, d)
		}
	}
}
