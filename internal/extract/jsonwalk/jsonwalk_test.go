package jsonwalk

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/affected-dev/affected/internal/extract"
)

func TestValueOffset(t *testing.T) {
	doc := []byte(` {"a": {"b": [1, {"c": "x"}]}, "d": null}`)
	for _, tc := range []struct {
		path []any
		want int64
		ok   bool
	}{
		{nil, 1, true},
		{[]any{"a"}, 7, true},
		{[]any{"a", "b"}, 13, true},
		{[]any{"a", "b", 0}, 14, true},
		{[]any{"a", "b", 1, "c"}, 23, true},
		{[]any{"d"}, 36, true},
		{[]any{"a", "b", 2}, 13, false},   // no such index: the array
		{[]any{"a", "x"}, 7, false},       // no such key: the object
		{[]any{"a", "b", "c"}, 13, false}, // a key in an array
		{[]any{"d", "e"}, 36, false},      // below a null
	} {
		got, ok := ValueOffset(doc, tc.path...)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ValueOffset(%v) = %d, %v; want %d, %v", tc.path, got, ok, tc.want, tc.ok)
		}
	}
}

// TestWalker reads a document with a byte order mark, checking the keys'
// positions and a type error's text.
func TestWalker(t *testing.T) {
	data := []byte("\xEF\xBB\xBF{\"a\": {\"b\": 1,\n \"ç\": \"x\"}, \"n\": null, \"s\": {\"t\": true}}")
	body, base := extract.TrimBOM(data)
	w := New("f.json", data, base, body)
	if start := w.Next(); body[start] != '{' {
		t.Fatalf("Next() = %d, at %q", start, body[start])
	}
	var got []string
	err := w.Object("", func(key string, off int) error {
		got = append(got, key+"@"+posString(w.Pos(off)))
		switch key {
		case "a":
			return w.Object("a", func(k string, off int) error {
				got = append(got, k+"@"+posString(w.Pos(off))+" value@"+posString(w.Pos(w.ValueStart())))
				return w.Skip()
			})
		case "n":
			return w.Object("n", func(string, int) error { t.Error("a null has no members"); return nil })
		}
		var v struct{ T string }
		return w.Decode(key, &v)
	})
	want := []string{"a@1:2", "b@1:8 value@1:13", "ç@2:2 value@2:7", "n@2:13", "s@2:24"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
	if want := "f.json:2:35: s.t: expected string, found boolean"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	w = New("f.json", []byte(`{"a": [1]}`), 0, []byte(`{"a": [1]}`))
	err = w.Object("", func(key string, _ int) error { return w.Object(key, nil) })
	if want := "f.json:1:7: a: expected object, found array"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

func posString(p extract.Pos) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }
