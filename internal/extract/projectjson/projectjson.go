// Package projectjson parses project.json, the project file of Visual
// Studio 2015 and the .NET Core 1.0 tooling
// (https://learn.microsoft.com/nuget/archive/project-json):
//
//	{
//	  "dependencies": {
//	    "Microsoft.AspNetCore.Mvc": "1.1.0",
//	    "Microsoft.NETCore.App": {"version": "1.1.0", "type": "platform"},
//	    "Microsoft.AspNetCore.Razor.Tools": {"version": "1.0.0-preview2-final", "type": "build"},
//	    "ClassLibrary1": {"target": "project"}
//	  },
//	  "frameworks": {
//	    "netcoreapp1.1": {
//	      "dependencies": {...},            // this framework only
//	      "frameworkAssemblies": {...},     // GAC assemblies: not packages, not read
//	      "imports": "dnxcore50"
//	    }
//	  },
//	  "tools": {...}                        // command-line tools: not read
//	}
//
// The old tooling tolerated comments (// and /* */) and trailing commas,
// and real files have them; they are turned into spaces with
// github.com/tailscale/hujson before decoding, which keeps every byte
// offset, so positions stay those of the file.
//
// A dependency is a version string or an object; "type": "platform" (the
// shared runtime, not deployed by restore) sets Platform, "type": "build"
// sets Build, "target": "project" makes it a project reference (named, not
// a path: the tooling finds the project through global.json's project
// folders). A reference's At is its key, its VersionAt the first character
// of its version text (inside the quotes), where the fix step edits.
// Per-framework dependencies carry Frameworks: [that framework].
//
// "tools" are not runtime dependencies of the application (they run at
// design time, like dotnet-ef) and are left out, as are
// "frameworkAssemblies".
package projectjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tailscale/hujson"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/jsonwalk"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// Messages of this package.
var (
	MsgNotObject = i18n.Define("projectjson.not-object",
		"not a project.json: the top level is not a JSON object",
		"project.json이 아님: 최상위 값이 JSON 객체가 아님",
		"不是 project.json：最上層不是 JSON 物件")
	MsgTooDeep = i18n.Define("projectjson.too-deep",
		"nested more than %d {level|levels} deep",
		"중첩이 %d단계를 넘음",
		"巢狀層級超過 %d 層")
	MsgDependency = i18n.Define("projectjson.dependency",
		"dependency %s: expected a version string or an object, found %s",
		"종속성 %s: 버전 문자열이나 객체가 와야 하는데 %s{이/가} 있음",
		"相依性 %s：應為版本字串或物件，實際為 %s")
)

// maxDepth bounds nesting, since hujson parses recursively. Real files
// nest six levels at most.
const maxDepth = 1000

// Parse parses a project.json. file names it in errors and in the
// locations of the result.
func Parse(file string, data []byte) (*extract.Manifest, error) {
	body, base := extract.TrimBOM(data)
	if off, ok := tooDeep(body); ok {
		return nil, extract.Errorf(file, extract.PosAt(data, int64(off)+base), MsgTooDeep, maxDepth)
	}
	// hujson works in place (Standardize blanks comments in the buffer
	// it parsed): give it a copy, never the caller's data.
	v, err := hujson.Parse(bytes.Clone(body))
	if err != nil {
		return nil, hujsonError(file, data, body, base, err)
	}
	v.Standardize()
	std := v.Pack()
	if len(std) != len(body) {
		// Standardize keeps offsets; should that ever change, positions
		// would be wrong, which is worse than failing loudly.
		return nil, extract.Errorf(file, extract.PosAt(data, base), extract.MsgJSONSyntax, "comments could not be removed in place")
	}
	if !json.Valid(std) {
		var x struct{}
		return nil, extract.JSONErrorIn(file, data, base, "", json.Unmarshal(std, &x))
	}
	w := jsonwalk.New(file, data, base, std) // columns count the characters of the file, comments included
	p := &parser{w: w, file: file, doc: std}
	start := w.Next()
	if std[start] != '{' {
		return nil, w.Errorf(start, MsgNotObject)
	}
	m := &extract.Manifest{Kind: extract.KindProjectJSON}
	var common, perFramework []extract.Reference
	var commonProj, fwProj []extract.ProjectReference
	err = w.Object("", func(key string, _ int) error {
		switch key {
		case "dependencies":
			common, commonProj = nil, nil
			return p.dependencies("dependencies", nil, &common, &commonProj)
		case "frameworks":
			m.Frameworks, perFramework, fwProj = nil, nil, nil
			return w.Object("frameworks", func(fwKey string, _ int) error {
				fw := nuget.ShortFramework(fwKey)
				m.Frameworks = append(m.Frameworks, fw)
				return w.Object("frameworks."+fwKey, func(k string, _ int) error {
					if k != "dependencies" {
						return w.Skip()
					}
					return p.dependencies("frameworks."+fwKey+".dependencies", []string{fw}, &perFramework, &fwProj)
				})
			})
		}
		return w.Skip()
	})
	if err != nil {
		return nil, err
	}
	m.References = append(common, perFramework...)
	m.ProjectReferences = append(commonProj, fwProj...)
	return m, nil
}

