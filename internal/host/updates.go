package host

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/lazyre"
)

// Win32_QuickFixEngineering's properties (and the columns PowerShell
// adds), which wmic and Get-HotFix print untranslated in every language.
var qfeColumns = map[string]bool{
	"caption": true, "csname": true, "description": true, "fixcomments": true,
	"hotfixid": true, "installdate": true, "installedby": true, "installedon": true,
	"name": true, "servicepackineffect": true, "status": true, "source": true,
	"pscomputername": true, "node": true, "__server": true,
}

// hostColumn reports whether a column names the machine.
func hostColumn(name string) bool {
	switch strings.ToLower(name) {
	case "csname", "pscomputername", "source", "node", "__server":
		return true
	}
	return false
}

// updateRow is one update as a table, list or CSV gives it.
type updateRow struct {
	host, id, description, installedOn string
	pos                                extract.Pos
}

// groupRows turns rows into one inventory per machine named (rows without
// a name go to one inventory without a name), in the order first seen.
func groupRows(t *text, format Format, rows []updateRow) []*Inventory {
	var out []*Inventory
	by := map[string]*Inventory{}
	for _, r := range rows {
		key := strings.ToLower(r.host)
		inv, ok := by[key]
		if !ok {
			inv = &Inventory{File: t.file, Line: r.pos.Line, Format: format, Encoding: t.enc, Host: r.host, HasUpdates: true}
			by[key] = inv
			out = append(out, inv)
		}
		if r.id == "" {
			continue
		}
		u := newUpdate(r.id, r.pos)
		u.Description, u.InstalledOn = r.description, r.installedOn
		inv.Updates = append(inv.Updates, u)
	}
	if len(out) == 0 {
		// A header and no rows: a machine with no updates listed.
		out = append(out, &Inventory{File: t.file, Line: 1, Format: format, Encoding: t.enc, HasUpdates: true})
	}
	return out
}

