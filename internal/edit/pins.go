package edit

import (
	"bytes"
	"regexp"
	"sort"
	"strings"

	"github.com/tailscale/hujson"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/extract/msbuild"
	"github.com/affected-dev/affected/internal/lazyre"
)

// PinMarker is the text of the comment `affected fix` writes above every
// reference it adds, followed by the advisory IDs the pin is for:
//
//	<!-- affected: pinned for MSA-4010983 -->
//	<PackageReference Include="Microsoft.AspNetCore.Mvc.Core" Version="1.1.1" />
//
// and in project.json
//
//	// affected: pinned for MSA-4010983
//	"Microsoft.AspNetCore.Mvc.Core": "1.1.1",
//
// A person reading the file sees why the reference is there; `affected
// scan` finds the marked references again ([FindPins]) and reports those
// that no longer raise any version as removable.
const PinMarker = "affected: pinned for"

// PinComment returns the marker comment's text for the advisories.
func PinComment(advisories []string) string {
	ids := append([]string(nil), advisories...)
	sort.Strings(ids)
	return PinMarker + " " + strings.Join(ids, ", ")
}

// Pin is a reference marked by the pin comment.
type Pin struct {
	// Element is the marked item's element name (PackageReference,
	// PackageVersion) or "dependency" for project.json.
	Element    string
	Package    string
	Version    string // as written; "" for a versionless PackageReference
	Advisories []string
	At         extract.Location // the item (the member name in project.json)
}

var markerRE = lazyre.New(`(?m)` + regexp.QuoteMeta(PinMarker) + `[ \t]+([^\n]*?)\s*(?:-->|\*/|$)`)

// advisoriesIn returns the advisory IDs of the marker comments in text.
func advisoriesIn(text []byte) ([]string, bool) {
	m := markerRE.FindAllSubmatch(text, -1)
	if m == nil {
		return nil, false
	}
	var ids []string
	for _, sm := range m {
		for _, id := range strings.Split(string(sm[1]), ",") {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, id)
			}
		}
	}
	return ids, true
}

// HasPins reports quickly whether data may contain a pin marker.
func HasPins(data []byte) bool { return bytes.Contains(data, []byte(PinMarker)) }

// FindXMLPins returns the elements of an MSBuild document preceded by a
// pin marker comment (between the element and its previous sibling).
func FindXMLPins(doc *msbuild.Document) []Pin {
	var out []Pin
	data := doc.Data
	var walk func(e *msbuild.Element)
	walk = func(e *msbuild.Element) {
		prev := int(e.InnerStart)
		for _, c := range e.Children {
			gap := data[prev:c.Start]
			if ids, ok := advisoriesIn(gap); ok {
				p := Pin{Element: c.Name, Advisories: ids, At: doc.Location(c.Start)}
				if a, ok := c.Attr("Include"); ok {
					p.Package = a.Value
				} else if a, ok := c.Attr("Update"); ok {
					p.Package = a.Value
				}
				if a, ok := c.Attr("Version"); ok {
					p.Version = a.Value
				} else if v := c.Child("Version"); v != nil {
					p.Version = v.Text
				} else if a, ok := c.Attr("VersionOverride"); ok {
					p.Version = a.Value
				}
				if p.Package != "" {
					out = append(out, p)
				}
			}
			walk(c)
			prev = int(c.End)
		}
	}
	walk(doc.Root)
	return out
}

// FindJSONPins returns the project.json dependencies (top-level and per
// framework) preceded by a pin marker comment.
func FindJSONPins(file string, data []byte) ([]Pin, error) {
	j, err := ParseJSON(data)
	if err != nil {
		return nil, err
	}
	var out []Pin
	scan := func(deps *hujson.Value) {
		o := Object(deps)
		if o == nil {
			return
		}
		for i := range o.Members {
			m := &o.Members[i]
			ids, ok := advisoriesIn(m.Name.BeforeExtra)
			if !ok {
				continue
			}
			name, _ := stringOf(&m.Name)
			p := Pin{Element: "dependency", Package: name, Advisories: ids,
				At: extract.Location{File: file, Pos: extract.PosAt(data, int64(m.Name.StartOffset+j.base))}}
			if s, ok := stringOf(&m.Value); ok {
				p.Version = s
			} else if v := Member(&m.Value, "version"); v != nil {
				p.Version, _ = stringOf(v)
			}
			out = append(out, p)
		}
	}
	scan(j.Path("dependencies"))
	if fws := Object(j.Path("frameworks")); fws != nil {
		for i := range fws.Members {
			scan(Member(&fws.Members[i].Value, "dependencies"))
		}
	}
	return out, nil
}
