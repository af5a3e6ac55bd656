package edit

import (
	"bytes"
	"strings"

	"github.com/affected-dev/affected/internal/extract/msbuild"
	"github.com/affected-dev/affected/internal/i18n"
)

// XML collects edits to one MSBuild-style XML document (a project, a props
// file, packages.config) and applies them to the bytes it was parsed from.
// Locations come from msbuild.Parse, which records the byte offsets of
// every element, attribute value and text.
type XML struct {
	Doc   *msbuild.Document
	edits []Edit
	quote byte
	// filled remembers the insertions into elements that had no
	// children: a second one rewrites the first's edit.
	filled map[*msbuild.Element]*filling
}

type filling struct {
	edit  int // index in edits
	elems []Element
}

// NewXML starts editing a parsed document.
func NewXML(doc *msbuild.Document) *XML {
	return &XML{Doc: doc, quote: fileQuote(doc.Root)}
}

// ParseXML parses data and starts editing it.
func ParseXML(file string, data []byte) (*XML, error) {
	doc, err := msbuild.Parse(file, data)
	if err != nil {
		return nil, err
	}
	if doc.UTF16 {
		// The edits would be made to its UTF-8 decoding, and every byte
		// of the file would change.
		return nil, i18n.Errorf(MsgUTF16)
	}
	return NewXML(doc), nil
}

// fileQuote returns the quote character of the first attribute of the
// document, or '"'.
func fileQuote(e *msbuild.Element) byte {
	for _, a := range e.Attrs {
		if a.Quote == '\'' || a.Quote == '"' {
			return a.Quote
		}
	}
	for _, c := range e.Children {
		if q := fileQuote(c); q != 0 {
			return q
		}
	}
	if e.Parent == nil {
		return '"'
	}
	return 0
}

// Element is an element to insert. A non-empty Comment is written as an
// XML comment on the line above it (inside an inline parent, just before
// it).
type Element struct {
	Name     string
	Attrs    []Attribute
	Text     string    // text content; used when there are no Children
	Children []Element // each on its own line, one level deeper
	Comment  string
}

// Attribute is a name and an unescaped value.
type Attribute struct{ Name, Value string }

// Edits returns the edits collected so far.
func (x *XML) Edits() []Edit { return append([]Edit(nil), x.edits...) }

// Changed reports whether any edit was made.
func (x *XML) Changed() bool { return len(x.edits) > 0 }

// Bytes returns the document with the edits applied.
func (x *XML) Bytes() ([]byte, error) { return Apply(x.Doc.Data, x.edits) }

func (x *XML) add(start, end int, s string) int {
	if start == end {
		start, s = slide(x.Doc.Data, start, s)
		end = start
	}
	x.edits = append(x.edits, Edit{Start: start, End: end, New: []byte(s)})
	return len(x.edits) - 1
}

// slide moves an insertion that starts with line breaks past the same
// line breaks in the file, rotating its text: the result is the same
// bytes, but the edit now covers the lines a line diff shows as added. (A
// diff matches the file's blank lines first, so "\n\n<A/>" inserted before
// "\n\n</Project>" shows as "<A/>" and a blank line added after the old
// blank line; the edit at the old place would claim lines it does not
// change and miss one the diff shows.)
func slide(data []byte, at int, s string) (int, string) {
	for len(s) > 0 && at < len(data) && data[at] == s[0] && (s[0] == '\n' || s[0] == '\r') {
		s = s[1:] + s[:1]
		at++
	}
	return at, s
}

// Value is what lies at an offset of the document: an attribute value or
// the text of an element.
type Value struct {
	Owner *msbuild.Element // the element holding the attribute or text
	Attr  *msbuild.Attr    // nil for element text
}

// Text returns the (unescaped, trimmed) value.
func (v Value) Text() string {
	if v.Attr != nil {
		return v.Attr.Value
	}
	return v.Owner.Text
}