// tableHeader finds the header line of a wmic qfe or Get-HotFix table:
// the first line with a HotFixID column whose words are all property
// names. It returns the line index, the header text (after any notice
// wmic glued before it) and the offset in characters of that text.
func tableHeader(t *text) (int, string, int, bool) {
	for i, l := range t.lines {
		j := indexFold(l, "hotfixid")
		if j < 0 {
			continue
		}
		// wmic's first run writes "Please wait while WMIC is being
		// installed." with no line break before the header: the header
		// starts at the first column name.
		start := -1
		for k := 0; k <= j && start < 0; k++ {
			if k > 0 && isWordByte(l[k-1]) {
				continue
			}
			for name := range qfeColumns {
				if hasPrefixFold(l[k:], name) && (len(l) == k+len(name) || !isWordByte(l[k+len(name)])) {
					start = k
					break
				}
			}
		}
		if start < 0 {
			continue
		}
		h := l[start:]
		ok := true
		for _, w := range strings.Fields(h) {
			if !qfeColumns[strings.ToLower(w)] {
				ok = false
				break
			}
		}
		if ok {
			return i, h, utf8.RuneCountInString(l[:start]), true
		}
	}
	return 0, "", 0, false
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func indexFold(s, sub string) int {
	return strings.Index(strings.ToLower(s), sub)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

var dashes = lazyre.New(`^[\s-]+$`)

// readUpdateTable reads a wmic qfe table or Get-HotFix's table: columns
// start where their header words start (in characters).
func readUpdateTable(t *text, format Format) ([]*Inventory, error) {
	hi, header, _, ok := tableHeader(t)
	if !ok {
		return nil, extract.Errorf(t.file, extract.Pos{Line: 1, Col: 1}, msgUnknownFormat)
	}
	type column struct {
		name  string
		start int // in runes
	}
	var cols []column
	runes := []rune(header)
	for i := 0; i < len(runes); i++ {
		if runes[i] != ' ' && (i == 0 || runes[i-1] == ' ') {
			j := i
			for j < len(runes) && runes[j] != ' ' {
				j++
			}
			cols = append(cols, column{strings.ToLower(string(runes[i:j])), i})
			i = j
		}
	}
	cell := func(r []rune, k int) string {
		start := cols[k].start
		if start >= len(r) {
			return ""
		}
		end := len(r)
		if k+1 < len(cols) && cols[k+1].start < end {
			end = cols[k+1].start
		}
		return strings.TrimSpace(string(r[start:end]))
	}
	var rows []updateRow
	for n := hi + 1; n < len(t.lines); n++ {
		l := t.lines[n]
		if strings.TrimSpace(l) == "" || dashes.MatchString(l) {
			continue
		}
		r := []rune(l)
		var row updateRow
		var spie string
		for k, c := range cols {
			v := cell(r, k)
			switch {
			case c.name == "servicepackineffect":
				spie = v
			case c.name == "hotfixid":
				row.id = v
				row.pos = extract.Pos{Line: n + 1, Col: c.start + 1}
			case hostColumn(c.name) && row.host == "":
				row.host = v
			case c.name == "description":
				row.description = v
			case c.name == "installedon":
				row.installedOn = v
			}
		}
		// Windows XP's provider names many updates "File 1" and puts the
		// KB number in ServicePackInEffect.
		if parseUpdateID(row.id) == 0 && parseUpdateID(spie) != 0 && !strings.HasPrefix(strings.ToUpper(spie), "SP") {
			row.id = spie
			row.pos.Col = cols[len(cols)-1].start + 1
			for _, c := range cols {
				if c.name == "servicepackineffect" {
					row.pos.Col = c.start + 1
				}
			}
		}
		rows = append(rows, row)
	}
	return groupRows(t, format, rows), nil
}

// listKey is a line of wmic's /format:list ("HotFixID=KB123") or
// PowerShell's Format-List ("HotFixID    : KB123").
var listKey = lazyre.New(`^\s*([A-Za-z_]+)\s*(=|\s:)\s?(.*?)\s*$`)

// looksLikeUpdateList reports whether t is in list form with a HotFixID.
func looksLikeUpdateList(t *text) bool {
	for _, l := range t.lines {
		if m := listKey.FindStringSubmatch(l); m != nil && strings.EqualFold(m[1], "hotfixid") {
			return true
		}
	}
	return false
}

// readUpdateList reads wmic qfe /format:list or Get-HotFix | Format-List:
// records of "Name=Value" (or "Name : Value") lines separated by blank
// lines.
func readUpdateList(t *text, format Format) ([]*Inventory, error) {
	var rows []updateRow
	var cur updateRow
	have := false
	seen := map[string]bool{}
	flush := func() {
		if have {
			rows = append(rows, cur)
		}
		cur, have, seen = updateRow{}, false, map[string]bool{}
	}
	for n, l := range t.lines {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		m := listKey.FindStringSubmatch(l)
		if m == nil || !qfeColumns[strings.ToLower(m[1])] {
			continue
		}
		key := strings.ToLower(m[1])
		if seen[key] {
			flush() // records not separated by a blank line
		}
		seen[key] = true
		have = true
		switch {
		case key == "hotfixid":
			cur.id = m[3]
			cur.pos = extract.Pos{Line: n + 1, Col: utf8.RuneCountInString(l[:strings.LastIndex(l, m[3])]) + 1}
		case hostColumn(key) && cur.host == "":
			cur.host = m[3]
		case key == "description":
			cur.description = m[3]
		case key == "installedon":
			cur.installedOn = m[3]
		}
	}
	flush()
	return groupRows(t, format, rows), nil
}

// csvRecords reads t as CSV: records with the line of each. Lines starting
// with "#" before the first record are skipped (Export-Csv's "#TYPE …").
func csvRecords(t *text) ([][]string, []int, error) {
	start := 0
	for start < len(t.lines) && (strings.TrimSpace(t.lines[start]) == "" || strings.HasPrefix(t.lines[start], "#")) {
		start++
	}
	body := strings.Join(t.lines[start:], "\n")
	r := csv.NewReader(strings.NewReader(body))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var recs [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, extract.Errorf(t.file, extract.Pos{Line: pe.Line + start, Col: pe.Column}, msgCSV, pe.Err)
			}
			return nil, nil, extract.Errorf(t.file, extract.Pos{Line: line + start}, msgCSV, err)
		}
		recs = append(recs, rec)
		lines = append(lines, line+start)
	}
	return recs, lines, nil
}

// csvHotfixHeader returns the columns of a CSV whose header has HotFixID.
func csvHotfixHeader(rec []string) (map[string]int, bool) {
	cols := map[string]int{}
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := cols[h]; !dup {
			cols[h] = i
		}
	}
	_, ok := cols["hotfixid"]
	return cols, ok
}

