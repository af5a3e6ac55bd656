package msbuild

import (
	"path"
	"strconv"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/nuget"
)

// tri is a three-valued truth: a condition affected cannot decide (it calls
// a function it does not implement) is unknown.
type tri int8

const (
	triFalse tri = iota
	triTrue
	triUnknown
)

// expander substitutes $(Name) and the few property functions affected
// implements. Unknown names expand to "" as in MSBuild; unknown functions
// leave the text as written, which marks the value as unresolved.
type expander struct {
	props  func(name string) (string, bool)
	propAt func(name string) (extract.Location, bool) // where a literal property value is written
	exists func(p string) bool                        // for Exists() and GetPathOfFileAbove
	dir    string                                     // MSBuildThisFileDirectory, '/'-separated with trailing '/'
	lim    *limits                                    // shared by the evaluation's expanders; nil: no limits
}

// The limits of expansion. MSBuild itself has none short of the largest
// .NET string (about 2^30 characters), so a property that repeats the
// previous one ten times, a few levels deep, exhausts the memory of
// MSBuild and of any tool that evaluates as it does.
const (
	// MaxValue bounds the length of one expanded value (a property, an
	// attribute, a condition): 32 times the longest environment variable
	// Windows allows (32,767 characters), and far above what project
	// files hold (a long NoWarn list is a few KB).
	MaxValue = 1 << 20
	// MaxWork bounds the text all the expansions of one project's
	// evaluation produce, every target framework's included.
	MaxWork = 16 << 20
)

// limits counts the work of an evaluation's expansions and remembers which
// limit stopped them.
type limits struct {
	work int64
	over overKind
}

type overKind int8

const (
	overNone  overKind = iota
	overValue          // one value passed MaxValue
	overWork           // the evaluation passed MaxWork
)

// expand substitutes properties in s. It reports whether every reference
// could be resolved. Past a limit it returns "", false and records which
// limit in x.lim; every later expansion then does the same at once.
func (x *expander) expand(s string) (string, bool) {
	if x.lim != nil && x.lim.over != overNone {
		return "", false
	}
	if !strings.Contains(s, "$(") {
		return s, true
	}
	var b strings.Builder
	ok := true
	write := func(v string) bool {
		if x.lim == nil {
			b.WriteString(v)
			return true
		}
		if b.Len()+len(v) > MaxValue {
			x.lim.over = overValue
			return false
		}
		if x.lim.work += int64(len(v)); x.lim.work > MaxWork {
			x.lim.over = overWork
			return false
		}
		b.WriteString(v)
		return true
	}
	for {
		i := strings.Index(s, "$(")
		if i < 0 {
			if !write(s) {
				return "", false
			}
			return b.String(), ok
		}
		if !write(s[:i]) {
			return "", false
		}
		end := matchParen(s, i+1)
		if end < 0 {
			if !write(s[i:]) {
				return "", false
			}
			return b.String(), false
		}
		inner := s[i+2 : end]
		v, good := x.property(inner)
		if x.lim != nil && x.lim.over != overNone {
			return "", false // a function's arguments passed a limit
		}
		if !good {
			ok = false
			v = s[i : end+1]
		}
		if !write(v) {
			return "", false
		}
		s = s[end+1:]
	}
}

// matchParen returns the index of the ')' closing the '(' at open, honouring
// nesting and quotes.
func matchParen(s string, open int) int {
	depth := 0
	var quote byte
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '`' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func (x *expander) property(inner string) (string, bool) {
	inner = strings.TrimSpace(inner)
	if strings.HasPrefix(inner, "[") {
		return x.function(inner)
	}
	if strings.ContainsAny(inner, ".()[] ") {
		return "", false // $(Prop.Trim()) and friends
	}
	if strings.EqualFold(inner, "MSBuildThisFileDirectory") {
		return x.dir, true
	}
	v, _ := x.props(inner)
	return v, true
}

// function evaluates the property functions that matter for package
// references; anything else is unknown.
func (x *expander) function(s string) (string, bool) {
	cls, rest, ok := strings.Cut(s, "]::")
	if !ok {
		return "", false
	}
	name, argText, ok := strings.Cut(rest, "(")
	if !ok || !strings.HasSuffix(argText, ")") {
		return "", false
	}
	args := splitArgs(argText[:len(argText)-1])
	for i, a := range args {
		v, good := x.expand(unquote(a))
		if !good {
			return "", false
		}
		args[i] = v
	}
	if !strings.EqualFold(cls, "[MSBuild") {
		return "", false
	}
	switch strings.ToLower(name) {
	case "getpathoffileabove", "getdirectorynameoffileabove":
		if len(args) == 0 {
			return "", false
		}
		start := x.dir
		if len(args) > 1 && args[1] != "" {
			start = args[1]
		}
		found := x.fileAbove(args[0], start)
		if found == "" {
			return "", true
		}
		if strings.EqualFold(name, "GetDirectoryNameOfFileAbove") {
			return path.Dir(found), true
		}
		return found, true
	case "gettargetframeworkidentifier":
		if len(args) != 1 {
			return "", false
		}
		return nuget.ParseFramework(args[0]).ID, true
	case "gettargetframeworkversion":
		if len(args) < 1 {
			return "", false
		}
		return versionText(nuget.ParseFramework(args[0]).Version), true
	case "istargetframeworkcompatible":
		if len(args) != 2 {
			return "", false
		}
		c, known := frameworkCompatible(args[0], args[1])
		if !known {
			return "", false
		}
		return strconv.FormatBool(c), true
	case "versiongreaterthanorequals", "versionlessthan", "versiongreaterthan", "versionlessthanorequals", "versionequals", "versionnotequals":
		if len(args) != 2 {
			return "", false
		}
		a, b := parseLoose(args[0]), parseLoose(args[1])
		if a.IsZero() || b.IsZero() {
			return "", false
		}
		c := a.Compare(b)
		var r bool
		switch strings.ToLower(name) {
		case "versiongreaterthanorequals":
			r = c >= 0
		case "versionlessthan":
			r = c < 0
		case "versiongreaterthan":
			r = c > 0
		case "versionlessthanorequals":
			r = c <= 0
		case "versionequals":
			r = c == 0
		default:
			r = c != 0
		}
		return strconv.FormatBool(r), true
	}
	return "", false
}

func parseLoose(s string) nuget.Version {
	v, err := nuget.ParseVersion(strings.TrimPrefix(strings.TrimPrefix(s, "v"), "V"))
	if err != nil {
		return nuget.Version{}
	}
	return v
}

func versionText(v []int) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ".")
}

