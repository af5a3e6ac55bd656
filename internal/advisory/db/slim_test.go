package db

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/affected-dev/affected/internal/advisory"
)

// TestForPackageMatch holds ForPackageMatch and Whole to ForPackage on
// every package of the corpus's records (OSV and CSAF): the same records
// in the same order, with the same id, withdrawal and exposures, and
// Whole gives the very advisory ForPackage gives.
func TestForPackageMatch(t *testing.T) {
	dir := t.TempDir()
	importCorpus(t, dir)
	d := open(t, dir)
	names := 0
	for i := range d.packages.lines {
		name := string(d.packages.key(i))
		names++
		whole, slim := d.ForPackage(name), d.ForPackageMatch(name)
		if len(whole) != len(slim) {
			t.Fatalf("%s: %d advisories whole, %d slim", name, len(whole), len(slim))
		}
		for k, a := range slim {
			w := whole[k]
			if a.ID != w.ID || (a.Withdrawn == nil) != (w.Withdrawn == nil) {
				t.Errorf("%s: slim %s withdrawn %v, whole %s withdrawn %v", name, a.ID, a.Withdrawn, w.ID, w.Withdrawn)
			}
			if diff := cmp.Diff(w.Packages, a.Packages, cmpopts.IgnoreUnexported(advisory.PackageExposure{}, advisory.Range{})); diff != "" {
				t.Errorf("%s %s: exposures differ (-whole +slim):\n%s", name, a.ID, diff)
			}
			for _, p := range a.Packages { // compiled
				if got, want := p.FixedVersions(), w.Packages[0].FixedVersions(); len(a.Packages) == 1 && !cmp.Equal(got, want) {
					t.Errorf("%s %s: fixed %v, whole %v", name, a.ID, got, want)
				}
			}
			if got, ok := d.Whole(a); !ok || got != w {
				t.Errorf("%s: Whole(%s) is not ForPackage's record", name, a.ID)
			}
		}
	}
	if names < 10 {
		t.Fatalf("%d packages in the index", names)
	}
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestDecodeSlim holds decodeSlim to encoding/json on every record of the
// corpus, and refuses (for a whole decoding) what the writer does not
// write: keys of other case or unknown, a key twice, values of the wrong
// kind, invalid JSON, no id.
func TestDecodeSlim(t *testing.T) {
	dir := t.TempDir()
	importCorpus(t, dir)
	f, err := os.Open(filepath.Join(dir, versions(t, dir)[0], recordsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, maxRecord)
	var first []byte
	for sc.Scan() {
		line := sc.Bytes()
		if first == nil {
			first = bytes.Clone(line)
		}
		a, ok := decodeSlim(line)
		var w advisory.Advisory
		if err := json.Unmarshal(line, &w); err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Errorf("%s: not decoded slim", w.ID)
			continue
		}
		if a.ID != w.ID || !cmp.Equal(a.Withdrawn, w.Withdrawn) || !cmp.Equal(a.Packages, w.Packages, cmpopts.IgnoreUnexported(advisory.PackageExposure{}, advisory.Range{})) {
			t.Errorf("%s: slim %+v", w.ID, a)
		}
	}
	rec := string(first)
	for _, bad := range []string{
		strings.Replace(rec, `"id"`, `"ID"`, 1),
		strings.Replace(rec, `"packages"`, `"Packages"`, 1),
		strings.Replace(rec, `{"id"`, `{"other":1,"id"`, 1),
		strings.Replace(rec, `{"id"`, `{"packages":null,"id"`, 1),
		strings.Replace(rec, `"texts":[`, `"texts":{"a":[`, 1),
		strings.Replace(rec, `"source":"`, `"source":["`, 1),
		strings.Replace(rec, `"id":"`, `"id":"\u0000`, 1)[:len(rec)/2],
		`{"source":"osv"}`,
		`[]`,
		``,
	} {
		if _, ok := decodeSlim([]byte(bad)); ok {
			t.Errorf("decoded slim: %.200s", bad)
		}
	}
}

// TestDecodeExposures holds decodeExposures to encoding/json: on the
// exposures of every corpus record, and on variants of one — what it
// decodes equals what encoding/json decodes, and it declines the forms the
// writer does not give (other-case or unknown keys, a key twice, nulls,
// values of other kinds, invalid JSON).
func TestDecodeExposures(t *testing.T) {
	dir := t.TempDir()
	importCorpus(t, dir)
	data, err := os.ReadFile(filepath.Join(dir, versions(t, dir)[0], recordsFile))
	if err != nil {
		t.Fatal(err)
	}
	check := func(raw string, mustDecode bool) {
		t.Helper()
		got, ok := decodeExposures([]byte(raw))
		var want []advisory.PackageExposure
		jerr := json.Unmarshal([]byte(raw), &want)
		if !ok {
			if mustDecode {
				t.Errorf("not decoded: %.300s", raw)
			}
			return
		}
		if jerr != nil {
			t.Errorf("decoded what encoding/json refuses (%v): %.300s", jerr, raw)
			return
		}
		if !cmp.Equal(got, want, cmpopts.IgnoreUnexported(advisory.PackageExposure{}, advisory.Range{})) {
			t.Errorf("%.300s:\n got %#v\nwant %#v", raw, got, want)
		}
	}
	var first string
	n := 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		var rec struct{ Packages json.RawMessage }
		if len(line) == 0 || json.Unmarshal(line, &rec) != nil || rec.Packages == nil {
			continue
		}
		if first == "" {
			first = string(rec.Packages)
		}
		check(string(rec.Packages), true)
		n++
	}
	if n < 20 {
		t.Fatalf("%d records with exposures", n)
	}
	exp := `[{"ecosystem":"NuGet","name":"A\u00e9\"b","ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.0.1"},{"last_affected":"2"},{"limit":"3"}]},{"type":"SEMVER","events":[]}],"versions":["1.0.0","1.0.0-beta"],"exact":true,"related":["B.*"],"ignore":["Microsoft.NETCore.App"]},{"ecosystem":"NuGet","name":"C","exact":false,"versions":[],"ranges":[]}]`
	check(exp, true)
	check(`[]`, true)
	check(first, true)
	for _, v := range []string{
		strings.Replace(exp, `"name"`, `"Name"`, 1),
		strings.Replace(exp, `"name"`, `"other":1,"name"`, 1),
		strings.Replace(exp, `"exact":true`, `"exact":true,"exact":false`, 1),
		strings.Replace(exp, `"related":["B.*"]`, `"related":null`, 1),
		strings.Replace(exp, `"ranges":[]`, `"ranges":null`, 1),
		strings.Replace(exp, `"exact":true`, `"exact":1`, 1),
		strings.Replace(exp, `"exact":true`, `"exact":"true"`, 1),
		strings.Replace(exp, `{"fixed":"1.0.1"}`, `{"fixed":1}`, 1),
		strings.Replace(exp, `{"fixed":"1.0.1"}`, `{"Fixed":"1.0.1"}`, 1),
		strings.Replace(exp, `{"fixed":"1.0.1"}`, `null`, 1),
		strings.Replace(exp, `"type":"SEMVER"`, `"type":"SEMVER","type":"GIT"`, 1),
		strings.Replace(exp, `"A\u00e9\"b"`, "\"A\xff\"", 1),
		exp[:len(exp)-1],
		exp + ` x`,
		`null`,
		`{}`,
		`[null]`,
		`[1]`,
	} {
		check(v, false)
	}
}

