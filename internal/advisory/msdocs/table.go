package msdocs

import (
	"bytes"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// table is an HTML table of the document, its cells still Markdown.
type table struct {
	off  int // offset of "<table" in the file
	end  int // offset after "</table>"
	rows []row
}

type row struct {
	off   int // offset of "<tr"
	cells []cell
}

type cell struct {
	off     int    // offset of "<td"
	raw     string // the cell's content: Markdown, <sup> marks as "[^n]", <strong> as "**", <br> as a line break
	colspan int

	plain        string // inline(raw), computed once the table is read
	links, notes []string
}

// text is the cell's plain text (see inline), with its links and footnote
// marks.
func (c cell) text() (string, []string, []string) { return c.plain, c.links, c.notes }

// bold reports whether the cell's content is all emphasis: a heading.
func (c cell) bold() bool {
	if !strings.Contains(c.raw, "**") {
		return false
	}
	t := strings.TrimSpace(c.raw)
	t = strings.TrimSpace(strings.TrimSuffix(t, "\\*")) // "**대체된 업데이트**\*"
	if strings.HasSuffix(t, "***") {
		t = t[:len(t)-1] // "**대체된 업데이트**&#42;", unescaped
	}
	if mdFootnote.MatchString(t) {
		t = strings.TrimSpace(mdFootnote.ReplaceAllString(t, ""))
	}
	if strings.HasPrefix(t, "[") {
		if m := mdLink.FindStringSubmatch(t); m != nil && len(m[0]) == len(t) {
			t = strings.TrimSpace(m[1])
		}
	}
	return len(t) > 4 && strings.HasPrefix(t, "**") && strings.HasSuffix(t, "**")
}

// emphasised reports whether the cell's content starts with emphasis
// ("**Windows … 취약성**  [CVE-2016-7295](…)"): a header cell.
func (c cell) emphasised() bool {
	t := strings.TrimSpace(c.raw)
	return strings.HasPrefix(t, "**") || strings.HasPrefix(t, "[**") || c.bold()
}

// empty reports whether the cell has no text.
func (c cell) empty() bool { return c.plain == "" }

// readTable reads the table that starts at data[off] ("<table") with
// golang.org/x/net/html's tokenizer, up to its matching "</table>". ok is
// false when the table is not closed (a truncated document).
func readTable(data []byte, off int) (t table, ok bool) {
	t.off = off
	z := html.NewTokenizer(bytes.NewReader(data[off:]))
	pos := off
	depth := 0
	inSup := false
	var cur *cell
	for {
		tt := z.Next()
		raw := z.Raw()
		start := pos
		pos += len(raw)
		switch tt {
		case html.ErrorToken:
			return t, false
		case html.TextToken:
			if cur != nil && inSup {
				if n := strings.Trim(strings.TrimSpace(string(z.Text())), "[]"); n != "" && len(n) <= 2 && strings.Trim(n, "0123456789") == "" {
					cur.raw += "[^" + n + "]"
					continue
				}
			}
			if cur != nil {
				// The tokenizer unescapes entities; the cell keeps them
				// unescaped, Markdown and all.
				cur.raw += string(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			end := tt == html.EndTagToken
			switch a {
			case atom.Table:
				if end {
					depth--
					if depth == 0 {
						t.end = pos
						for i := range t.rows {
							for j := range t.rows[i].cells {
								c := &t.rows[i].cells[j]
								c.plain, c.links, c.notes = inline(c.raw)
							}
						}
						return t, true
					}
				} else if tt == html.StartTagToken {
					depth++
				}
			case atom.Tr:
				if !end && depth == 1 {
					t.rows = append(t.rows, row{off: start})
					cur = nil
				}
			case atom.Td, atom.Th:
				if end {
					cur = nil
					continue
				}
				if depth != 1 {
					continue
				}
				if len(t.rows) == 0 {
					t.rows = append(t.rows, row{off: start})
				}
				r := &t.rows[len(t.rows)-1]
				c := cell{off: start, colspan: 1}
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "colspan" {
						if n, err := strconv.Atoi(strings.TrimSpace(string(v))); err == nil && n > 0 && n < 100 {
							c.colspan = n
						}
					}
				}
				r.cells = append(r.cells, c)
				cur = &r.cells[len(r.cells)-1]
			case atom.Br:
				if cur != nil {
					cur.raw += "\n"
				}
			case atom.Strong, atom.B:
				if cur != nil {
					cur.raw += "**"
				}
			case atom.Sup:
				// "<sup>[3]</sup>", "<sup>2</sup>": a footnote mark
				inSup = !end
			case atom.P:
				if cur != nil && end {
					cur.raw += "\n"
				}
			}
		}
	}
}