// frameworkCompatible implements IsTargetFrameworkCompatible for the
// families that matter (same identifier: version order; .NETStandard is
// accepted by .NETCoreApp ≥ 2.0 and .NETFramework ≥ 4.6.1 for 2.0).
func frameworkCompatible(target, candidate string) (bool, bool) {
	t, c := nuget.ParseFramework(target), nuget.ParseFramework(candidate)
	if t.ID == "" || c.ID == "" || len(t.Version) == 0 || len(c.Version) == 0 {
		return false, false
	}
	if strings.EqualFold(t.ID, c.ID) {
		return cmpInts(t.Version, c.Version) >= 0, true
	}
	if strings.EqualFold(c.ID, ".NETStandard") {
		switch {
		case strings.EqualFold(t.ID, ".NETCoreApp"):
			return cmpInts(c.Version, []int{2, 1}) <= 0 || cmpInts(t.Version, []int{3, 0}) >= 0, true
		case strings.EqualFold(t.ID, ".NETFramework"):
			return cmpInts(c.Version, []int{2, 0}) <= 0 && cmpInts(t.Version, []int{4, 6, 1}) >= 0, true
		}
	}
	return false, true
}

func cmpInts(a, b []int) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y int
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func (x *expander) fileAbove(name, start string) string {
	dir := strings.TrimSuffix(toSlash(start), "/")
	for i := 0; i < 64; i++ {
		p := dir + "/" + name
		if x.exists != nil && x.exists(p) {
			return p
		}
		parent := path.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	return ""
}

func splitArgs(s string) []string {
	var out []string
	depth := 0
	var quote byte
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '`' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[last:i]))
			last = i + 1
		}
	}
	if strings.TrimSpace(s) != "" {
		out = append(out, strings.TrimSpace(s[last:]))
	}
	return out
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '`' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

