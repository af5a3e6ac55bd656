// Package msbuild reads MSBuild project files (*.csproj, *.fsproj, *.vbproj)
// and the props files around them (Directory.Build.props,
// Directory.Packages.props, imported *.props), and evaluates the small part
// of MSBuild that decides a project's package references: properties with
// $(Name) substitution, conditions on properties and target frameworks,
// imports, PackageReference (Include, Update, Remove; Version as attribute or
// child element; VersionOverride), central package management
// (PackageVersion, GlobalPackageReference,
// CentralPackageTransitivePinningEnabled) and ProjectReference.
//
// It is not MSBuild: targets, tasks, item functions, wildcards and most
// property functions are not evaluated. A condition that cannot be decided
// is taken as true (a reference is reported rather than missed), and a
// version that still contains $(...) after substitution is kept as written
// and treated as unresolved. Expansion is bounded (MaxValue for one
// value, MaxWork for one project's evaluation) and an evaluation that
// passes a bound stops with a located error; so are the imports and target
// frameworks evaluated. See
// https://learn.microsoft.com/visualstudio/msbuild/build-process-overview
// (evaluation phase) and
// https://learn.microsoft.com/nuget/consume-packages/central-package-management.
package msbuild

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
)

// Document is a parsed MSBuild XML file: a tree of elements that remembers
// the byte offsets of everything a later edit needs.
type Document struct {
	File string
	// Data is the file as read, BOM included; for a UTF-16 file (UTF16
	// set), its UTF-8 decoding without the byte order mark, to which the
	// offsets then refer.
	Data  []byte
	UTF16 bool
	Root  *Element
	// Warnings are located problems the parse read on past: an attribute
	// given twice (the first value is read).
	Warnings []error
	// namesFramework is set when the text names TargetFramework anywhere
	// but in the tags of the elements that define it (see
	// mentionsFramework).
	namesFramework bool
}

// Element is an XML element with its offsets in Document.Data.
type Element struct {
	Name     string // local name, e.g. "PackageReference"
	Attrs    []Attr
	Children []*Element
	Parent   *Element
	// Text is the character data directly inside the element (trimmed),
	// TextStart/TextEnd the offsets of the untrimmed data.
	Text               string
	TextStart, TextEnd int64
	// Start is the offset of '<', End the offset just after the end tag (or
	// after "/>"), InnerStart the offset just after the start tag's '>'.
	Start, End, InnerStart int64
	SelfClosing            bool
}

// Attr is an attribute with the offsets of its value (without quotes).
type Attr struct {
	Name                 string
	Value                string
	ValueStart, ValueEnd int64
	Quote                byte
}

// maxDepth bounds element nesting; real project files nest a few levels.
const maxDepth = 256

// Parse parses an MSBuild XML file, in UTF-8 or, with its byte order mark,
// UTF-16 (whatever the XML declaration says: the byte order mark decides).
// Errors are *extract.Error with the line and column of the problem.
func Parse(file string, data []byte) (*Document, error) {
	data, utf16, err := extract.DecodeUTF16(file, data)
	if err != nil {
		return nil, err
	}
	if doc := parseFast(file, data, utf16); doc != nil {
		return doc, nil
	}
	return parseXML(file, data, utf16)
}

