package jsonscan

import (
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// grammar holds inputs chosen to hit each rule of JSON's grammar.
var grammar = []string{
	`{}`, ` { } `, `{"a":1}`, `{"a":1,}`, `{,"a":1}`, `{"a":1 "b":2}`, `{"a" 1}`, `{"a":}`, `{1:2}`, `{"a":1}}`, `{"a":1}x`,
	`{"a":[]}`, `{"a":[1,]}`, `{"a":[,1]}`, `{"a":[1 2]}`, `{"a":[[[]]]}`, `{"a":[{}]}`, `{"a":[{"b":[]},{"c":{}}]}`,
	`{"a":"\u00e9\n\t\"\\\/\b\f\r"}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"\u12G4"}`, "{\"a\":\"\x01\"}", "{\"a\":\"\xff\"}", `{"a":"`,
	`{"a":0}`, `{"a":-0}`, `{"a":01}`, `{"a":-}`, `{"a":1.}`, `{"a":1.5e10}`, `{"a":1E+2}`, `{"a":1e}`, `{"a":.5}`, `{"a":+1}`,
	`{"a":true}`, `{"a":tru}`, `{"a":truex}`, `{"a":null}`, `{"a":nul}`, `{"a":false}`, `{"a":False}`,
	`[]`, `"x"`, `1`, ``, ` `, `{"a":1} {}`, "{\"a\":1}\n", `[1,[2,{"a":[3]}]]`, `[1,]`, `[`, `]`, `{"a":{"b":{"c":1}}`,
	`{"a":` + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1) + `}`,
	`{"a":` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + `}`,
	`{"a":` + strings.Repeat("[", MaxDepth-2) + `{}` + strings.Repeat("]", MaxDepth-2) + `}`,
	`{"a":` + strings.Repeat("[", MaxDepth-1) + `{}` + strings.Repeat("]", MaxDepth-1) + `}`,
	strings.Repeat(`{"a":`, MaxDepth) + `1` + strings.Repeat(`}`, MaxDepth),
	strings.Repeat(`{"a":`, MaxDepth+1) + `1` + strings.Repeat(`}`, MaxDepth+1),
}

// walk reads a document the way the parsers do: objects member by member
// (recursively, through Object), anything else skipped.
func walk(data []byte) (isObject, ok bool) {
	s := New(data)
	var member func(key []byte, off int) bool
	member = func(key []byte, off int) bool {
		if s.Peek() == '{' {
			return s.Object(member)
		}
		return s.Skip()
	}
	return s.Document(member)
}

// TestValidates holds both ways of reading, member by member and
// skipping, to json.Valid.
func TestValidates(t *testing.T) {
	for _, in := range grammar {
		want := json.Valid([]byte(in))
		if _, ok := walk([]byte(in)); ok != want {
			t.Errorf("%.60q: walk says valid=%v, json.Valid says %v", in, ok, want)
		}
		s := New([]byte(in))
		ok := s.Skip()
		s.ws()
		if ok = ok && s.Offset() == len(in); ok != want {
			t.Errorf("%.60q: Skip says valid=%v, json.Valid says %v", in, ok, want)
		}
	}
}

