// Package packagesconfig parses packages.config, the package list of
// .NET Framework projects that predate PackageReference
// (https://learn.microsoft.com/nuget/reference/packages-config):
//
//	<?xml version="1.0" encoding="utf-8"?>
//	<packages>
//	  <package id="Newtonsoft.Json" version="6.0.4" targetFramework="net45" />
//	  <package id="Microsoft.Net.Compilers" version="1.0.0" developmentDependency="true" />
//	  <package id="jQuery" version="1.10.2" allowedVersions="[1,2)" />
//	</packages>
//
// Every <package> child of the <packages> root becomes a reference with
// the exact installed version (packages.config has no ranges, and no
// transitive resolution: every installed package is listed).
// developmentDependency="true" marks the reference (trivy drops such
// packages; they are still installed, so we keep them and say so).
// Entries without an id or a version are skipped, as osv-scalibr does.
//
// targetFramework records the framework a package was installed for, not a
// restriction (a project has one framework, set in its project file, and
// entries installed under an older one still apply), so references carry
// no Frameworks. allowedVersions limits future updates, not what is
// installed, and is not read.
//
// At is the element's '<'; VersionAt the first character of the version
// attribute's value, found by scanning the element's bytes, since
// encoding/xml reports only element offsets: the fix step overwrites the
// value there. A UTF-16 file (with its byte order mark) is read as well,
// positions then being counted in its characters. Other declared
// encodings are read as UTF-8: ids and versions are ASCII.
package packagesconfig

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
)

// Messages of this package.
var (
	MsgNoRoot = i18n.Define("packagesconfig.no-root",
		"not a packages.config: no <packages> element",
		"packages.config가 아님: <packages> 요소가 없음",
		"不是 packages.config：沒有 <packages> 元素")
	MsgWrongRoot = i18n.Define("packagesconfig.wrong-root",
		"not a packages.config: the root element is <%s>, not <packages>",
		"packages.config가 아님: 루트 요소가 <packages>가 아니라 <%s>임",
		"不是 packages.config：根元素是 <%s>，而非 <packages>")
)

// Parse parses a packages.config. file names it in errors and in the
// locations of the result.
func Parse(file string, data []byte) (*extract.Manifest, error) {
	data, _, err := extract.DecodeUTF16(file, data)
	if err != nil {
		return nil, err
	}
	body, base := extract.TrimBOM(data)
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	pos := extract.NewLines(body)
	m := &extract.Manifest{Kind: extract.KindPackagesConfig}
	depth := 0
	sawRoot := false
loop:
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, extract.XMLError(file, data, base, dec.InputOffset(), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1 && !sawRoot:
				if t.Name.Local != "packages" {
					return nil, extract.Errorf(file, pos.At(off), MsgWrongRoot, t.Name.Local)
				}
				sawRoot = true
			case depth == 2 && t.Name.Local == "package":
				if name, first, dup := extract.DuplicateAttr(t.Attr); dup {
					m.Warnings = append(m.Warnings, extract.Errorf(file, pos.At(off), extract.MsgDuplicateAttr, name, t.Name.Local, first))
				}
				if ref, ok := reference(file, body, off, t, pos); ok {
					m.References = append(m.References, ref)
				}
			}
		case xml.EndElement:
			depth--
			if depth == 0 && sawRoot {
				break loop // what follows the root is not read
			}
		}
	}
	if !sawRoot {
		return nil, extract.Errorf(file, extract.PosAt(data, int64(skipSpace(body))+base), MsgNoRoot)
	}
	return m, nil
}

func reference(file string, body []byte, off int, el xml.StartElement, pos *extract.Lines) (extract.Reference, bool) {
	var id, version, dev string
	var hasID, hasVersion, hasDev bool
	for _, a := range el.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "id":
			if !hasID {
				id, hasID = a.Value, true
			}
		case "version":
			if !hasVersion {
				version, hasVersion = a.Value, true
			}
		case "developmentDependency":
			if !hasDev {
				dev, hasDev = a.Value, true
			}
		}
	}
	id, version = strings.TrimSpace(id), strings.TrimSpace(version)
	if id == "" || version == "" {
		return extract.Reference{}, false
	}
	ref := extract.Reference{
		Name:                  id,
		Version:               version,
		Source:                extract.SourcePackagesConfig,
		DevelopmentDependency: strings.EqualFold(strings.TrimSpace(dev), "true"),
		At:                    extract.Location{File: file, Pos: pos.At(off)},
	}
	if v, ok := attrValueOffset(body, off, "version"); ok {
		ref.VersionAt = extract.Location{File: file, Pos: pos.At(v)}
	}
	return ref, true
}

// attrValueOffset returns the offset of the first character of the value
// of attribute name in the start tag at body[start] ('<'). The tag has
// been accepted by encoding/xml; the scan still checks every index.
func attrValueOffset(body []byte, start int, name string) (int, bool) {
	i := start + 1
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
	for i < len(body) && !isSpace(body[i]) && body[i] != '/' && body[i] != '>' {
		i++ // the element name
	}
	for {
		for i < len(body) && isSpace(body[i]) {
			i++
		}
		if i >= len(body) || body[i] == '/' || body[i] == '>' {
			return 0, false
		}
		n := i
		for i < len(body) && !isSpace(body[i]) && body[i] != '=' {
			i++
		}
		attr := string(body[n:i])
		for i < len(body) && isSpace(body[i]) {
			i++
		}
		if i >= len(body) || body[i] != '=' {
			return 0, false
		}
		i++
		for i < len(body) && isSpace(body[i]) {
			i++
		}
		if i >= len(body) || body[i] != '"' && body[i] != '\'' {
			return 0, false
		}
		q := body[i]
		i++
		if attr == name {
			return i, true
		}
		end := bytes.IndexByte(body[i:], q)
		if end < 0 {
			return 0, false
		}
		i += end + 1
	}
}

func skipSpace(b []byte) int {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}
