package msbuild

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/affected-dev/affected/internal/extract"
)

// parseFast builds the Document that parseXML builds, for the part of
// XML that project files are written in: ASCII names without a
// namespace prefix, quoted attributes, the five predefined entities and
// character references, comments, CDATA sections, processing
// instructions and an XML declaration of version 1.0. encoding/xml
// allocates for every token, name and attribute value, and a project
// file is mostly those; here names, values and texts are cut from one
// string copy of the file (any of them then keeps the whole text alive:
// a few kilobytes) and elements, attributes and child lists from a few
// slabs, about six allocations a file.
//
// It returns nil for anything else, and for anything encoding/xml or
// parseXML rejects or warns about, so that parseXML reads the file again
// and every error and warning comes from one place. FuzzFastParse holds
// it to parseXML, TestFastParseCorpus to the corpus.
func parseFast(file string, data []byte, utf16 bool) *Document {
	_, base := extract.TrimBOM(data)
	// Every start tag is a '<' not followed by '/', every attribute has an
	// '=': first slabs with room for all, within reason when comments hold
	// many of them.
	p := fastParser{
		data:  data,
		src:   string(data),
		tags:  min(bytes.Count(data, []byte("<"))-bytes.Count(data, []byte("</")), 1024),
		equal: min(bytes.Count(data, []byte("=")), 1024),
	}
	type open struct {
		e    *Element
		kids int // len(kids) when e started: its children are kids[kids:]
	}
	var (
		stackBuf [16]open
		kidsBuf  [64]*Element
		stack    = stackBuf[:0]
		kids     = kidsBuf[:0]
		root     *Element
		// mixed: since the last start tag, character data came in more
		// than one piece (comments, processing instructions, CDATA
		// sections) or with bytes that decoding changes ('&', '\r').
		mixed bool
	)
	p.tag = make([]Attr, 0, 8)
	n := len(data)
	for i := int(base); i < n; {
		if data[i] != '<' {
			end, changes, ok := p.charData(i, 0)
			if !ok {
				return nil
			}
			mixed = mixed || changes
			i = end
			continue
		}
		if i+1 == n {
			return nil
		}
		switch data[i+1] {
		case '!':
			end := markupEnd(data, i)
			if end < 0 || data[i+2] == '[' && !validChars(data[i+len("<![CDATA["):end-len("]]>")]) {
				return nil
			}
			mixed = true
			i = end
		case '?':
			k, ok := nameEnd(data, i+2)
			if !ok {
				return nil
			}
			end := bytes.Index(data[k:], []byte("?>"))
			if end < 0 || string(data[i+2:k]) == "xml" && !xmlDecl(data[k:k+end]) {
				return nil
			}
			mixed = true
			i = k + end + 2
		case '/':
			k, ok := nameEnd(data, i+2)
			if !ok || len(stack) == 0 {
				return nil
			}
			top := stack[len(stack)-1]
			e := top.e
			j := skipSpace(data, k)
			if string(data[i+2:k]) != e.Name || j == n || data[j] != '>' {
				return nil
			}
			if len(kids) > top.kids {
				e.Children = carve(&p.kids, len(kids)-top.kids, p.tags)
				e.Children = append(e.Children, kids[top.kids:]...)
				kids = kids[:top.kids]
			} else if mixed {
				p.leafText(e, i)
			} else {
				e.Text = strings.TrimSpace(p.src[e.InnerStart:i])
				e.TextStart, e.TextEnd = e.InnerStart, int64(i)
			}
			e.End = int64(j + 1)
			stack = stack[:len(stack)-1]
			i = j + 1
		default:
			if len(stack) >= maxDepth || len(stack) == 0 && root != nil {
				return nil
			}
			e := p.startTag(i)
			if e == nil {
				return nil
			}
			if len(stack) == 0 {
				root = e
			} else {
				e.Parent = stack[len(stack)-1].e
				kids = append(kids, e)
			}
			if !e.SelfClosing {
				stack = append(stack, open{e, len(kids)})
			}
			mixed = false
			i = int(e.InnerStart)
		}
	}
	if len(stack) > 0 || root == nil {
		return nil
	}
	return &Document{File: file, Data: data, UTF16: utf16, Root: root, namesFramework: mentionsFramework(data)}
}

// fastParser holds what parseFast carves its results from.
type fastParser struct {
	data []byte
	src  string // data as a string
	// tags and equal size the first slabs: the counts of '<' but "</",
	// and of '=', up to 1024.
	tags, equal int
	elems       []Element
	attrs       []Attr
	kids        []*Element
	tag         []Attr // the attributes of the start tag being read
	buf         []byte // text being decoded
}

