package i18n_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"syscall"
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
	if got := Localize(errors.New("plain"), En); got != "plain" {
		t.Errorf("plain error: %q", got)
	}
}

// TestLocalizeStd: errors from the standard library and the system say
// nothing in English to a Korean or Chinese reader: the common ones are
// translated (keeping the file), any other is quoted as a detail.
func TestLocalizeStd(t *testing.T) {
	_, notExist := os.Open("/nonexistent/x.csproj")
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	_, jsonErr := strconv.Atoi("x")
	got := []string{
		Localize(notExist, Ko), Localize(notExist, ZhTW), Localize(notExist, En),
		Localize(Errorf(testWrap, "all.zip", refused), Ko),
		Localize(fmt.Errorf("wrapped: %w", context.DeadlineExceeded), ZhTW),
		Localize(jsonErr, Ko), Localize(jsonErr, ZhTW),
	}
	want := []string{
		"/nonexistent/x.csproj: 파일이나 디렉터리가 없음",
		"/nonexistent/x.csproj：沒有此檔案或目錄",
		"open /nonexistent/x.csproj: no such file or directory",
		"all.zip 읽기: 연결이 거부됨",
		"逾時",
		`"strconv.Atoi: parsing "x": invalid syntax"`,
		`「strconv.Atoi: parsing "x": invalid syntax」`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

var testWrap = Define("i18n.test-wrap", "reading %s: %v", "%s 읽기: %v", "讀取 %s：%v")
