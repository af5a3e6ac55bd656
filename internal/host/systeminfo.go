package host

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/lazyre"
)

// systeminfo's fields, in the order it writes them on every Windows version
// from XP to 11 (labels differ by language, "System Up Time" replaced
// "System Boot Time" after XP, "Page File:" was "Virtual Memory:" before
// Vista — the places stay). Offsets are from the OS Version field.
const (
	offHostName   = -2
	offOSName     = -1
	offSystemType = 11
	offLocale     = 17
	offHotfixes   = 28
	offNICs       = 29
	// minFields is the number of fields from the OS version to the hotfix
	// list inclusive: a record with fewer is cut short.
	minFields = offHotfixes + 1
)

// versionShape is the OS Version value: "6.3.9600 N/A Build 9600",
// "5.2.3790 Service Pack 2 Build 3790", "10.0.17763 N/D Compilación 17763",
// "10.0.19045 N/A 빌드 19045", "6.1.7601 Service Pack 1 version 7601".
var versionShape = lazyre.New(`^(\d{1,2})\.(\d{1,2})\.(\d{3,5})(?:\s+(.*?))?\s*$`)

// systemTypeShape is the System Type value ("x64-based PC", "X86-based PC",
// "ARM64-based PC", "Itanium (TM) -based System"), which Windows does not
// translate.
var systemTypeShape = lazyre.New(`(?i)^(x64|x86|amd64|arm64|arm|ia64|itanium)\b.*based`)

// localeShape is the System Locale value: "ko;한국어", "en-us;English
// (United States)", "zh-tw;中文 (台灣)".
var localeShape = lazyre.New(`^([a-z]{2,3}(?:-[a-z0-9]{2,8})*);`)

// parseItem reads a list entry under a field: "[01]: KB2919355", "[01] :
// Intel64 …" (French puts a space before the colon), "[246]" and "[2"
// (cut off). rest is what follows the colon.
func parseItem(s string) (rest string, ok bool) {
	if len(s) < 2 || s[0] != '[' || s[1] < '0' || s[1] > '9' {
		return "", false
	}
	i := 2
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == len(s) {
		return "", true // "[2": cut off
	}
	if s[i] != ']' {
		return "", false
	}
	i++
	j := i
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j == len(s) {
		return "", true
	}
	if s[j] != ':' {
		return "", false
	}
	j++
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	return s[j:], true
}

// firstNumber finds the count in a list field's first value: "154
// Hotfix(s) Installed.", "핫픽스 4개 설치됨", "已安裝 11 Hotfix。".
var firstNumber = lazyre.New(`\d+`)

// siField is one field of a systeminfo list: a label line and the lines
// indented under it.
type siField struct {
	line  int    // 1-based line of the label
	raw   string // the whole label line
	value string // the text at and after the value column
	col   int    // 1-based column (in characters) where value starts
	more  []siLine
}

type siLine struct {
	line int
	col  int // 1-based column (characters) of the first non-space character
	text string
}

// looksLikeSysteminfo reports whether t has a systeminfo list record: a
// line whose value has the OS version's shape after a line whose value
// names Windows.
func looksLikeSysteminfo(t *text) bool {
	var prev string
	for _, l := range t.lines {
		if l == "" || l[0] == ' ' || l[0] == '\t' {
			continue
		}
		if v, ok := guessValue(l); ok && versionShape.MatchString(v) && windowsWord.MatchString(prev) {
			return true
		}
		prev = l
	}
	return false
}

var windowsWord = lazyre.New(`(?i)windows`)

// guessValue returns the value of a label line when the value column is
// not yet known: the text after the last run of two or more spaces that
// follows a colon, or after ": " when the label fills the column.
func guessValue(l string) (string, bool) {
	i := strings.LastIndex(l, ":  ")
	if i < 0 {
		i = strings.LastIndex(l, ": ")
	}
	if i < 0 {
		return "", false
	}
	return strings.TrimSpace(l[i+1:]), true
}

