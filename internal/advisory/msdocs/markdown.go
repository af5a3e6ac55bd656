package msdocs

import (
	"bytes"
	"strings"

	"github.com/affected-dev/affected/internal/lazyre"
)

// line is one line of the document body: its text without the line
// break and the offset of its first byte in the file.
type line struct {
	text string
	off  int
}

// splitLines splits data[from:] into lines (LF or CRLF).
func splitLines(data []byte, from int) []line {
	var out []line
	for off := from; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		next := off + end + 1
		if end < 0 {
			end, next = len(data)-off, len(data)
		}
		t := string(data[off : off+end])
		out = append(out, line{text: strings.TrimSuffix(t, "\r"), off: off})
		off = next
	}
	return out
}

// section is a part of the document under a heading.
type section struct {
	title string
	level int // 1 for "===" and "#", 2 for "---" and "##", …
	line  int // index of the heading's (first) line
	start int // index of the first line of the section's body
	end   int // index after its last line
}

var atx = lazyre.New(`^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)

// isFence reports whether t opens or closes a code fence.
func isFence(t string) bool {
	t = strings.TrimLeft(t, " \t")
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// underline reports whether t is a setext underline of c ('=' or '-').
func underline(t string, c byte) bool {
	t = strings.TrimSpace(t)
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] != c {
			return false
		}
	}
	return true
}

// sections finds the headings of the body: setext ("Title" over "====" or
// "----") and ATX ("### Title"), outside code fences and HTML tables.
func sections(lines []line) []section {
	var out []section
	inFence, inTable := false, false
	for i := 0; i < len(lines); i++ {
		t := lines[i].text
		if isFence(t) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		if strings.Contains(t, "<table") {
			inTable = true
		}
		if inTable {
			if strings.Contains(t, "</table>") {
				inTable = false
			}
			continue
		}
		if strings.HasPrefix(strings.TrimLeft(t, " "), "#") {
			if m := atx.FindStringSubmatch(t); m != nil {
				out = append(out, section{title: m[2], level: len(m[1]), line: i, start: i + 1})
			}
			continue
		}
		if strings.TrimSpace(t) == "" || strings.HasPrefix(strings.TrimSpace(t), "<") || i+1 >= len(lines) {
			continue
		}
		next := lines[i+1].text
		level := 0
		switch {
		case underline(next, '='):
			level = 1
		case underline(next, '-') && len(strings.TrimSpace(next)) >= 2:
			level = 2
		}
		if level > 0 {
			out = append(out, section{title: strings.TrimSpace(t), level: level, line: i, start: i + 2})
			i++
		}
	}
	for k := range out {
		out[k].end = len(lines)
		for j := k + 1; j < len(out); j++ {
			if out[j].level <= out[k].level {
				out[k].end = out[j].line
				break
			}
		}
	}
	return out
}

var (
	mdLink     = lazyre.New(`!?\[([^\]]*)\]\(([^)\s]*(?:\([^)\s]*\)[^)\s]*)*)\)`)
	supMark    = lazyre.New(`\[\^(\d{1,2})\]`) // a <sup> mark, as readTable writes it
	mdFootnote = lazyre.New(`\\?\[\s*(\d{1,2})\s*\\?\]`)
	mdEscape   = lazyre.New(`\\([\\*_\[\]()#+\-.!|` + "`" + `])`)
	htmlTag    = lazyre.New(`</?[a-zA-Z][^>]*>`)
)

// inline is the plain text of a piece of Markdown: links give their text
// (their targets are returned), emphasis marks, HTML tags and escapes go,
// runs of spaces become one. Footnote marks ("[3]", "\[4\]") are returned
// apart and removed.
func inline(s string) (text string, links []string, notes []string) {
	if strings.Contains(s, "[^") {
		s = supMark.ReplaceAllStringFunc(s, func(m string) string {
			notes = append(notes, supMark.FindStringSubmatch(m)[1])
			return " "
		})
	}
	if strings.Contains(s, "](") {
		s = replaceLinks(s, &links)
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = htmlTag.ReplaceAllString(s, "")
	}
	if strings.IndexByte(s, '[') >= 0 {
		s = replaceFootnotes(s, &notes)
	}
	if strings.IndexByte(s, '\\') >= 0 {
		s = mdEscape.ReplaceAllString(s, "$1")
	}
	if strings.ContainsAny(s, "*_&") {
		s = inlineMarks.Replace(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n")), links, notes
}

// replaceLinks replaces the Markdown links of s ("[text](url)", and
// images "![alt](src)") by their text and collects their targets. As the
// expression `!?\[([^\]]*)\]\(([^)\s]*)\)` would, with one level of
// parentheses allowed in the target ("…/advisory_(v=Security.10)"), but
// without a regular expression: cells are many.
func replaceLinks(s string, links *[]string) string {
	var b strings.Builder
	done := 0
	for p := 0; p < len(s); p++ {
		if s[p] != '[' {
			continue
		}
		q := strings.IndexByte(s[p+1:], ']')
		if q < 0 {
			break
		}
		q += p + 1
		if q+1 >= len(s) || s[q+1] != '(' {
			continue
		}
		k, depth := q+2, 0
		for ; k < len(s); k++ {
			c := s[k]
			if c == '(' {
				depth++
			} else if c == ')' {
				if depth == 0 {
					break
				}
				depth--
			} else if c == ' ' || c == '\n' || c == '\t' {
				k = len(s)
			}
		}
		if k >= len(s) {
			continue
		}
		start := p
		if p > done && s[p-1] == '!' {
			start = p - 1
		}
		b.WriteString(s[done:start])
		b.WriteString(s[p+1 : q])
		*links = append(*links, s[q+2:k])
		done, p = k+1, k
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// replaceFootnotes replaces footnote marks ("[3]", "\[4\]") by a space
// and collects their numbers.
func replaceFootnotes(s string, notes *[]string) string {
	var b strings.Builder
	done := 0
	for p := 0; p < len(s); p++ {
		if s[p] != '[' {
			continue
		}
		start, k := p, p+1
		if p > 0 && s[p-1] == '\\' {
			start = p - 1
		}
		for k < len(s) && s[k] == ' ' {
			k++
		}
		d := k
		for k < len(s) && k-d < 3 && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		n := s[d:k]
		if n == "" || len(n) > 2 {
			continue
		}
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if k < len(s) && s[k] == '\\' {
			k++
		}
		if k >= len(s) || s[k] != ']' || start < done {
			continue
		}
		b.WriteString(s[done:start])
		b.WriteByte(' ')
		*notes = append(*notes, n)
		done, p = k+1, k
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

var inlineMarks = strings.NewReplacer("**", "", "__", "", "&#42;", "*", "&amp;", "&", "&nbsp;", " ")

// oneLine is inline's text with line breaks made spaces.
func oneLine(s string) string {
	t, _, _ := inline(s)
	return strings.Join(strings.Fields(t), " ")
}

// paragraph returns the first paragraph of lines[from:to]: the first run of
// non-blank lines that are not a heading, an HTML block, a list or a code
// fence, as one line of plain text, and the index of its first line.
func paragraph(lines []line, from, to int) (string, int) {
	for i := from; i < to; i++ {
		t := strings.TrimSpace(lines[i].text)
		if t == "" || strings.HasPrefix(t, "<") || strings.HasPrefix(t, "#") || isFence(t) || strings.HasPrefix(t, "> ") {
			continue
		}
		var b []string
		j := i
		for ; j < to; j++ {
			u := strings.TrimSpace(lines[j].text)
			if u == "" || strings.HasPrefix(u, "<") {
				break
			}
			b = append(b, u)
		}
		return oneLine(strings.Join(b, "\n")), i
	}
	return "", -1
}
