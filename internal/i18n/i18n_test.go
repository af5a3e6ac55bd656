package i18n_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	. "github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
)

// TestCatalogComplete fails when a message of this package lacks a text or
// when its languages disagree on formatting verbs. The CLI runs the same check
// over every message of the program (see internal/cli).
func TestCatalogComplete(t *testing.T) {
	i18ntest.CheckCatalog(t)
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"en", En, true}, {"ko", Ko, true}, {"zh-TW", ZhTW, true}, {"zh_TW.UTF-8", ZhTW, true},
		{"ko_KR.UTF-8", Ko, true}, {"en_US", En, true}, {"zh-Hant", ZhTW, true}, {"zh-HK", ZhTW, true},
		{"fr", En, false}, {"", En, false}, {"C", En, false},
	} {
		got, err := Parse(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("Parse(%q) = %v, %v; want %v (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want Lang
	}{
		{map[string]string{}, En},
		{map[string]string{"LANG": "ko_KR.UTF-8"}, Ko},
		{map[string]string{"LANG": "ko_KR.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, ZhTW},
		{map[string]string{"LANG": "ko_KR.UTF-8", "LC_ALL": "C"}, En},
		{map[string]string{"LC_MESSAGES": "zh_TW", "LANG": "en_US"}, ZhTW},
	} {
		got := FromEnv(func(k string) string { return tc.env[k] })
		if got != tc.want {
			t.Errorf("FromEnv(%v) = %v, want %v", tc.env, got, tc.want)
		}
	}
}

func TestLocalizeChain(t *testing.T) {
	inner := Errorf(MsgUnknownLang, "fr", "en")
	outer := Errorf(testWrap, "x.json", inner)
	got := []string{Localize(outer, En), Localize(outer, Ko), outer.Error()}
	want := []string{
		`reading x.json: unknown language "fr" (supported: en)`,
		`x.json 읽기: 알 수 없는 언어 "fr" (지원: en)`,
		`reading x.json: unknown language "fr" (supported: en)`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	if !errors.Is(outer, inner) {
		t.Error("errors.Is does not see the wrapped error")
	}
	if got := Localize(errors.New("plain"), ZhTW); got != "plain" {
		t.Errorf("plain error: %q", got)
	}
}

var testWrap = Define("i18n.test-wrap", "reading %s: %v", "%s 읽기: %v", "讀取 %s：%v")