// parseXML is Parse with encoding/xml, for any file: the reference that
// parseFast is held to, and the parser of the files it leaves.
func parseXML(file string, data []byte, utf16 bool) (*Document, error) {
	body, base := extract.TrimBOM(data)
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	// The declared encoding ("utf-16" in a file now decoded) is not
	// followed: the content is UTF-8.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	doc := &Document{File: file, Data: data, UTF16: utf16}
	var stack []*Element
	var text bytes.Buffer
	var textStart int64 = -1
	for {
		off := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, extract.XMLError(file, data, base, d.InputOffset(), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, extract.Errorf(file, extract.PosAt(data, off+base), MsgTooDeep, maxDepth)
			}
			if len(stack) == 0 && doc.Root != nil {
				return nil, extract.Errorf(file, extract.PosAt(data, off+base), MsgTwoRoots)
			}
			e := &Element{Name: t.Name.Local, Start: off + base, InnerStart: d.InputOffset() + base}
			if name, first, dup := extract.DuplicateAttr(t.Attr); dup {
				doc.Warnings = append(doc.Warnings, extract.Errorf(file, extract.PosAt(data, e.Start), extract.MsgDuplicateAttr, name, e.Name, first))
			}
			e.Attrs = attrs(data, e.Start, e.InnerStart, t.Attr)
			e.SelfClosing = bytes.HasSuffix(bytes.TrimRight(data[e.Start:e.InnerStart-1], " \t\r\n"), []byte("/"))
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				e.Parent = p
				p.Children = append(p.Children, e)
			} else {
				doc.Root = e
			}
			stack = append(stack, e)
			text.Reset()
			textStart = -1
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1].Name != t.Name.Local {
				return nil, extract.Errorf(file, extract.PosAt(data, off+base), MsgUnexpectedEnd, t.Name.Local)
			}
			e := stack[len(stack)-1]
			e.End = d.InputOffset() + base
			if len(e.Children) == 0 {
				e.Text = strings.TrimSpace(text.String())
				if textStart >= 0 {
					e.TextStart, e.TextEnd = textStart, off+base
				} else {
					e.TextStart, e.TextEnd = e.InnerStart, e.InnerStart
				}
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				if textStart < 0 {
					textStart = off + base
				}
				text.Write(t)
			}
		}
	}
	if len(stack) > 0 {
		return nil, extract.Errorf(file, extract.PosAt(data, int64(len(data))), MsgUnclosed, stack[len(stack)-1].Name)
	}
	if doc.Root == nil {
		return nil, extract.Errorf(file, extract.Pos{Line: 1, Col: 1}, MsgNoRoot)
	}
	doc.namesFramework = mentionsFramework(data)
	return doc, nil
}

// mentionsFramework reports whether data names TargetFramework (any case)
// other than as the name of an element (<TargetFramework>,
// </TargetFrameworks>, <TargetFrameworkVersion>: definitions, which read
// no property). Any use of the property — $(TargetFramework) in a value
// or a condition, a property function given it — names it, so a file
// that does not can evaluate no differently in the inner build of one
// framework than in the outer build.
func mentionsFramework(data []byte) bool {
	const name = "targetframework"
	for i := 0; i+len(name) <= len(data); i++ {
		c := data[i] | 0x20
		if c != 't' || !equalFoldASCII(data[i:i+len(name)], name) {
			continue
		}
		j := i - 1
		if j >= 0 && data[j] == '/' {
			j--
		}
		if j < 0 || data[j] != '<' {
			return true
		}
		i += len(name) - 1
	}
	return false
}

// equalFoldASCII compares b with lower, a lower-case ASCII word, ignoring
// the case of ASCII letters.
func equalFoldASCII(b []byte, lower string) bool {
	for i := range len(lower) {
		if b[i]|0x20 != lower[i] {
			return false
		}
	}
	return true
}

// attrs finds the value offsets of the start tag's attributes by scanning
// the raw tag: encoding/xml reports only values.
func attrs(data []byte, start, end int64, xa []xml.Attr) []Attr {
	out := make([]Attr, 0, len(xa))
	i := start + 1
	// Skip the element name.
	for i < end && !isSpace(data[i]) && data[i] != '>' && data[i] != '/' {
		i++
	}
	for _, a := range xa {
		name := a.Name.Local
		if a.Name.Space != "" {
			name = a.Name.Space + ":" + name
		}
		at := Attr{Name: a.Name.Local, Value: a.Value}
		// Find name, '=', quote.
		for i < end {
			for i < end && isSpace(data[i]) {
				i++
			}
			j := i
			for j < end && data[j] != '=' && !isSpace(data[j]) {
				j++
			}
			got := string(data[i:j])
			for j < end && (isSpace(data[j]) || data[j] == '=') {
				j++
			}
			if j >= end {
				i = end
				break
			}
			q := data[j]
			k := j + 1
			for k < end && data[k] != q {
				k++
			}
			i = k + 1
			if got == name {
				at.Quote, at.ValueStart, at.ValueEnd = q, j+1, k
				break
			}
		}
		out = append(out, at)
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// Attr returns the value of the named attribute (case-insensitive, as
// MSBuild treats attribute names) and whether it is present.
func (e *Element) Attr(name string) (Attr, bool) {
	for _, a := range e.Attrs {
		if strings.EqualFold(a.Name, name) {
			return a, true
		}
	}
	return Attr{}, false
}

// Child returns the first child element with the name (case-insensitive).
func (e *Element) Child(name string) *Element {
	for _, c := range e.Children {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

// Pos returns the line and column of an offset of the document.
func (d *Document) Pos(offset int64) extract.Pos { return extract.PosAt(d.Data, offset) }

// Location returns the file location of an offset.
func (d *Document) Location(offset int64) extract.Location {
	return extract.Location{File: d.File, Pos: d.Pos(offset)}
}
