package extract

import (
	"encoding/json"
	"testing"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

func TestCatalog(t *testing.T) { i18ntest.CheckCatalog(t) }

func TestPosAt(t *testing.T) {
	data := []byte("\xEF\xBB\xBFab\nc한d\n")
	for _, tc := range []struct {
		off  int64
		want Pos
	}{{3, Pos{1, 1}}, {4, Pos{1, 2}}, {6, Pos{2, 1}}, {10, Pos{2, 3}}, {11, Pos{2, 4}}, {99, Pos{3, 1}}} {
		if got := PosAt(data, tc.off); got != tc.want {
			t.Errorf("PosAt(%d) = %v, want %v", tc.off, got, tc.want)
		}
	}
}

func TestJSONError(t *testing.T) {
	for _, tc := range []struct {
		in   string
		dst  any
		want string
	}{
		{"{\n  \"a\": 1,\n  \"b\" 2\n}", new(map[string]int), `f.json:3:7: invalid JSON: invalid character '2' after object key`},
		{"{\n  \"version\": \"three\"\n}", new(struct{ Version int }), `f.json:2:14: version: expected integer, found string`},
		{"{\n  \"a\": [1, 2", new(map[string][]int), `f.json:2:13: unexpected end of JSON: the file is cut short`},
		{"{\"a\": {\"x\": 1}}", new(map[string]int), `f.json:1:7: value: expected integer, found object`},
		{`{"a": true}`, new(map[string]string), `f.json:1:7: value: expected string, found boolean`},
		{`{"N": 1.5}`, new(struct{ N *uint8 }), `f.json:1:7: n: expected integer, found number`},
		{`{"Restore": {"Names": 5}}`, new(struct{ Restore struct{ Names []string } }), `f.json:1:23: restore.names: expected array, found number`},
	} {
		err := json.Unmarshal([]byte(tc.in), tc.dst)
		if err == nil {
			t.Fatalf("%q: no error", tc.in)
		}
		got := JSONError("f.json", []byte(tc.in), 0, err)
		if got.Error() != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.in, got, tc.want)
		}
		if got.Localize(i18n.Ko) == got.Error() {
			t.Errorf("%q: Korean text is the English one", tc.in)
		}
	}
}

func TestJSONErrorIn(t *testing.T) {
	for _, tc := range []struct {
		in    string
		dst   any
		field string
		want  string
	}{
		{`{"restore": {"projectName": 5}}`, new(struct{ Restore struct{ ProjectName string } }), "project", `f.json:1:29: project.restore.projectName: expected string, found number`},
		{`["a"]`, new(map[string]string), "groups", `f.json:1:1: groups: expected object, found array`},
		{`["a"]`, new(map[string]string), "", `f.json:1:1: value: expected object, found array`},
	} {
		err := json.Unmarshal([]byte(tc.in), tc.dst)
		if err == nil {
			t.Fatalf("%q: no error", tc.in)
		}
		if got := JSONErrorIn("f.json", []byte(tc.in), 0, tc.field, err); got.Error() != tc.want {
			t.Errorf("%q in %q:\n got %s\nwant %s", tc.in, tc.field, got, tc.want)
		}
	}
}