// ValueAt finds the attribute value or element text that starts at
// offset off (the start of an attribute's value inside its quotes, or the
// first non-blank character of an element's text), as the locations of
// extract.Reference.VersionAt give them.
func (x *XML) ValueAt(off int) (Value, bool) {
	var found Value
	ok := false
	var walk func(e *msbuild.Element) bool
	walk = func(e *msbuild.Element) bool {
		if int64(off) < e.Start || int64(off) > e.End {
			return false
		}
		for i := range e.Attrs {
			if int(e.Attrs[i].ValueStart) == off && e.Attrs[i].Quote != 0 {
				found, ok = Value{Owner: e, Attr: &e.Attrs[i]}, true
				return true
			}
		}
		if len(e.Children) == 0 && !e.SelfClosing {
			if s, _, good := x.textSpan(e); good && s == off {
				found, ok = Value{Owner: e}, true
				return true
			}
		}
		for _, c := range e.Children {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(x.Doc.Root)
	return found, ok
}

// ElementAt returns the element whose start tag begins at off.
func (x *XML) ElementAt(off int) *msbuild.Element {
	var walk func(e *msbuild.Element) *msbuild.Element
	walk = func(e *msbuild.Element) *msbuild.Element {
		if int(e.Start) == off {
			return e
		}
		if int64(off) < e.Start || int64(off) >= e.End {
			return nil
		}
		for _, c := range e.Children {
			if r := walk(c); r != nil {
				return r
			}
		}
		return nil
	}
	return walk(x.Doc.Root)
}

// SetValue replaces an attribute value or an element's text and returns
// the index of the edit.
func (x *XML) SetValue(v Value, value string) (int, error) {
	if v.Attr != nil {
		return x.SetAttr(*v.Attr, value), nil
	}
	return x.SetText(v.Owner, value)
}

// SetAttr replaces the value of an attribute, escaped for its quotes, and
// returns the index of the edit.
func (x *XML) SetAttr(a msbuild.Attr, value string) int {
	q := a.Quote
	if q == 0 {
		q = x.quote
	}
	return x.add(int(a.ValueStart), int(a.ValueEnd), escapeAttr(value, q))
}

// SetText replaces the text of an element that has no child elements,
// keeping the white space around it, and returns the index of the edit.
func (x *XML) SetText(e *msbuild.Element, value string) (int, error) {
	if len(e.Children) > 0 || e.SelfClosing {
		return -1, i18n.Errorf(MsgNoText, e.Name)
	}
	start, end, ok := x.textSpan(e)
	if !ok {
		return -1, i18n.Errorf(MsgNotPlainText, e.Name)
	}
	return x.add(start, end, escapeText(value)), nil
}

// ReplaceText replaces the first occurrence of old in an element's text
// (compared byte for byte in the file) with new and returns the index of
// the edit; -1 when old is absent.
func (x *XML) ReplaceText(e *msbuild.Element, old, new string) int {
	if len(e.Children) > 0 || e.SelfClosing || old == "" {
		return -1
	}
	raw := x.Doc.Data[e.TextStart:e.TextEnd]
	i := bytes.Index(raw, []byte(old))
	if i < 0 {
		return -1
	}
	return x.add(int(e.TextStart)+i, int(e.TextStart)+i+len(old), escapeText(new))
}

// RawText returns an element's character data as it is in the file.
func (x *XML) RawText(e *msbuild.Element) string {
	if len(e.Children) > 0 || e.SelfClosing || e.TextStart < 0 || e.TextEnd > int64(len(x.Doc.Data)) || e.TextStart > e.TextEnd {
		return ""
	}
	return string(x.Doc.Data[e.TextStart:e.TextEnd])
}

// textSpan returns the span of an element's trimmed text in the file: the
// raw character data without the white space around it. It fails when the
// raw data is not the text itself (entities, CDATA or comments around it)
// and the text cannot be found in it verbatim.
func (x *XML) textSpan(e *msbuild.Element) (int, int, bool) {
	data := x.Doc.Data
	start, end := int(e.TextStart), int(e.TextEnd)
	if start < 0 || end > len(data) || start > end {
		return 0, 0, false
	}
	for start < end && isSpace(data[start]) {
		start++
	}
	for end > start && isSpace(data[end-1]) {
		end--
	}
	if string(data[start:end]) == e.Text {
		return start, end, true
	}
	if e.Text == "" {
		return 0, 0, false
	}
	i := bytes.LastIndex(data[start:end], []byte(e.Text))
	if i < 0 {
		return 0, 0, false
	}
	return start + i, start + i + len(e.Text), true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// Insert inserts el as the child of parent at index i among its child
// elements (0: first; len(parent.Children): last). The new element takes
// the indentation of its siblings (one level deeper than parent when it
// has none), the line ending of the place it goes and the file's
// attribute quote; comments just above the sibling it precedes stay with
// that sibling. When the siblings are separated by blank lines, so is the
// new element. It returns the index of the edit (insertions into an
// element without children share one edit).
func (x *XML) Insert(parent *msbuild.Element, i int, el Element) int {
	data := x.Doc.Data
	kids := parent.Children
	i = min(max(i, 0), len(kids))
	if len(kids) == 0 {
		return x.insertIntoEmpty(parent, el)
	}
	if i < len(kids) {
		gapStart := int(parent.InnerStart)
		if i > 0 {
			gapStart = afterTrailingComment(data, int(kids[i-1].End))
		}
		anchor := skipSpace(data, gapStart, int(kids[i].Start))
		indent, atLineStart := indentBefore(data, anchor)
		if !atLineStart {
			return x.add(anchor, anchor, x.render(el, "", "", "", true))
		}
		if sibIndent, ok := indentBefore(data, int(kids[i].Start)); ok {
			indent = sibIndent
		}
		eol := lineEnding(data, anchor)
		unit := x.unit()
		text := indent + x.render(el, indent, unit, eol, false) + eol
		if i > 0 && blankLine(data[gapStart:anchor]) {
			text += eol
		}
		at := lineStart(data, anchor)
		if at == 0 && bytes.HasPrefix(data, bom) {
			at = len(bom)
		}
		return x.add(at, at, text)
	}
	last := kids[len(kids)-1]
	indent, atLineStart := indentBefore(data, int(last.Start))
	end := afterTrailingComment(data, int(last.End))
	if !atLineStart {
		return x.add(int(last.End), int(last.End), x.render(el, "", "", "", true))
	}
	eol := lineEnding(data, end)
	at := end
	// Put the new element after the rest of the line (a trailing comment
	// belongs to the last sibling).
	if j := bytes.IndexByte(data[end:], '\n'); j >= 0 && len(bytes.TrimSpace(data[end:end+j])) == 0 {
		at = end + j
		if at > 0 && data[at-1] == '\r' {
			at--
		}
		if at < end {
			at = end
		}
	}
	text := eol
	prevEnd := int(parent.InnerStart)
	if len(kids) > 1 {
		prevEnd = int(kids[len(kids)-2].End)
	}
	if len(kids) > 1 && blankLine(data[prevEnd:last.Start]) {
		text += eol
	}
	text += indent + x.render(el, indent, x.unit(), eol, false)
	return x.add(at, at, text)
}

// insertIntoEmpty inserts into an element that has no children (yet):
// the elements inserted so far are written together.
func (x *XML) insertIntoEmpty(parent *msbuild.Element, el Element) int {
	if x.filled == nil {
		x.filled = map[*msbuild.Element]*filling{}
	}
	f := x.filled[parent]
	if f == nil {
		f = &filling{edit: -1}
		x.filled[parent] = f
	}
	f.elems = append(f.elems, el)
	e, ok := x.fillEdit(parent, f.elems)
	if !ok {
		return -1
	}
	if f.edit < 0 {
		f.edit = len(x.edits)
		x.edits = append(x.edits, e)
		return f.edit
	}
	x.edits[f.edit] = e
	return f.edit
}

func (x *XML) fillEdit(parent *msbuild.Element, elems []Element) (Edit, bool) {
	data := x.Doc.Data
	pIndent, ok := indentBefore(data, int(parent.Start))
	if !ok {
		pIndent = leadingSpace(data, int(parent.Start))
	}
	indent := pIndent + x.unit()
	eol := lineEnding(data, int(parent.Start))
	var body string
	for i, el := range elems {
		if i > 0 {
			body += eol + indent
		}
		body += x.render(el, indent, x.unit(), eol, false)
	}
	edit := func(start, end int, s string) (Edit, bool) {
		return Edit{Start: start, End: end, New: []byte(s)}, true
	}
	if parent.SelfClosing {
		// <ItemGroup /> becomes <ItemGroup>…</ItemGroup>.
		slash := int(parent.InnerStart) - 2
		for slash > int(parent.Start) && data[slash] != '/' {
			slash--
		}
		from := slash
		for from > int(parent.Start) && isSpace(data[from-1]) {
			from--
		}
		return edit(from, int(parent.InnerStart), ">"+eol+indent+body+eol+pIndent+"</"+parent.Name+">")
	}
	endTag := bytes.LastIndex(data[parent.InnerStart:parent.End], []byte("</"))
	if endTag < 0 {
		return Edit{}, false
	}
	endTag += int(parent.InnerStart)
	inner := data[parent.InnerStart:endTag]
	switch {
	case bytes.IndexByte(inner, '\n') >= 0:
		return edit(int(parent.InnerStart), int(parent.InnerStart), eol+indent+body)
	case len(bytes.TrimSpace(inner)) == 0:
		return edit(int(parent.InnerStart), endTag, eol+indent+body+eol+pIndent)
	}
	return edit(int(parent.InnerStart), int(parent.InnerStart), eol+indent+body+eol+pIndent)
}

// unit returns the document's indentation step, measured between the root
// and its first child.
func (x *XML) unit() string {
	root := x.Doc.Root
	data := x.Doc.Data
	for _, c := range root.Children {
		ci, ok := indentBefore(data, int(c.Start))
		if !ok || ci == "" {
			continue
		}
		ri, _ := indentBefore(data, int(root.Start))
		return indentUnit(ri, ci)
	}
	return "  "
}

// render writes an element starting at its '<' (the caller writes the
// indentation of its first line). Inline rendering puts a comment just
// before the element and children without line breaks.
func (x *XML) render(el Element, indent, unit, eol string, inline bool) string {
	var b strings.Builder
	q := string(x.quote)
	if el.Comment != "" {
		b.WriteString("<!-- " + commentSafe(el.Comment) + " -->")
		if inline {
			b.WriteString(" ")
		} else {
			b.WriteString(eol + indent)
		}
	}
	b.WriteString("<" + el.Name)
	for _, a := range el.Attrs {
		b.WriteString(" " + a.Name + "=" + q + escapeAttr(a.Value, x.quote) + q)
	}
	switch {
	case len(el.Children) > 0:
		b.WriteString(">")
		for _, c := range el.Children {
			if inline {
				b.WriteString(x.render(c, "", "", "", true))
			} else {
				b.WriteString(eol + indent + unit + x.render(c, indent+unit, unit, eol, false))
			}
		}
		if !inline {
			b.WriteString(eol + indent)
		}
		b.WriteString("</" + el.Name + ">")
	case el.Text != "":
		b.WriteString(">" + escapeText(el.Text) + "</" + el.Name + ">")
	default:
		b.WriteString(x.selfClose())
	}
	return b.String()
}

// selfClose returns " />" or "/>", whichever the document's empty
// elements use (" />" when it has none).
func (x *XML) selfClose() string {
	data := x.Doc.Data
	spaced, tight := 0, 0
	var walk func(e *msbuild.Element)
	walk = func(e *msbuild.Element) {
		if e.SelfClosing && e.InnerStart >= 3 {
			if isSpace(data[e.InnerStart-3]) {
				spaced++
			} else {
				tight++
			}
		}
		for _, c := range e.Children {
			walk(c)
		}
	}
	walk(x.Doc.Root)
	if tight > spaced {
		return "/>"
	}
	return " />"
}

// afterTrailingComment returns the offset after a comment that follows
// off on the same line (it belongs to the element ending at off), or off.
func afterTrailingComment(data []byte, off int) int {
	p := off
	for p < len(data) && (data[p] == ' ' || data[p] == '\t') {
		p++
	}
	if bytes.HasPrefix(data[p:], []byte("<!--")) {
		if j := bytes.Index(data[p:], []byte("-->")); j >= 0 {
			return p + j + 3
		}
	}
	return off
}

func skipSpace(data []byte, from, limit int) int {
	for from < limit && isSpace(data[from]) {
		from++
	}
	return from
}

// leadingSpace returns the white space at the start of the line holding
// off.
func leadingSpace(data []byte, off int) string {
	s := lineStart(data, off)
	if s == 0 && bytes.HasPrefix(data, bom) {
		s = len(bom)
	}
	e := s
	for e < len(data) && (data[e] == ' ' || data[e] == '\t') {
		e++
	}
	return string(data[s:e])
}

// blankLine reports whether white space between two elements contains an
// empty line.
func blankLine(gap []byte) bool {
	// "\n\n" splits into three pieces: text, "", text; a blank piece in
	// the middle is an empty line.
	parts := bytes.Split(gap, []byte("\n"))
	for i := 1; i < len(parts)-1; i++ {
		if len(bytes.TrimSpace(parts[i])) == 0 {
			return true
		}
	}
	return false
}

func escapeAttr(s string, q byte) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '&':
			b.WriteString("&amp;")
		case c == '<':
			b.WriteString("&lt;")
		case c == '"' && q == '"':
			b.WriteString("&quot;")
		case c == '\'' && q == '\'':
			b.WriteString("&apos;")
		case c == '\n':
			b.WriteString("&#10;")
		case c == '\r':
			b.WriteString("&#13;")
		case c == '\t':
			b.WriteString("&#9;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// commentSafe keeps a comment's text from ending the comment early.
func commentSafe(s string) string {
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "- -")
	}
	return strings.TrimSuffix(s, "-")
}