// TestTypes checks the typed reads: what they accept, and the type error
// (the first one, where the value starts) for what they do not.
func TestTypes(t *testing.T) {
	type result struct {
		Str  string
		Int  int64
		Keys []string
		OK   bool
		Err  *TypeError
	}
	read := func(in string) result {
		var r result
		s := New([]byte(in))
		_, r.OK = s.Document(func(key []byte, off int) bool {
			k := Unquote(key)
			r.Keys = append(r.Keys, k)
			s.Field(0, k)
			switch k {
			case "s":
				raw, ok := s.String()
				r.Str += Unquote(raw)
				return ok
			case "i":
				v, ok := s.Int()
				r.Int += v
				return ok
			case "o":
				return s.ObjectValue(func(key []byte, _ int) bool {
					s.Field(1, Unquote(key))
					raw, ok := s.String()
					r.Str += Unquote(raw)
					return ok
				})
			}
			return s.Skip()
		})
		r.Err = s.Err()
		return r
	}
	for _, tc := range []struct {
		in   string
		want result
	}{
		{`{"s": "a\u00e9", "s": null, "x": [1]}`, result{Str: "aé", Keys: []string{"s", "s", "x"}, OK: true}},
		{`{"i": 12, "i": -3, "i": null, "i": -0}`, result{Int: 9, Keys: []string{"i", "i", "i", "i"}, OK: true}},
		{`{"i": 1.5}`, result{Keys: []string{"i"}, OK: true, Err: &TypeError{Off: 6, Field: "i", Found: "number", Want: "integer"}}},
		{`{"i": 1e2}`, result{Keys: []string{"i"}, OK: true, Err: &TypeError{Off: 6, Field: "i", Found: "number", Want: "integer"}}},
		{`{"i": 99999999999999999999}`, result{Keys: []string{"i"}, OK: true, Err: &TypeError{Off: 6, Field: "i", Found: "number", Want: "integer"}}},
		{`{"i": "1"}`, result{Keys: []string{"i"}, OK: true, Err: &TypeError{Off: 6, Field: "i", Found: "string", Want: "integer"}}},
		// The first type error is kept; the scan goes on.
		{`{"s": [1], "s": {}, "s": "b"}`, result{Str: "b", Keys: []string{"s", "s", "s"}, OK: true, Err: &TypeError{Off: 6, Field: "s", Found: "array", Want: "string"}}},
		{`{"o": {"a": "x", "b": true}}`, result{Str: "x", Keys: []string{"o"}, OK: true, Err: &TypeError{Off: 22, Field: "o.b", Found: "boolean", Want: "string"}}},
		{`{"o": null}`, result{Keys: []string{"o"}, OK: true}},
		{`{"o": 5}`, result{Keys: []string{"o"}, OK: true, Err: &TypeError{Off: 6, Field: "o", Found: "number", Want: "object"}}},
		// A syntax error in the wrongly typed value: no type error.
		{`{"s": [1,]}`, result{Keys: []string{"s"}}},
		// A syntax error after a type error: both are known.
		{`{"s": 1, "x": }`, result{Keys: []string{"s", "x"}, Err: &TypeError{Off: 6, Field: "s", Found: "number", Want: "string"}}},
	} {
		if diff := cmp.Diff(tc.want, read(tc.in)); diff != "" {
			t.Errorf("%s: (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestUnquote(t *testing.T) {
	for in, want := range map[string]string{
		`"abc"`:          "abc",
		`"a\"b\\c\/\n"`:  "a\"b\\c/\n",
		`"\u00e9\u4e2d"`: "é中",
		"\"a\xffb\"":     "a\ufffdb",
		`""`:             "",
		``:               "",
	} {
		if got := Unquote([]byte(in)); got != want {
			t.Errorf("Unquote(%q) = %q, want %q", in, got, want)
		}
		if in != "" && Plain([]byte(in)) != (got(in) == in[1:len(in)-1]) {
			t.Errorf("Plain(%q) disagrees with Unquote", in)
		}
	}
}

func got(in string) string { return Unquote([]byte(in)) }

// FuzzValidates holds the scanner to json.Valid on any input.
func FuzzValidates(f *testing.F) {
	for _, in := range grammar {
		if len(in) < 1000 {
			f.Add([]byte(in))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want := json.Valid(data)
		if _, ok := walk(data); ok != want {
			t.Fatalf("walk says valid=%v, json.Valid says %v", ok, want)
		}
		s := New(data)
		ok := s.Skip()
		s.ws()
		if ok = ok && s.Offset() == len(data); ok != want {
			t.Fatalf("Skip says valid=%v, json.Valid says %v", ok, want)
		}
	})
}

// TestStops holds the eight-byte test to the byte table: the lowest mark
// of stops is the first byte that ends plain content, exactly (str jumps
// to it), and a word without one has no mark.
func TestStops(t *testing.T) {
	check := func(w [8]byte) {
		x := binary.LittleEndian.Uint64(w[:])
		first := 8
		for i, c := range w {
			if stopInString[c] {
				first = i
				break
			}
		}
		m := stops(x)
		if got := bits.TrailingZeros64(m) / 8; got != first {
			t.Fatalf("%q: first stop byte at %d, stops says %d", w, first, got)
		}
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		var w [8]byte
		for i := range w {
			w[i] = byte(rnd.IntN(256))
		}
		check(w)
	}
	for c := range 256 { // every byte in every place, among plain ones
		for i := range 8 {
			w := [8]byte{'a', 'b', 0xc3, 0xa9, 'z', 0x7f, 0x80, 0xff}
			w[i] = byte(c)
			check(w)
		}
	}
}

// TestKeyIs holds KeyIs to encoding/json's matching of keys to fields.
func TestKeyIs(t *testing.T) {
	for _, key := range []string{
		`"type"`, `"Type"`, `"TYPE"`, `"typ"`, `"types"`, `"\u0074ype"`, `"ty\u0050e"`,
		`"reſolved"`, `"RESOLVED"`, `"resolved "`, `"re\u017folved"`, `"\u212Aey"`, `"key"`, `"kEy"`,
		`"dependencies"`, `"dependencieſ"`, `"DEPENDENCIES"`, `"dependenc"`, `"ǅep"`, "\"t\xffpe\"", `""`,
	} {
		var v struct {
			Type         *string `json:"type"`
			Resolved     *string `json:"resolved"`
			Key          *string `json:"key"`
			Dependencies *string `json:"dependencies"`
		}
		if err := json.Unmarshal([]byte(`{`+key+`: "x"}`), &v); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		for name, set := range map[string]bool{"type": v.Type != nil, "resolved": v.Resolved != nil, "key": v.Key != nil, "dependencies": v.Dependencies != nil} {
			if got := KeyIs([]byte(key), name); got != set {
				t.Errorf("KeyIs(%s, %q) = %v, encoding/json says %v", key, name, got, set)
			}
		}
	}
}

// TestStrings holds Strings.Text to Unquote, and to handing out one
// string for one input.
func TestStrings(t *testing.T) {
	var tab Strings
	for _, raw := range []string{`"a"`, `""`, `"\u00e9"`, "\"\xff\"", `"a\"b"`, `"Newtonsoft.Json"`, ``, `"`} {
		for range 2 {
			if got, want := tab.Text([]byte(raw)), Unquote([]byte(raw)); got != want {
				t.Errorf("Text(%q) = %q, Unquote gives %q", raw, got, want)
			}
		}
	}
	a, b := tab.Text([]byte(`"Newtonsoft.Json"`)), tab.Text([]byte(`"Newtonsoft.Json"`))
	if unsafe.StringData(a) != unsafe.StringData(b) {
		t.Error("two copies of one string")
	}
	// The bounds: the table starts again, and stays correct.
	for i := range MaxStrings + 10 {
		raw := []byte(`"` + strings.Repeat("x", i%100) + strconv.Itoa(i) + `"`)
		if got, want := tab.Text(raw), Unquote(raw); got != want {
			t.Fatalf("Text(%q) = %q", raw, got)
		}
	}
	if tab.Len() > MaxStrings || tab.bytes > MaxStringBytes {
		t.Errorf("%d strings, %d bytes: past the bounds", tab.Len(), tab.bytes)
	}
}

// TestStringsMixed holds the table to Unquote on strings written plainly
// and with escapes for the same text, invalid UTF-8 and empty strings,
// while it grows and starts again, and to handing out one string for one
// input between starts.
func TestStringsMixed(t *testing.T) {
	var tab Strings
	forms := func(i int) []string {
		s := "Pkg." + strconv.Itoa(i%3000)
		return []string{`"` + s + `"`, `"\u0050` + s[1:] + `"`, "\"" + s + "\xff\"", `""`, `"` + strings.Repeat("é", i%7) + s + `"`}
	}
	seen := map[string]string{}
	for round := range 2 { // 7,500 strings: no start again
		for i := range 1500 {
			for _, raw := range forms(i) {
				got := tab.Text([]byte(raw))
				if want := Unquote([]byte(raw)); got != want {
					t.Fatalf("Text(%q) = %q, Unquote gives %q", raw, got, want)
				}
				if prev, ok := seen[raw]; round == 1 && ok && got != "" && unsafe.StringData(prev) != unsafe.StringData(got) {
					t.Fatalf("Text(%q): two copies", raw)
				}
				seen[raw] = got
			}
		}
	}
	for i := range 3 * MaxStrings {
		for _, raw := range forms(i) {
			if got, want := tab.Text([]byte(raw)), Unquote([]byte(raw)); got != want {
				t.Fatalf("Text(%q) = %q, Unquote gives %q", raw, got, want)
			}
		}
	}
	if tab.Len() > MaxStrings || tab.bytes > MaxStringBytes {
		t.Errorf("%d strings, %d bytes: past the bounds", tab.Len(), tab.bytes)
	}
}

// TestArray: Array visits each element and accepts what json.Valid
// accepts, no more.
func TestArray(t *testing.T) {
	for _, in := range []string{`[]`, ` [ ] `, `[1]`, `[1,"a",{"b":[2]},[],null]`, `[1,]`, `[,1]`, `[1 2]`, `[`, `[1`, `["a"`, `{}`, `1`} {
		s := New([]byte(in))
		n := 0
		ok := s.Array(func() bool { n++; return s.Skip() })
		s.Peek()
		valid := json.Valid([]byte(in)) && strings.HasPrefix(strings.TrimSpace(in), "[")
		if got := ok && s.Offset() == len(in); got != valid {
			t.Errorf("Array(%q) = %v (%d elements), json.Valid says %v", in, got, n, valid)
		}
	}
}
