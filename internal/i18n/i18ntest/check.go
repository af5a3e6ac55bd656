// Package i18ntest checks the message catalog of affected from tests.
package i18ntest

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/i18n"
)

var verbRE = regexp.MustCompile(`%[-+# 0-9.*]*(\[[0-9]+\])?[a-zA-Z%]`)

// CheckCatalog reports, through t, every registered message that lacks a
// text in some language or whose languages use different formatting verbs.
// A test in each package that defines messages calls it, so that a missing
// translation fails the build of that package's tests.
func CheckCatalog(t testing.TB) {
	t.Helper()
	for _, m := range i18n.All() {
		want := argVerbs(m.Text(i18n.En))
		for _, l := range i18n.Langs() {
			txt := m.Text(l)
			if txt == "" {
				t.Errorf("message %s has no %s text", m.ID, l)
				continue
			}
			if l != i18n.En && txt == m.Text(i18n.En) && hasWords(txt) {
				t.Errorf("message %s: %s text is the English text", m.ID, l)
			}
			got := argVerbs(txt)
			if !sameVerbs(want, got) {
				t.Errorf("message %s: %s verbs %q differ from English %q", m.ID, l, got, want)
			}
		}
	}
}

// argVerbs returns, for each argument index a format uses, the verb it is
// formatted with ("1:s 2:d"), resolving explicit indexes (%[2]s) so that
// translations may reorder arguments.
func argVerbs(format string) []string {
	var out []string
	next := 1
	for _, v := range verbRE.FindAllString(format, -1) {
		if v == "%%" {
			continue
		}
		idx := next
		if i := strings.Index(v, "["); i >= 0 {
			if n, err := strconv.Atoi(v[i+1 : strings.Index(v, "]")]); err == nil {
				idx = n
			}
		}
		next = idx + 1
		out = append(out, strconv.Itoa(idx)+":"+v[len(v)-1:])
	}
	sort.Strings(out)
	return out
}

func sameVerbs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// hasWords reports whether a format has English words to translate (not
// only verbs and punctuation).
func hasWords(s string) bool {
	s = verbRE.ReplaceAllString(s, " ")
	run := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			run++
			if run >= 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