// readUpdateCSV reads Get-HotFix | Export-Csv and wmic qfe /format:csv.
func readUpdateCSV(t *text, format Format) ([]*Inventory, error) {
	recs, lines, err := csvRecords(t)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, extract.Errorf(t.file, extract.Pos{Line: 1, Col: 1}, msgUnknownFormat)
	}
	cols, ok := csvHotfixHeader(recs[0])
	if !ok {
		return nil, extract.Errorf(t.file, extract.Pos{Line: lines[0], Col: 1}, msgUnknownFormat)
	}
	get := func(rec []string, name string) string {
		if i, ok := cols[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var rows []updateRow
	for k, rec := range recs[1:] {
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		row := updateRow{id: get(rec, "hotfixid"), description: get(rec, "description"), installedOn: get(rec, "installedon"),
			pos: extract.Pos{Line: lines[k+1]}}
		for _, h := range []string{"pscomputername", "csname", "source", "node", "__server"} {
			if v := get(rec, h); v != "" {
				row.host = v
				break
			}
		}
		rows = append(rows, row)
	}
	return groupRows(t, format, rows), nil
}

// readSysteminfoCSV reads systeminfo /fo csv: one record per host, with
// or without the header row. Fields are in the list form's order; the
// multi-line fields hold their entries joined by commas ("3 Hotfix(s)
// Installed.,[01]: KB4534132,[02]: …").
func readSysteminfoCSV(t *text) ([]*Inventory, error) {
	recs, lines, err := csvRecords(t)
	if err != nil {
		return nil, err
	}
	var out []*Inventory
	for k, rec := range recs {
		if len(rec) < 3 || !versionShape.MatchString(strings.TrimSpace(rec[2])) {
			if k == 0 {
				continue // the header row
			}
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			return nil, extract.Errorf(t.file, extract.Pos{Line: lines[k], Col: 1}, msgCSVRecord)
		}
		line := lines[k]
		if len(rec) < 2+minFields {
			return nil, extract.Errorf(t.file, extract.Pos{Line: line}, msgTruncated, len(rec), minFields+2)
		}
		name := &siField{line: line, value: rec[1]}
		version := &siField{line: line, value: strings.TrimSpace(rec[2])}
		os, err := siOS(t, name, version)
		if err != nil {
			return nil, err
		}
		inv := &Inventory{File: t.file, Line: line, Format: FormatSysteminfoCSV, Encoding: t.enc, Host: strings.TrimSpace(rec[0]), OS: os}
		if v := strings.TrimSpace(rec[2+offSystemType]); systemTypeShape.MatchString(v) {
			os.Arch = archOf(v)
		}
		if m := localeShape.FindStringSubmatch(strings.TrimSpace(rec[2+offLocale])); m != nil {
			os.Locale = m[1]
		}
		hf := &siField{line: line, value: rec[2+offHotfixes]}
		if i := strings.Index(hf.value, ",["); i >= 0 {
			for _, item := range strings.Split(hf.value[i+1:], ",[") {
				hf.more = append(hf.more, siLine{line: line, text: "[" + strings.TrimPrefix(strings.TrimSpace(item), "[")})
			}
			hf.value = hf.value[:i]
		}
		if err := siUpdates(t, inv, hf, len(rec) > 2+offNICs); err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	if len(out) == 0 {
		return nil, extract.Errorf(t.file, extract.Pos{Line: 1, Col: 1}, msgUnknownFormat)
	}
	return out, nil
}

// looksLikeSysteminfoCSV reports whether t's first or second CSV line has
// the OS version's shape in its third field.
func looksLikeSysteminfoCSV(t *text) bool {
	n := 0
	for _, l := range t.lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if n++; n > 2 {
			break
		}
		r := csv.NewReader(strings.NewReader(l))
		r.LazyQuotes = true
		rec, err := r.Read()
		if err == nil && len(rec) > 2 && versionShape.MatchString(strings.TrimSpace(rec[2])) && windowsWord.MatchString(rec[1]) {
			return true
		}
	}
	return false
}

// looksLikeUpdateCSV reports whether t is CSV with a HotFixID column.
func looksLikeUpdateCSV(t *text) bool {
	for _, l := range t.lines {
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if !strings.Contains(l, ",") {
			return false
		}
		r := csv.NewReader(strings.NewReader(l))
		r.LazyQuotes = true
		rec, err := r.Read()
		if err != nil {
			return false
		}
		_, ok := csvHotfixHeader(rec)
		return ok
	}
	return false
}

// updateListing is a line of a Windows Update listing: an update offered
// to the machine, "KB4489893: 2019-03 Preview of Monthly Quality Rollup…".
var updateListing = lazyre.New(`^KB\d{4,8}: \S`)

// isUpdateListing reports whether most lines of t are Windows Update
// offers.
func isUpdateListing(t *text) bool {
	n, m := 0, 0
	for _, l := range t.lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n++
		if updateListing.MatchString(l) {
			m++
		}
	}
	return n > 0 && m*2 >= n
}
