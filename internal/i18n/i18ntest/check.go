// Package i18ntest checks the message catalog of affected from tests.
package i18ntest

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/affected-dev/affected/internal/i18n"
)

var verbRE = regexp.MustCompile(`%[-+# 0-9.*]*(\[[0-9]+\])?[a-zA-Z%]`)

// CheckCatalog reports, through t, every registered message that lacks a
// text in some language, whose languages use different formatting verbs,
// or that takes a shortcut where the language has a rule:
//
//   - English: "(s)" plurals, and a count ("%d files") whose noun does not
//     agree with it — write "%d {file|files}";
//   - Korean: a particle in both forms ("을(를)", "(으)로") — write
//     "%s{을/를}", chosen by the argument's final sound; a choice that does
//     not follow a verb;
//   - Traditional Chinese: half-width punctuation (, ; : ! ? ( )) next to
//     a Chinese character — write ，；：！？（）.
//
// A test in each package that defines messages calls it, so that a missing
// translation fails the build of that package's tests.
func CheckCatalog(t testing.TB) {
	t.Helper()
	for _, m := range i18n.All() {
		for _, p := range m.Problems() {
			t.Errorf("message %s: %s", m.ID, p)
		}
		for _, p := range conventions(m) {
			t.Errorf("message %s: %s", m.ID, p)
		}
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
// translations may reorder arguments (and use one twice).
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
	return slices.Compact(out)
}

var (
	// shortPlural is an English plural left to the reader.
	shortPlural = regexp.MustCompile(`[a-z]\((s|es|ies)\)`)
	// countedNoun is a count followed by a plural noun with no choice.
	countedNoun = regexp.MustCompile(`%(\[[0-9]+\])?d ([a-z]+(s|ies))\b`)
	// bothParticles is a Korean particle written in both forms.
	bothParticles = regexp.MustCompile(`을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|과\(와\)|와\(과\)|\(으\)로|\(이\)나|\(이\)라`)
	// halfWidthByHan is half-width punctuation touching a Chinese character.
	halfWidthByHan = regexp.MustCompile(`\p{Han}[,;:!?()]|[,;!?()]\p{Han}`)
)

// conventions lists where m's texts break the rules of their languages.
func conventions(m *i18n.Message) []string {
	var out []string
	en := m.Text(i18n.En)
	if s := shortPlural.FindString(en); s != "" {
		out = append(out, fmt.Sprintf("en: %q: write a plural choice, %%d {file|files}", s))
	}
	for _, sm := range countedNoun.FindAllStringSubmatch(en, -1) {
		if !uncounted[sm[2]] {
			out = append(out, fmt.Sprintf("en: %q: the noun must agree with the count, %%d {file|files}", sm[0]))
		}
	}
	if s := bothParticles.FindString(m.Text(i18n.Ko)); s != "" {
		out = append(out, fmt.Sprintf("ko: %q: write %%s{을/를}, the particle is chosen from the argument", s))
	}
	if s := halfWidthByHan.FindString(m.Text(i18n.ZhTW)); s != "" {
		out = append(out, fmt.Sprintf("zh-TW: %q: use full-width punctuation next to Chinese text", s))
	}
	return out
}

// uncounted are words after a count that are not its noun.
var uncounted = map[string]bool{"is": true, "has": true, "was": true, "does": true}

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
