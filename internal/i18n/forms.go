package i18n

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/lazyre"
	"golang.org/x/text/feature/plural"
)

// A message text may say that a word agrees with one of its arguments:
//
//   - a plural choice, {one|other}, agrees with the number formatted by the
//     nearest verb before it: "%d {finding|findings}" gives "1 finding" and
//     "2 findings" (the form is chosen by the CLDR plural rules of the
//     message's language, golang.org/x/text/feature/plural);
//   - a Korean particle, {을/를}, {이/가}, {은/는}, {과/와}, {으로/로},
//     {이나/나} or {이라/라}, directly after a verb, takes the form that
//     follows the final sound of the formatted argument (see [Particle]):
//     "%s{을/를}" gives "Newtonsoft.Json을" and "Mvc.Core를" (closing
//     quotes or brackets may come between: "<%s>{이/가}").
//
// Both are resolved before formatting, from the arguments themselves.

var (
	// formVerbRE matches a formatting verb, as fmt parses it.
	formVerbRE = lazyre.New(`%[-+# 0-9.*]*(\[[0-9]+\])?[a-zA-Z%]`)
	// markupRE matches {a|b} (plural) and {a/b} (particle).
	markupRE = lazyre.New(`\{([^{}|/]+)([|/])([^{}|/]+)\}`)
)

// particlePairs lists the Korean particles a message may choose between:
// the form after a final consonant, then the form after a vowel.
var particlePairs = [][2]string{
	{"을", "를"}, {"이", "가"}, {"은", "는"}, {"과", "와"}, {"으로", "로"}, {"이나", "나"}, {"이라", "라"},
}

func particlePair(a, b string) ([2]string, bool) {
	for _, p := range particlePairs {
		if p[0] == a && p[1] == b || p[0] == b && p[1] == a {
			return p, true
		}
	}
	return [2]string{}, false
}

type formKind int

const (
	pluralForm formKind = iota
	particleForm
)

// form is one {…} choice in a message text.
type form struct {
	start, end int // byte offsets of the markup in the text
	kind       formKind
	arg        int    // the argument it agrees with, 1-based; 0 when none
	verb       string // that argument's verb, without an explicit index
	adjacent   bool   // only closing quotes or brackets between the verb and the markup
	choices    [2]string
}

// parseForms finds the choices in a message text.
func parseForms(text string) []form {
	marks := markupRE.FindAllStringSubmatchIndex(text, -1)
	if marks == nil {
		return nil
	}
	type verb struct {
		end, arg int
		verb     string
	}
	var verbs []verb
	next := 1
	for _, loc := range formVerbRE.FindAllStringIndex(text, -1) {
		v := text[loc[0]:loc[1]]
		if v == "%%" {
			continue
		}
		idx := next
		if i := strings.IndexByte(v, '['); i >= 0 {
			if n, err := strconv.Atoi(v[i+1 : strings.IndexByte(v, ']')]); err == nil {
				idx = n
			}
			v = v[:i] + v[strings.IndexByte(v, ']')+1:]
		}
		next = idx + 1
		verbs = append(verbs, verb{loc[1], idx, v})
	}
	var out []form
	for _, m := range marks {
		f := form{start: m[0], end: m[1]}
		a, sep, b := text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]]
		if sep == "|" {
			f.kind, f.choices = pluralForm, [2]string{a, b}
		} else {
			p, ok := particlePair(a, b)
			if !ok {
				continue // a literal {x/y}
			}
			f.kind, f.choices = particleForm, p
		}
		for _, v := range verbs {
			if v.end <= f.start {
				f.arg, f.verb = v.arg, v.verb
				f.adjacent = strings.Trim(text[v.end:f.start], closers) == ""
			}
		}
		out = append(out, f)
	}
	return out
}

// resolve returns text with its choices made for args.
func resolve(l Lang, text string, forms []form, args []any) string {
	if len(forms) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, f := range forms {
		b.WriteString(text[last:f.start])
		last = f.end
		var arg any
		if f.arg >= 1 && f.arg <= len(args) {
			arg = args[f.arg-1]
		}
		var word string
		switch f.kind {
		case pluralForm:
			word = f.choices[1]
			if n, ok := integer(arg); ok && plural.Cardinal.MatchPlural(tags[l], n, 0, 0, 0, 0) == plural.One {
				word = f.choices[0]
			}
		case particleForm:
			s := ""
			if arg != nil {
				s = fmt.Sprintf(f.verb, arg)
			}
			word = choose(s, f.choices)
		}
		b.WriteString(strings.ReplaceAll(word, "%", "%%"))
	}
	b.WriteString(text[last:])
	return b.String()
}

// integer returns the plural operand of an integer argument (modulo
// 10,000,000 for large ones, as MatchPlural allows).
func integer(v any) (int, bool) {
	const mod = 10_000_000
	x := reflect.ValueOf(v)
	switch x.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := x.Int() % mod
		if n < 0 {
			n = -n
		}
		return int(n), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return int(x.Uint() % mod), true
	}
	return 0, false
}

// Problems lists what is wrong with the choices of m's texts: a plural
// choice with no number before it, a particle that does not follow a
// verb directly. The catalog test reports them.
func (m *Message) Problems() []string {
	var out []string
	for l := range numLangs {
		for _, f := range m.choices(l) {
			mark := m.text[l][f.start:f.end]
			switch {
			case f.kind == pluralForm && (f.arg == 0 || !strings.HasSuffix(f.verb, "d")):
				out = append(out, fmt.Sprintf("%s: plural choice %s does not follow a %%d verb", Lang(l), mark))
			case f.kind == particleForm && !f.adjacent:
				out = append(out, fmt.Sprintf("%s: particle %s does not directly follow a verb (write the particle itself)", Lang(l), mark))
			}
		}
	}
	return out
}
