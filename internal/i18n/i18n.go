// Package i18n holds the user-facing messages of affected in English, Korean
// and Traditional Chinese, and chooses among them.
//
// Every message is defined once, next to the code that uses it, with
// [Define]: an identifier and its text in the three languages. A test walks
// [All] and fails when a text is missing or its formatting verbs differ
// between languages. Formatting goes through golang.org/x/text/message so
// that numbers are written the way each language expects.
//
// Words that agree with an argument are written as choices that are made
// when the message is formatted: English plurals, "%d {path|paths}", by
// the CLDR plural rules; Korean particles, "%s{을/를}", by the final sound
// of the argument ([Particle]). The catalog test refuses the shortcuts
// these replace ("path(s)", "을(를)").
//
// Errors that reach a user are built with [Errorf]; [Localize] renders an
// error chain in the chosen language. An error from elsewhere (the
// standard library, the system, a decoder) keeps its own English text in
// English; in another language the common ones (a missing file, a refused
// permission or connection, a timeout) are translated, keeping the file
// they name, and any other is quoted as the detail of the localized
// message around it.
package i18n

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Lang is one of the languages affected speaks.
type Lang int

// The supported languages. English is the default and the fallback.
const (
	En Lang = iota
	Ko
	ZhTW
	numLangs
)

var tags = [numLangs]language.Tag{language.English, language.Korean, language.MustParse("zh-TW")}

var matcher = language.NewMatcher([]language.Tag{tags[En], tags[Ko], tags[ZhTW]})

// String returns the BCP 47 tag of l: "en", "ko" or "zh-TW".
func (l Lang) String() string {
	switch l {
	case Ko:
		return "ko"
	case ZhTW:
		return "zh-TW"
	}
	return "en"
}

// Tag returns the language tag of l.
func (l Lang) Tag() language.Tag { return tags[l] }

// Langs lists the supported languages.
func Langs() []Lang { return []Lang{En, Ko, ZhTW} }

// Parse returns the supported language that best matches s, which may be a
// BCP 47 tag ("zh-TW", "ko") or a POSIX locale ("ko_KR.UTF-8"). It fails when
// s names no language affected speaks, so that `--lang fr` is an error rather
// than a silent English.
func Parse(s string) (Lang, error) {
	l, conf, ok := match(s)
	if !ok || conf < language.High {
		return En, Errorf(MsgUnknownLang, s, "en, ko, zh-TW")
	}
	return l, nil
}

func match(s string) (Lang, language.Confidence, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i] // ko_KR.UTF-8, sr_RS@latin
	}
	s = strings.ReplaceAll(s, "_", "-")
	if s == "" || s == "C" || s == "POSIX" {
		return En, language.No, false
	}
	t, err := language.Parse(s)
	if err != nil {
		return En, language.No, false
	}
	_, i, conf := matcher.Match(t)
	return Lang(i), conf, true
}

// FromEnv picks the language from LC_ALL, LC_MESSAGES and LANG, in the order
// POSIX gives them precedence; English when none names a language we speak.
func FromEnv(getenv func(string) string) Lang {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(k)
		if v == "" {
			continue
		}
		l, conf, ok := match(v)
		if ok && conf >= language.High {
			return l
		}
		return En // the first set variable decides, as in POSIX
	}
	return En
}

// Message is a user-facing text in every supported language. The texts are
// fmt formats; all three must use the same verbs in the same order.
type Message struct {
	ID   string
	text [numLangs]string
	// forms holds the {…} choices of each text, found on first use: a
	// program defines some 600 messages when it starts and shows a few,
	// and finding the choices of all of them took a third of the start-up
	// of every command.
	forms     [numLangs][]form
	formsOnce sync.Once
}

// choices returns the {…} choices of m's text in l.
func (m *Message) choices(l Lang) []form {
	m.formsOnce.Do(func() {
		for l := range numLangs {
			m.forms[l] = parseForms(m.text[l])
		}
	})
	return m.forms[l]
}

var (
	mu       sync.Mutex
	registry = map[string]*Message{}
)

// Define registers a message. It panics on a duplicate identifier, which is
// a programming error found by any test that loads the package.
func Define(id, en, ko, zhTW string) *Message {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := registry[id]; dup {
		panic("i18n: duplicate message " + id)
	}
	m := &Message{ID: id, text: [numLangs]string{en, ko, zhTW}}
	registry[id] = m
	return m
}

// All returns every defined message, sorted by identifier.
func All() []*Message {
	mu.Lock()
	defer mu.Unlock()
	out := make([]*Message, 0, len(registry))
	for _, m := range registry {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Text returns the raw format of m in l, with its choices ({one|other},
// {을/를}) unresolved.
func (m *Message) Text(l Lang) string { return m.text[l] }

var printers [numLangs]*message.Printer

func init() {
	for l := range numLangs {
		printers[l] = message.NewPrinter(tags[l])
	}
}

// Sprintf formats m in l. Arguments that are errors are localized too.
func (m *Message) Sprintf(l Lang, args ...any) string {
	if m == nil {
		return ""
	}
	if l < 0 || l >= numLangs {
		l = En
	}
	args = localizeArgs(l, args)
	return printers[l].Sprintf(resolve(l, m.text[l], m.choices(l), args), args...)
}

// Plain formats m in l with the standard fmt rules (no digit grouping);
// for text that is read back by programs, such as file names in errors.
func (m *Message) Plain(l Lang, args ...any) string {
	if l < 0 || l >= numLangs {
		l = En
	}
	args = localizeArgs(l, args)
	return fmt.Sprintf(resolve(l, m.text[l], m.choices(l), args), args...)
}

func localizeArgs(l Lang, args []any) []any {
	var out []any
	for i, a := range args {
		if err, ok := a.(error); ok {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = Localize(err, l)
		}
	}
	if out == nil {
		return args
	}
	return out
}

// Error is an error whose text exists in every supported language.
type Error struct {
	Msg  *Message
	Args []any
}

// Errorf returns an error with the text of m. An argument that is an error
// is wrapped (errors.Is and errors.As see it) and localized with the rest.
func Errorf(m *Message, args ...any) error { return &Error{Msg: m, Args: args} }

// Error returns the English text.
func (e *Error) Error() string { return e.Msg.Plain(En, e.Args...) }

// Localize returns the text in l.
func (e *Error) Localize(l Lang) string { return e.Msg.Plain(l, e.Args...) }

// Unwrap returns the errors among the arguments.
func (e *Error) Unwrap() []error {
	var errs []error
	for _, a := range e.Args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// Localizer is implemented by errors that can render themselves in a
// language (such as a parse error that adds its file position).
type Localizer interface {
	Localize(l Lang) string
}

// Localize renders err in l. Errors built by this package (or implementing
// [Localizer]) are translated; any other error keeps its own text.
func Localize(err error, l Lang) string {
	if err == nil {
		return ""
	}
	if e, ok := err.(Localizer); ok {
		return e.Localize(l)
	}
	// A wrapper that adds no text of its own (it only marks the error's
	// kind) is transparent.
	if u, ok := err.(interface{ Unwrap() error }); ok {
		if inner := u.Unwrap(); inner != nil && inner.Error() == err.Error() {
			return Localize(inner, l)
		}
	}
	if l != En {
		return localizeStd(err, l)
	}
	return err.Error()
}

// MsgUnknownLang is the error for a --lang value we do not speak.
var MsgUnknownLang = Define("i18n.unknown-lang",
	"unknown language %q (supported: %s)",
	"알 수 없는 언어 %q (지원: %s)",
	"未知的語言 %q（支援：%s）")