// cells returns the console width of s: two cells for East Asian wide and
// full-width characters, one for others.
func cells(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// splitAt splits a label line at console cell c (0-based): the label
// before, the value from there. When the label runs past c (no space
// before cell c), the value starts after the last ": " before the value.
func splitAt(l string, c int) (label, value string, col int) {
	n := 0
	for i, r := range l {
		if n >= c {
			before := l[:i]
			if strings.HasSuffix(before, " ") || strings.HasSuffix(before, "\t") || strings.HasSuffix(before, ":") {
				return strings.TrimSpace(before), strings.TrimRight(l[i:], " \t\u00a0"), utf8.RuneCountInString(before) + 1
			}
			break
		}
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	if n < c && !strings.Contains(l, ": ") {
		return strings.TrimSpace(l), "", 0 // a label with no value
	}
	if j := strings.Index(l, ": "); j >= 0 {
		v := strings.TrimLeft(l[j+1:], " \t")
		return strings.TrimSpace(l[:j+1]), strings.TrimRight(v, " \t\u00a0"), utf8.RuneCountInString(l[:len(l)-len(v)]) + 1
	}
	return strings.TrimSpace(l), "", 0
}

// readSysteminfo reads every systeminfo record of a list-form file.
func readSysteminfo(t *text) ([]*Inventory, error) {
	// The value column, in cells, from the first OS Version line.
	c := -1
	var prev string
	for _, l := range t.lines {
		if l == "" || l[0] == ' ' || l[0] == '\t' {
			continue
		}
		if v, ok := guessValue(l); ok && versionShape.MatchString(v) && windowsWord.MatchString(prev) {
			c = cells(l[:strings.LastIndex(l, v)])
			break
		}
		prev = l
	}
	if c < 0 {
		return nil, extract.Errorf(t.file, extract.Pos{Line: 1, Col: 1}, msgUnknownFormat)
	}
	var fields []siField
	for n, l := range t.lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			if len(fields) > 0 {
				trimmed := strings.TrimLeft(l, " \t")
				f := &fields[len(fields)-1]
				f.more = append(f.more, siLine{line: n + 1, col: utf8.RuneCountInString(l[:len(l)-len(trimmed)]) + 1, text: strings.TrimRight(trimmed, " \t")})
			}
			continue
		}
		_, v, col := splitAt(l, c)
		fields = append(fields, siField{line: n + 1, raw: l, value: strings.ReplaceAll(v, "\u00a0", " "), col: col})
	}
	// Records: one per OS Version field that follows a field naming
	// Windows.
	var anchors []int
	for i := 1; i < len(fields); i++ {
		if versionShape.MatchString(fields[i].value) && windowsWord.MatchString(fields[i-1].value) {
			anchors = append(anchors, i)
		}
	}
	var out []*Inventory
	for k, a := range anchors {
		end := len(fields)
		if k+1 < len(anchors) {
			end = anchors[k+1] + offHostName
			if end < a+1 {
				end = a + 1
			}
		}
		start := a + offHostName
		if k > 0 && start < anchors[k-1]+minFields {
			start = a + offOSName
		}
		if start < 0 {
			start = a + offOSName
		}
		inv, err := siRecord(t, fields[start:end], a-start)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return out, nil
}

// siRecord reads one record: fields[a] is the OS Version field.
func siRecord(t *text, fields []siField, a int) (*Inventory, error) {
	f := func(off int) *siField {
		if i := a + off; i >= 0 && i < len(fields) {
			return &fields[i]
		}
		return nil
	}
	first := fields[0].line
	inv := &Inventory{File: t.file, Line: first, Format: FormatSysteminfo, Encoding: t.enc}
	if h := f(offHostName); h != nil {
		inv.Host = strings.TrimSpace(h.value)
	}
	os, err := siOS(t, f(offOSName), f(0))
	if err != nil {
		return nil, err
	}
	inv.OS = os
	if st := f(offSystemType); st != nil && systemTypeShape.MatchString(st.value) {
		os.Arch = archOf(st.value)
	} else {
		// A field missing or added before it: look for the shape nearby.
		for off := offSystemType - 3; off <= offSystemType+3; off++ {
			if st := f(off); st != nil && systemTypeShape.MatchString(st.value) {
				os.Arch = archOf(st.value)
				break
			}
		}
	}
	if lc := f(offLocale); lc != nil {
		if m := localeShape.FindStringSubmatch(lc.value); m != nil {
			os.Locale = m[1]
		}
	}
	hf := hotfixField(fields, a)
	if hf == nil {
		last := fields[len(fields)-1]
		lastLine := last.line
		if n := len(last.more); n > 0 {
			lastLine = last.more[n-1].line
		}
		if len(fields)-a < minFields {
			return nil, extract.Errorf(t.file, extract.Pos{Line: lastLine}, msgTruncated, len(fields)-a+2, minFields+2)
		}
		return nil, extract.Errorf(t.file, extract.Pos{Line: lastLine}, msgNoHotfixField)
	}
	if err := siUpdates(t, inv, hf, hf != &fields[len(fields)-1]); err != nil {
		return nil, err
	}
	return inv, nil
}

// hotfixField finds the hotfix list of a record whose OS Version field is
// fields[a]: the first list field after the processors whose entries are
// updates; else, for a machine with none, the empty list field at the
// hotfix list's place. Records where a field is missing (a systeminfo
// saved without its domain lines) still find it by its entries.
func hotfixField(fields []siField, a int) *siField {
	for i := a + offSystemType + 2; i < len(fields); i++ {
		if isList(&fields[i]) && updateItems(&fields[i]) {
			return &fields[i]
		}
	}
	if i := a + offHotfixes; i < len(fields) && isList(&fields[i]) && len(fields[i].more) == 0 {
		return &fields[i]
	}
	return nil
}

// isList reports whether a field can be a list field: its entries are
// "[NN]: …" lines, or it has none and its value holds a count or says
// there is nothing ("N/A").
func isList(fl *siField) bool {
	if fl == nil {
		return false
	}
	for _, m := range fl.more {
		if _, ok := parseItem(m.text); !ok {
			return false
		}
	}
	return true
}

// updateItems reports whether a list field's entries look like updates.
func updateItems(fl *siField) bool {
	for _, m := range fl.more {
		if rest, ok := parseItem(m.text); ok && parseUpdateID(firstWord(rest)) != 0 {
			return true
		}
	}
	return false
}

func firstWord(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// siOS reads the OS name and version fields.
func siOS(t *text, name, version *siField) (*OS, error) {
	m := versionShape.FindStringSubmatch(version.value)
	if m == nil {
		return nil, extract.Errorf(t.file, extract.Pos{Line: version.line, Col: version.col}, msgBadVersion, version.value)
	}
	os := &OS{Version: m[1] + "." + m[2] + "." + m[3]}
	os.Build, _ = strconv.Atoi(m[3])
	if major, _ := strconv.Atoi(m[1]); major == 0 || os.Build <= 0 {
		// "0.0.0000": the shape of a version, not one Windows has had.
		return nil, extract.Errorf(t.file, extract.Pos{Line: version.line, Col: version.col}, msgBadVersion, version.value)
	}
	// "Service Pack 2 Build 3790", "N/A Build 9600", "서비스 팩 3 빌드
	// 2600": a number before the trailing build number is the service
	// pack.
	rest := strings.Fields(m[4])
	if len(rest) >= 2 {
		for _, w := range rest[:len(rest)-1] {
			if n, err := strconv.Atoi(w); err == nil && n > 0 && n < 10 {
				os.ServicePack = n
			}
		}
	}
	if name != nil {
		os.Name = cleanName(name.value)
	}
	return os, nil
}

// cleanName undoes the console's best-fit substitutes in product names:
// "Microsoftr Windows VistaT" is "Microsoft® Windows Vista™" written to a
// code page without ® and ™.
func cleanName(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	s = strings.NewReplacer("Microsoftr ", "Microsoft ", "Serverr ", "Server ", "VistaT ", "Vista ", "(R)", "", "®", "", "™", "", "(TM)", "").Replace(s + " ")
	return strings.Join(strings.Fields(s), " ")
}

// archOf maps a System Type value to an architecture.
func archOf(v string) string {
	s := strings.ToLower(v)
	switch {
	case strings.HasPrefix(s, "x64"), strings.HasPrefix(s, "amd64"):
		return "x64"
	case strings.HasPrefix(s, "x86"):
		return "x86"
	case strings.HasPrefix(s, "arm64"):
		return "arm64"
	case strings.HasPrefix(s, "arm"):
		return "arm"
	case strings.HasPrefix(s, "ia64"), strings.HasPrefix(s, "itanium"):
		return "ia64"
	}
	return ""
}

// siUpdates reads the hotfix list field into inv. nicsFollow says whether
// the network cards field comes after it (the record goes on).
func siUpdates(t *text, inv *Inventory, hf *siField, nicsFollow bool) error {
	inv.HasUpdates = true
	if n := firstNumber.FindString(hf.value); n != "" {
		inv.Claimed, _ = strconv.Atoi(n)
	}
	for _, m := range hf.more {
		rest, ok := parseItem(m.text)
		if !ok {
			continue
		}
		pos := extract.Pos{Line: m.line, Col: m.col}
		if rest != "" {
			pos.Col += len(m.text) - len(rest) // the entry is ASCII up to here
		}
		inv.Updates = append(inv.Updates, newUpdate(firstWord(rest), pos))
	}
	if len(inv.Updates) < inv.Claimed {
		if !nicsFollow {
			// The file itself stops inside the list.
			last := hf.line
			if n := len(hf.more); n > 0 {
				last = hf.more[n-1].line
			}
			return extract.Errorf(t.file, extract.Pos{Line: last}, msgListCut, len(inv.Updates), inv.Claimed)
		}
		// systeminfo's own limit: the last entry may be cut ("[240]:
		// KB2862", "[246]"), so it is not trusted.
		inv.Incomplete = true
		if n := len(inv.Updates); n > 0 {
			inv.Updates = inv.Updates[:n-1]
		}
	}
	return nil
}
