package server_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestCSAFLanguages: the English and the Korean CSAF documents of one
// advisory, posted one after the other, are one advisory on the server
// with both texts (as `db import` merges them); the Korean document
// again changes nothing and loses no language; the pages and the API
// answer in each.
func TestCSAFLanguages(t *testing.T) {
	e := newEnv(t)
	dir := filepath.Join("..", "advisory", "csaf", "testdata")
	type result struct{ Added, Replaced, Unchanged, Rematch []string }
	post := func(name string) result {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var r result
		if code := e.do("POST", e.base+"/api/v1/advisories", e.admin, data, &r); code != 200 {
			t.Fatalf("posting %s: %d", name, code)
		}
		return r
	}
	title := func(lang string) (string, string) {
		var d struct {
			Advisory struct{ Title, Lang string }
		}
		e.get("/api/v1/advisories/TEST-CSAF-2017-0001?lang="+lang, &d)
		return d.Advisory.Title, d.Advisory.Lang
	}
	if r := post("nuget-en.json"); !slices.Equal(r.Added, []string{"TEST-CSAF-2017-0001"}) {
		t.Fatalf("English document: %+v", r)
	}
	enTitle, _ := title("en")
	if r := post("nuget-ko.json"); !slices.Equal(r.Replaced, []string{"TEST-CSAF-2017-0001"}) {
		t.Errorf("Korean document: %+v", r)
	}
	koTitle, koLang := title("ko")
	if en, _ := title("en"); en != enTitle || koLang != "ko" || koTitle == enTitle {
		t.Errorf("after the Korean document: en %q (was %q), ko %q [%s]", en, enTitle, koTitle, koLang)
	}
	for _, doc := range []string{"nuget-ko.json", "nuget-en.json"} {
		if r := post(doc); !slices.Equal(r.Unchanged, []string{"TEST-CSAF-2017-0001"}) {
			t.Errorf("%s again: %+v", doc, r)
		}
	}
	if en, _ := title("en"); en != enTitle {
		t.Errorf("English title after re-imports: %q", en)
	}
	if ko, lang := title("ko"); ko != koTitle || lang != "ko" {
		t.Errorf("Korean title after re-imports: %q [%s]", ko, lang)
	}
	t.Logf("en %q, ko %q", enTitle, koTitle)
}