// startTag reads the start tag at data[i] into a new element, or returns
// nil.
func (p *fastParser) startTag(i int) *Element {
	data := p.data
	k, ok := nameEnd(data, i+1)
	if !ok {
		return nil
	}
	p.tag = p.tag[:0]
	j, empty := k, false
	for {
		j = skipSpace(data, j)
		if j == len(data) {
			return nil
		}
		if data[j] == '>' {
			j++
			break
		}
		if data[j] == '/' {
			if j+1 == len(data) || data[j+1] != '>' {
				return nil
			}
			j, empty = j+2, true
			break
		}
		a, end := p.attr(j)
		if end < 0 {
			return nil
		}
		for _, b := range p.tag {
			if strings.EqualFold(a.Name, b.Name) {
				return nil // parseXML warns of it
			}
		}
		p.tag = append(p.tag, a)
		j = end
	}
	e := &carve(&p.elems, 1, p.tags)[:1][0]
	e.Name = p.src[i+1 : k]
	e.Start, e.InnerStart = int64(i), int64(j)
	e.Attrs = append(carve(&p.attrs, len(p.tag), p.equal), p.tag...)
	if empty {
		e.SelfClosing = true
		e.End, e.TextStart, e.TextEnd = e.InnerStart, e.InnerStart, e.InnerStart
	}
	return e
}

// attr reads the attribute at data[i] and returns it with the offset just
// after it, or -1.
func (p *fastParser) attr(i int) (Attr, int) {
	data := p.data
	k, ok := nameEnd(data, i)
	if !ok {
		return Attr{}, -1
	}
	j := skipSpace(data, k)
	if j == len(data) || data[j] != '=' {
		return Attr{}, -1
	}
	j = skipSpace(data, j+1)
	if j == len(data) || data[j] != '"' && data[j] != '\'' {
		return Attr{}, -1
	}
	end, changes, ok := p.charData(j+1, data[j])
	if !ok {
		return Attr{}, -1
	}
	a := Attr{Name: p.src[i:k], ValueStart: int64(j + 1), ValueEnd: int64(end), Quote: data[j]}
	if changes {
		p.buf = appendText(p.buf[:0], data[j+1:end], true)
		a.Value = string(p.buf)
	} else {
		a.Value = p.src[j+1 : end]
	}
	return a, end + 1
}

// charData checks the character data from data[i] to the next '<' or,
// given a quote, the attribute value up to the quote, as encoding/xml's
// text does: references, characters XML allows, no "]]>" outside values.
// It returns the end and whether decoding changes the data.
func (p *fastParser) charData(i int, quote byte) (end int, changes, ok bool) {
	data := p.data
	start := i
	for i < len(data) {
		c := data[i]
		if plainByte[c] {
			i++
			continue
		}
		switch {
		case quote != 0 && c == quote:
			return i, changes, true
		case c == '<':
			return i, changes, quote == 0
		case c == '&':
			_, n := reference(data[i:])
			if n == 0 {
				return 0, false, false
			}
			changes = true
			i += n
			continue
		case c == '\r':
			changes = true
		case c == '>' && quote == 0 && i-start >= 2 && data[i-1] == ']' && data[i-2] == ']':
			return 0, false, false
		}
		n := charLen(data[i:])
		if n == 0 {
			return 0, false, false
		}
		i += n
	}
	return i, changes, quote == 0
}

// plainByte marks the bytes that charData passes over without a look:
// the ASCII characters XML allows but the quotes and '<', '&', '>' and
// '\r'.
var plainByte = func() (t [256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune("\"'<&>", c)
	}
	t['\t'], t['\n'] = true, true
	return t
}()

// leafText sets the text of e, a leaf element that ends at the end tag at
// data[end], when its content is not one piece of character data that
// decoding leaves as it is: as in parseXML, the decoded pieces joined,
// trimmed, and located from the start of the first to the end tag.
func (p *fastParser) leafText(e *Element, end int) {
	data := p.data
	buf := p.buf[:0]
	e.TextStart, e.TextEnd = e.InnerStart, e.InnerStart
	first := true
	for i := int(e.InnerStart); i < end; {
		start := i
		switch {
		case bytes.HasPrefix(data[i:], []byte("<![CDATA[")):
			i = markupEnd(data, i)
			buf = appendText(buf, data[start+len("<![CDATA["):i-len("]]>")], false)
		case data[i] == '<': // a comment or a processing instruction
			if data[i+1] == '?' {
				i += bytes.Index(data[i:], []byte("?>")) + 2
			} else {
				i = markupEnd(data, i)
			}
			continue
		default:
			i = end
			if j := bytes.IndexByte(data[start:end], '<'); j >= 0 {
				i = start + j
			}
			buf = appendText(buf, data[start:i], true)
		}
		if first {
			e.TextStart, e.TextEnd, first = int64(start), int64(end), false
		}
	}
	e.Text = string(bytes.TrimSpace(buf))
	p.buf = buf
}

// markupEnd returns the offset just after the comment or CDATA section
// that starts at data[i], or -1 if there is none, or it is not closed, or
// a comment holds "--".
func markupEnd(data []byte, i int) int {
	body := data[i:]
	switch {
	case bytes.HasPrefix(body, []byte("<!--")):
		j := bytes.Index(body[4:], []byte("--"))
		if j < 0 || 4+j+2 == len(body) || body[4+j+2] != '>' {
			return -1
		}
		return i + 4 + j + 3
	case bytes.HasPrefix(body, []byte("<![CDATA[")):
		j := bytes.Index(body[9:], []byte("]]>"))
		if j < 0 {
			return -1
		}
		return i + 9 + j + 3
	}
	return -1
}

