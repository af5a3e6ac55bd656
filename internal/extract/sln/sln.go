// Package sln lists the projects of a Visual Studio solution: the text
// format *.sln
// (https://learn.microsoft.com/visualstudio/extensibility/internals/solution-dot-sln-file)
// and the XML format *.slnx.
//
// In a .sln, each project is a line
//
//	Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Web", "src\Web\Web.csproj", "{5D8B...}"
//
// whose first GUID is the project type. Solution folders (type
// {2150E333-8FDC-42A3-9474-1A3956D46DE8}) are skipped. A .slnx is
//
//	<Solution>
//	  <Folder Name="/src/">
//	    <Project Path="src/Web/Web.csproj" />
//	  </Folder>
//	  <Project Path="tests/Web.Tests/Web.Tests.csproj" />
//	</Solution>
//
// where a project has no name of its own: its name is its file's name
// without the extension.
//
// Only entries that name a project file are listed: a path whose
// extension ends in "proj" (.csproj, .fsproj, .vbproj, .shproj, and the
// other MSBuild project kinds: .xproj, .sqlproj, .vcxproj, .dcproj ...).
// Web site projects (a folder or a URL as path) have no project file and
// are left out, as are solution folders and items. Paths are returned as
// written, relative to the solution's directory, with '\' turned into '/'.
package sln

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/affected-dev/affected/internal/extract"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/lazyre"
)

// Messages of this package.
var (
	MsgNotSolution = i18n.Define("sln.not-solution",
		`not a solution file: no "Microsoft Visual Studio Solution File" header`,
		`솔루션 파일이 아님: "Microsoft Visual Studio Solution File" 머리글이 없음`,
		`不是方案檔：沒有 "Microsoft Visual Studio Solution File" 標頭`)
	MsgBadProject = i18n.Define("sln.bad-project",
		`malformed Project line (want Project("{type}") = "name", "path", "{guid}")`,
		`잘못된 Project 줄 (Project("{type}") = "name", "path", "{guid}" 형식 필요)`,
		`Project 行格式錯誤（應為 Project("{type}") = "name", "path", "{guid}"）`)
	MsgWrongRoot = i18n.Define("sln.wrong-root",
		"not a .slnx: the root element is <%s>, not <Solution>",
		".slnx가 아님: 루트 요소가 <Solution>이 아니라 <%s>임",
		"不是 .slnx：根元素是 <%s>，而非 <Solution>")
	MsgNoRoot = i18n.Define("sln.no-root",
		"not a .slnx: no <Solution> element",
		".slnx가 아님: <Solution> 요소가 없음",
		"不是 .slnx：沒有 <Solution> 元素")
)

// SolutionFolder is the project type GUID of solution folders.
const SolutionFolder = "2150E333-8FDC-42A3-9474-1A3956D46DE8"

const header = "Microsoft Visual Studio Solution File"

// Parse parses a .sln or a .slnx, chosen by file's extension, or for any
// other name by the content (XML or not).
func Parse(file string, data []byte) (*extract.Solution, error) {
	data, _, err := extract.DecodeUTF16(file, data)
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(path.Ext(strings.ReplaceAll(file, `\`, "/"))) {
	case ".slnx":
		return ParseSlnx(file, data)
	case ".sln":
		return ParseSln(file, data)
	}
	body, _ := extract.TrimBOM(data)
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '<' {
		return ParseSlnx(file, data)
	}
	return ParseSln(file, data)
}

var projectLine = lazyre.New(`^Project\(\s*"\{([^}"]*)\}"\s*\)\s*=\s*"([^"]*)"\s*,\s*"([^"]*)"\s*,\s*"[^"]*"\s*$`)

// ParseSln parses the text format.
func ParseSln(file string, data []byte) (*extract.Solution, error) {
	data, _, err := extract.DecodeUTF16(file, data)
	if err != nil {
		return nil, err
	}
	body, base := extract.TrimBOM(data)
	s := &extract.Solution{}
	sawHeader := false
	firstText := -1 // offset of the first non-blank line, for errors
	for lineNo, off := 1, 0; off < len(body); lineNo++ {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off
		}
		line := bytes.TrimRight(body[off:end], "\r")
		trimmed := bytes.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		if len(trimmed) > 0 && firstText < 0 {
			firstText = off + indent
		}
		switch {
		case bytes.HasPrefix(trimmed, []byte(header)):
			sawHeader = true
		case bytes.HasPrefix(trimmed, []byte("Project(")):
			pos := extract.Pos{Line: lineNo, Col: 1 + utf8.RuneCount(line[:indent])}
			if !sawHeader {
				return nil, extract.Errorf(file, extract.PosAt(data, int64(firstText)+base), MsgNotSolution)
			}
			m := projectLine.FindSubmatch(bytes.TrimRight(trimmed, " \t"))
			if m == nil {
				return nil, extract.Errorf(file, pos, MsgBadProject)
			}
			typ, name, p := string(m[1]), string(m[2]), string(m[3])
			if strings.EqualFold(typ, SolutionFolder) || !isProjectFile(p) {
				break
			}
			s.Projects = append(s.Projects, extract.SolutionProject{Name: name, Path: slash(p), At: pos})
		}
		off = end + 1
	}
	if !sawHeader {
		if firstText < 0 {
			firstText = 0
		}
		return nil, extract.Errorf(file, extract.PosAt(data, int64(firstText)+base), MsgNotSolution)
	}
	return s, nil
}

// ParseSlnx parses the XML format.
func ParseSlnx(file string, data []byte) (*extract.Solution, error) {
	data, _, err := extract.DecodeUTF16(file, data)
	if err != nil {
		return nil, err
	}
	body, base := extract.TrimBOM(data)
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	s := &extract.Solution{}
	pos := extract.NewLines(body)
	depth := 0
	sawRoot := false
	for {
		off := dec.InputOffset()
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
			if depth == 1 {
				if sawRoot {
					continue // a second root: not read
				}
				if t.Name.Local != "Solution" {
					return nil, extract.Errorf(file, extract.PosAt(data, off+base), MsgWrongRoot, t.Name.Local)
				}
				sawRoot = true
				continue
			}
			if t.Name.Local != "Project" || !sawRoot {
				continue
			}
			p := attr(t, "Path")
			if !isProjectFile(p) {
				continue
			}
			p = slash(p)
			name := path.Base(p)
			name = strings.TrimSuffix(name, path.Ext(name))
			s.Projects = append(s.Projects, extract.SolutionProject{Name: name, Path: p, At: pos.At(int(off))})
		case xml.EndElement:
			depth--
		}
	}
	if !sawRoot {
		i := len(body) - len(bytes.TrimLeft(body, " \t\r\n"))
		return nil, extract.Errorf(file, extract.PosAt(data, int64(i)+base), MsgNoRoot)
	}
	return s, nil
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// isProjectFile reports whether p names an MSBuild project file.
func isProjectFile(p string) bool {
	p = strings.TrimSpace(slash(p))
	if p == "" || strings.HasSuffix(p, "/") || strings.Contains(p, "://") {
		return false
	}
	ext := strings.ToLower(path.Ext(p))
	return len(ext) >= len(".proj") && strings.HasSuffix(ext, "proj")
}

func slash(p string) string { return strings.ReplaceAll(strings.TrimSpace(p), `\`, "/") }