// FuzzDecodeExposures holds decodeExposures to encoding/json on any input:
// what it decodes, encoding/json decodes the same (it may decline more).
func FuzzDecodeExposures(f *testing.F) {
	f.Add([]byte(`[{"ecosystem":"NuGet","name":"A","ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.0.1"}]}],"versions":["1.0.0"],"exact":true,"related":["B.*"],"ignore":[]}]`))
	f.Add([]byte(`[{"ecosystem":"NuGet","name":"A\u00e9\"b","exact":false,"versions":[],"ranges":[]}]`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, ok := decodeExposures(raw)
		if !ok {
			return
		}
		var want []advisory.PackageExposure
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatalf("decoded what encoding/json refuses (%v)", err)
		}
		if !cmp.Equal(got, want, cmpopts.IgnoreUnexported(advisory.PackageExposure{}, advisory.Range{})) {
			t.Fatalf("got %#v\nwant %#v", got, want)
		}
	})
}

// FuzzDecodeSlim holds decodeSlim to encoding/json on any record: what it
// decodes (id, withdrawal, exposures), encoding/json decodes the same.
func FuzzDecodeSlim(f *testing.F) {
	f.Add([]byte(`{"id":"GHSA-x","source":"osv","withdrawn":null,"packages":[{"ecosystem":"NuGet","name":"A","ranges":[],"versions":["1.0.0"],"exact":true}],"aliases":[]}`))
	f.Add([]byte(`{"id":"A","packages":null}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, ok := decodeSlim(raw)
		if !ok {
			return
		}
		var w advisory.Advisory
		if err := json.Unmarshal(raw, &w); err != nil {
			t.Fatalf("decoded what encoding/json refuses (%v)", err)
		}
		if a.ID != w.ID || !cmp.Equal(a.Withdrawn, w.Withdrawn) || !cmp.Equal(a.Packages, w.Packages, cmpopts.IgnoreUnexported(advisory.PackageExposure{}, advisory.Range{})) {
			t.Fatalf("slim %+v\nwhole id %q withdrawn %v packages %+v", a, w.ID, w.Withdrawn, w.Packages)
		}
	})
}