// appendText appends raw character data decoded as encoding/xml's text
// does: "\r\n" and a lone '\r' become '\n' and, outside CDATA, references
// the characters they stand for.
func appendText(buf, raw []byte, refs bool) []byte {
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == '\r':
			buf = append(buf, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case c == '&' && refs:
			r, n := reference(raw[i:])
			buf = utf8.AppendRune(buf, r)
			i += n - 1
		default:
			buf = append(buf, c)
		}
	}
	return buf
}

// reference returns the character that the reference at the start of b
// stands for and the reference's length, or 0 if encoding/xml rejects it.
// Like encoding/xml, a surrogate's number stands for U+FFFD.
func reference(b []byte) (rune, int) {
	for _, e := range [...]struct {
		ref string
		r   rune
	}{{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}} {
		if bytes.HasPrefix(b, []byte(e.ref)) {
			return e.r, len(e.ref)
		}
	}
	if len(b) < 3 || b[1] != '#' {
		return 0, 0
	}
	i, base := 2, rune(10)
	if b[2] == 'x' {
		i, base = 3, 16
	}
	digits := i
	var r rune
	for ; i < len(b); i++ {
		d := rune(-1)
		switch c := rune(b[i]); {
		case '0' <= c && c <= '9':
			d = c - '0'
		case base == 16 && 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		}
		if d < 0 {
			break
		}
		if r = r*base + d; r > utf8.MaxRune {
			return 0, 0
		}
	}
	if i == digits || i == len(b) || b[i] != ';' {
		return 0, 0
	}
	if 0xD800 <= r && r <= 0xDFFF {
		r = utf8.RuneError
	}
	if !inCharRange(r) {
		return 0, 0
	}
	return r, i + 1
}

// charLen returns the length of the UTF-8 character at the start of b, or
// 0 if it is not valid UTF-8 or not a character XML allows.
func charLen(b []byte) int {
	if c := b[0]; c < utf8.RuneSelf {
		if c < ' ' && c != '\t' && c != '\n' && c != '\r' {
			return 0
		}
		return 1
	}
	r, n := utf8.DecodeRune(b)
	if r == utf8.RuneError && n == 1 || !inCharRange(r) {
		return 0
	}
	return n
}

func validChars(b []byte) bool {
	for i := 0; i < len(b); {
		n := charLen(b[i:])
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// inCharRange reports whether r is a character XML allows (the Char
// production, https://www.w3.org/TR/xml/#charsets).
func inCharRange(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		' ' <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= utf8.MaxRune
}

// nameEnd returns the end of the name at data[i], an ASCII name without a
// namespace prefix, and false if there is none, or the name goes on in
// bytes that encoding/xml would read as part of it (':', non-ASCII).
func nameEnd(data []byte, i int) (int, bool) {
	if i == len(data) || !isNameStart(data[i]) {
		return i, false
	}
	j := i + 1
	for j < len(data) && nameByte[data[j]] {
		j++
	}
	return j, j == len(data) || data[j] != ':' && data[j] < utf8.RuneSelf
}

func isNameStart(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' || c == '_' }

// nameByte marks the bytes that go on a name nameEnd reads.
var nameByte = func() (t [256]bool) {
	for c := range t {
		t[c] = isNameStart(byte(c)) || '0' <= c && c <= '9' || c == '.' || c == '-'
	}
	return t
}()

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

// xmlDecl reports whether the content of an XML declaration is
// pseudo-attributes that encoding/xml reads as parseXML has it: version
// 1.0 (another is an error), any encoding (parseXML's CharsetReader
// passes the bytes on as they are), standalone. The values are limited to
// the characters of such values, so that encoding/xml's search for
// `version=` finds the version.
func xmlDecl(b []byte) bool {
	for {
		b = b[skipSpace(b, 0):]
		if len(b) == 0 {
			return true
		}
		k, _ := nameEnd(b, 0)
		name := string(b[:k])
		if name != "version" && name != "encoding" && name != "standalone" ||
			k+1 >= len(b) || b[k] != '=' || b[k+1] != '"' && b[k+1] != '\'' {
			return false
		}
		end := bytes.IndexByte(b[k+2:], b[k+1])
		if end < 0 {
			return false
		}
		value := b[k+2 : k+2+end]
		for _, c := range value {
			if !nameByte[c] {
				return false
			}
		}
		if name == "version" && string(value) != "1.0" {
			return false
		}
		b = b[k+2+end+1:]
		if len(b) > 0 && !isSpace(b[0]) {
			return false
		}
	}
}

// carve returns room for n more values at the end of *slab (length 0,
// capacity n, never nil), starting a new slab of at least size values, or
// twice the last, when it has too little left. The values carved before
// keep the old slab.
func carve[T any](slab *[]T, n, size int) []T {
	s := *slab
	if s == nil || cap(s)-len(s) < n {
		s = make([]T, 0, max(n, size, 2*cap(s)))
	}
	*slab = s[:len(s)+n]
	return s[len(s) : len(s) : len(s)+n]
}