func toSlash(p string) string { return strings.ReplaceAll(p, `\`, "/") }

// condition evaluates an MSBuild condition
// (https://learn.microsoft.com/visualstudio/msbuild/msbuild-conditions).
func (x *expander) condition(s string) tri {
	if strings.TrimSpace(s) == "" {
		return triTrue
	}
	p := &condParser{x: x, toks: lexCondition(s)}
	v := p.or()
	if p.i != len(p.toks) || p.bad {
		return triUnknown
	}
	return v.truth()
}

type condValue struct {
	s     string
	known bool
	// b is set for the results of comparisons and boolean operators.
	isBool bool
	b      tri
}

func (v condValue) truth() tri {
	if v.isBool {
		return v.b
	}
	if !v.known {
		return triUnknown
	}
	switch strings.ToLower(strings.TrimSpace(v.s)) {
	case "true", "on", "yes", "!false", "!off", "!no":
		return triTrue
	case "false", "off", "no", "!true", "!on", "!yes":
		return triFalse
	}
	return triUnknown
}

type condParser struct {
	x    *expander
	toks []string
	i    int
	bad  bool
}

func (p *condParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *condParser) next() string {
	t := p.peek()
	if p.i < len(p.toks) {
		p.i++
	}
	return t
}

func (p *condParser) or() condValue {
	v := p.and()
	for strings.EqualFold(p.peek(), "or") {
		p.next()
		w := p.and()
		a, b := v.truth(), w.truth()
		r := triFalse
		switch {
		case a == triTrue || b == triTrue:
			r = triTrue
		case a == triUnknown || b == triUnknown:
			r = triUnknown
		}
		v = condValue{isBool: true, b: r}
	}
	return v
}

func (p *condParser) and() condValue {
	v := p.not()
	for strings.EqualFold(p.peek(), "and") {
		p.next()
		w := p.not()
		a, b := v.truth(), w.truth()
		r := triTrue
		switch {
		case a == triFalse || b == triFalse:
			r = triFalse
		case a == triUnknown || b == triUnknown:
			r = triUnknown
		}
		v = condValue{isBool: true, b: r}
	}
	return v
}

func (p *condParser) not() condValue {
	if p.peek() == "!" {
		p.next()
		v := p.not().truth()
		switch v {
		case triTrue:
			v = triFalse
		case triFalse:
			v = triTrue
		}
		return condValue{isBool: true, b: v}
	}
	return p.compare()
}

func (p *condParser) compare() condValue {
	a := p.operand()
	op := p.peek()
	switch op {
	case "==", "!=", "<", ">", "<=", ">=":
	default:
		return a
	}
	p.next()
	b := p.operand()
	if !a.known || !b.known {
		return condValue{isBool: true, b: triUnknown}
	}
	var r bool
	switch op {
	case "==":
		r = strings.EqualFold(a.s, b.s)
	case "!=":
		r = !strings.EqualFold(a.s, b.s)
	default:
		x, err1 := strconv.ParseFloat(strings.TrimSpace(a.s), 64)
		y, err2 := strconv.ParseFloat(strings.TrimSpace(b.s), 64)
		if err1 != nil || err2 != nil {
			// MSBuild compares versions too ('$(X)' >= '4.0').
			va, vb := parseLoose(a.s), parseLoose(b.s)
			if va.IsZero() || vb.IsZero() {
				return condValue{isBool: true, b: triUnknown}
			}
			c := va.Compare(vb)
			x, y = float64(c), 0
		}
		switch op {
		case "<":
			r = x < y
		case ">":
			r = x > y
		case "<=":
			r = x <= y
		default:
			r = x >= y
		}
	}
	if r {
		return condValue{isBool: true, b: triTrue}
	}
	return condValue{isBool: true, b: triFalse}
}

func (p *condParser) operand() condValue {
	t := p.next()
	switch {
	case t == "":
		p.bad = true
		return condValue{}
	case t == "(":
		v := p.or()
		if p.next() != ")" {
			p.bad = true
		}
		return v
	case t[0] == '\'' || t[0] == '"' || t[0] == '`':
		s, ok := p.x.expand(unquote(t))
		return condValue{s: s, known: ok}
	case strings.HasPrefix(t, "$("):
		s, ok := p.x.expand(t)
		return condValue{s: s, known: ok}
	case strings.HasPrefix(t, "@(") || strings.HasPrefix(t, "%("):
		return condValue{}
	}
	// A function call: Exists('...'), HasTrailingSlash('...').
	if p.peek() == "(" {
		p.next()
		var args []condValue
		for p.peek() != ")" && p.peek() != "" {
			args = append(args, p.operand())
			if p.peek() == "," {
				p.next()
			}
		}
		if p.next() != ")" {
			p.bad = true
		}
		switch strings.ToLower(t) {
		case "exists":
			if len(args) != 1 || !args[0].known || p.x.exists == nil {
				return condValue{isBool: true, b: triUnknown}
			}
			f := toSlash(strings.TrimSpace(args[0].s))
			if !path.IsAbs(f) {
				f = path.Join(p.x.dir, f)
			}
			if p.x.exists(f) {
				return condValue{isBool: true, b: triTrue}
			}
			return condValue{isBool: true, b: triFalse}
		case "hastrailingslash":
			if len(args) != 1 || !args[0].known {
				return condValue{isBool: true, b: triUnknown}
			}
			if strings.HasSuffix(args[0].s, "/") || strings.HasSuffix(args[0].s, `\`) {
				return condValue{isBool: true, b: triTrue}
			}
			return condValue{isBool: true, b: triFalse}
		}
		return condValue{isBool: true, b: triUnknown}
	}
	return condValue{s: t, known: true} // a bare word: true, false, a number
}

// lexCondition splits a condition into tokens: quoted strings (with their
// quotes), $(...) expressions, operators, parentheses, commas and words.
func lexCondition(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(s) && s[j] != c {
				j++
			}
			if j < len(s) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		case (c == '$' || c == '@' || c == '%') && i+1 < len(s) && s[i+1] == '(':
			end := matchParen(s, i+1)
			if end < 0 {
				end = len(s) - 1
			}
			toks = append(toks, s[i:end+1])
			i = end + 1
		case strings.HasPrefix(s[i:], "==") || strings.HasPrefix(s[i:], "!=") || strings.HasPrefix(s[i:], "<=") || strings.HasPrefix(s[i:], ">="):
			toks = append(toks, s[i:i+2])
			i += 2
		case c == '!' || c == '<' || c == '>' || c == '(' || c == ')' || c == ',':
			toks = append(toks, s[i:i+1])
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\r\n'\"`()!=<>,", rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks
}