// parser holds the state of one Parse.
type parser struct {
	w    *jsonwalk.Walker
	file string
	doc  []byte // the file without BOM, comments blanked
}

// dependencies reads a "dependencies" object into refs and projects. A
// later duplicate of a name replaces the earlier one, as the tooling's
// JSON reader did.
func (p *parser) dependencies(field string, fws []string, refs *[]extract.Reference, projects *[]extract.ProjectReference) error {
	w := p.w
	seen := map[string]int{}
	seenProject := map[string]int{}
	return w.Object(field, func(name string, off int) error {
		at := extract.Location{File: p.file, Pos: w.Pos(off)}
		ref := extract.Reference{Name: name, Source: extract.SourceProjectJSON, Frameworks: fws, At: at}
		isProject := false
		start := w.ValueStart()
		switch p.doc[start] {
		case '"':
			if err := w.Decode(field+"."+name, &ref.Version); err != nil {
				return err
			}
			ref.VersionAt = extract.Location{File: p.file, Pos: w.Pos(start + 1)}
		case '{':
			err := w.Object(field+"."+name, func(k string, _ int) error {
				switch k {
				case "version":
					vstart := w.ValueStart()
					if err := w.Decode(field+"."+name+".version", &ref.Version); err != nil {
						return err
					}
					if p.doc[vstart] == '"' {
						ref.VersionAt = extract.Location{File: p.file, Pos: w.Pos(vstart + 1)}
					}
					return nil
				case "type":
					var t string
					if err := w.Decode(field+"."+name+".type", &t); err != nil {
						return err
					}
					ref.Platform = strings.EqualFold(t, "platform")
					ref.Build = strings.EqualFold(t, "build")
					return nil
				case "target":
					var t string
					if err := w.Decode(field+"."+name+".target", &t); err != nil {
						return err
					}
					isProject = strings.EqualFold(t, "project")
					return nil
				}
				return w.Skip()
			})
			if err != nil {
				return err
			}
		case 'n':
			return w.Skip() // null: nothing declared
		default:
			var kind string
			switch c := p.doc[start]; {
			case c == '[':
				kind = "array"
			case c == 't' || c == 'f':
				kind = "boolean"
			default:
				kind = "number"
			}
			return w.Errorf(start, MsgDependency, name, kind)
		}
		if isProject {
			p := extract.ProjectReference{Path: name, At: at}
			if i, dup := seenProject[name]; dup {
				(*projects)[i] = p
				return nil
			}
			seenProject[name] = len(*projects)
			*projects = append(*projects, p)
			return nil
		}
		if i, dup := seen[name]; dup {
			(*refs)[i] = ref
			return nil
		}
		seen[name] = len(*refs)
		*refs = append(*refs, ref)
		return nil
	})
}

// tooDeep reports the offset of the first bracket nested deeper than
// maxDepth, skipping strings and comments as hujson reads them.
func tooDeep(b []byte) (int, bool) {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '/':
			if i+1 < len(b) && b[i+1] == '/' {
				j := bytes.IndexByte(b[i:], '\n')
				if j < 0 {
					return 0, false
				}
				i += j
			} else if i+1 < len(b) && b[i+1] == '*' {
				j := bytes.Index(b[i+2:], []byte("*/"))
				if j < 0 {
					return 0, false
				}
				i += j + 3
			}
		case '{', '[':
			depth++
			if depth > maxDepth {
				return i, true
			}
		case '}', ']':
			depth--
		}
	}
	return 0, false
}

// hujsonError locates an error of hujson.Parse, which gives a line and a
// byte column in its text.
func hujsonError(file string, data, body []byte, base int64, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return extract.Errorf(file, extract.PosAt(data, int64(len(data))), extract.MsgJSONEOF)
	}
	msg := err.Error()
	var line, col int
	if _, scanErr := fmt.Sscanf(msg, "hujson: line %d, column %d:", &line, &col); scanErr != nil || line < 1 || col < 1 {
		return extract.Errorf(file, extract.PosAt(data, base), extract.MsgJSONSyntax, msg)
	}
	if _, rest, ok := strings.Cut(msg, ": "); ok {
		if _, rest, ok = strings.Cut(rest, ": "); ok {
			msg = rest
		}
	}
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(body[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	off = min(off+col-1, len(body))
	return extract.Errorf(file, extract.PosAt(data, int64(off)+base), extract.MsgJSONSyntax, printable(msg))
}

// printable escapes the control characters and invalid bytes that hujson
// quotes from the input, so that an error message cannot garble a
// terminal.
func printable(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case unicode.IsGraphic(r):
			b.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		s = s[n:]
	}
	return b.String()
}
