// Package report renders what affected found: the dependency paths of
// `affected why`, and the findings of `affected scan` in text, JSON, SARIF
// and Markdown. JSON is the lossless form; the other formats are views of
// the same document. Report code never reads project files.
package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/package-url/packageurl-go"

	"github.com/affected-dev/affected/internal/i18n"
)

// SchemaVersion is the version of the JSON documents. Fields may be added
// without changing it; none is removed or changes meaning.
const SchemaVersion = 1

// Package names a package and its version.
type Package struct {
	Ecosystem string `json:"ecosystem,omitempty"`
	Name      string `json:"name"`
	Version   string `json:"version"`
	// PURL is the package URL (https://github.com/package-url/purl-spec),
	// pkg:nuget/Name@Version, by which other tools (SBOMs, osv.dev's
	// query API, dependency-track) name the same package.
	PURL string `json:"purl,omitempty"`
}

// NuGetPackage names a NuGet package version, with its package URL.
func NuGetPackage(name, version string) Package {
	return Package{Ecosystem: "NuGet", Name: name, Version: version,
		PURL: packageurl.NewPackageURL(packageurl.TypeNuget, "", name, version, nil, "").ToString()}
}

// ErrorEntry is a located problem in an input file. File is relative to the
// scanned root and '/'-separated; Line and Column are 0 when unknown.
type ErrorEntry struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// WhyDocument is the JSON output of `affected why`.
type WhyDocument struct {
	SchemaVersion int          `json:"schema_version"`
	Package       string       `json:"query"`
	Results       []WhyResult  `json:"results"`
	Errors        []ErrorEntry `json:"errors"`
}

// WhyResult is one package in one project and framework.
type WhyResult struct {
	Project   string  `json:"project"`
	Framework string  `json:"framework"`
	Package   Package `json:"package"`
	Direct    bool    `json:"direct"`
	// PathCount is the exact number of paths (saturating at 2^64-1);
	// Paths the shortest of them, each from a direct dependency (or
	// referenced project) to the package, as "Name@Version".
	PathCount uint64     `json:"path_count"`
	Paths     [][]string `json:"paths"`
	Source    string     `json:"source"`
	// Unresolved is true when no lock data was found: Version is then the
	// lowest version DeclaredRange admits.
	Unresolved    bool   `json:"unresolved,omitempty"`
	DeclaredRange string `json:"declared_range,omitempty"`
	// ViaPlatform is true when every path goes through the platform
	// dependency (the shared runtime).
	ViaPlatform bool `json:"via_platform"`
	// Nodes annotates path elements that are projects or the platform.
	Projects []string `json:"projects,omitempty"`
	Platform string   `json:"platform,omitempty"`
}

// WriteWhyJSON writes the document as indented JSON, a result at a time.
func WriteWhyJSON(w io.Writer, doc *WhyDocument) error {
	nonNil(&doc.Results)
	nonNil(&doc.Errors)
	doc.SchemaVersion = SchemaVersion
	return writeJSON(w, doc)
}

// WriteWhyText writes the results as trees, one per project, grouping the
// frameworks whose trees are identical, like `dotnet nuget why`.
func WriteWhyText(w io.Writer, doc *WhyDocument, lang i18n.Lang, maxPaths int) error {
	ew := &errWriter{w: w}
	if len(doc.Results) == 0 {
		ew.printf("%s\n", MsgWhyNotFound.Sprintf(lang, doc.Package))
	}
	// Results come sorted by project, then framework.
	for i := 0; i < len(doc.Results); {
		j := i
		for j < len(doc.Results) && doc.Results[j].Project == doc.Results[i].Project {
			j++
		}
		writeProject(ew, doc.Results[i:j], lang, maxPaths)
		i = j
	}
	for _, e := range doc.Errors {
		ew.printf("%s\n", MsgErrorEntry.Plain(lang, e.String()))
	}
	return ew.err
}

// String returns "file:line:col: message".
func (e ErrorEntry) String() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	case e.File != "":
		return e.File + ": " + e.Message
	}
	return e.Message
}

func writeProject(w *errWriter, results []WhyResult, lang i18n.Lang, maxPaths int) {
	w.printf("%s\n", MsgWhyProject.Sprintf(lang, results[0].Project, results[0].Package.Name))
	type group struct {
		frameworks []string
		tree       string
		r          WhyResult
	}
	var groups []*group
	for _, r := range results {
		tree := renderTree(r, lang)
		var g *group
		for _, x := range groups {
			if x.tree == tree && x.r.PathCount == r.PathCount && x.r.Source == r.Source {
				g = x
			}
		}
		if g == nil {
			g = &group{tree: tree, r: r}
			groups = append(groups, g)
		}
		fw := r.Framework
		if fw == "" {
			fw = "?"
		}
		g.frameworks = append(g.frameworks, fw)
	}
	for _, g := range groups {
		w.printf("\n  [%s]  %s\n", strings.Join(g.frameworks, ", "), MsgWhySource.Sprintf(lang, g.r.Source))
		w.printf("   │\n%s", g.tree)
		if shown := uint64(len(g.r.Paths)); g.r.PathCount > shown {
			w.printf("   %s\n", MsgWhyMorePaths.Sprintf(lang, shown, g.r.PathCount, maxPaths))
		}
		if g.r.ViaPlatform {
			w.printf("   %s\n", MsgWhyViaPlatform.Sprintf(lang))
		}
		if g.r.Unresolved {
			w.printf("   %s\n", MsgWhyUnresolved.Sprintf(lang, g.r.DeclaredRange))
		}
	}
	w.printf("\n")
}

// TreeNode is a node of the tree the paths of a finding make, as `why`
// and the scan's text report draw it and the server's pages list it:
// paths with a common start share their first nodes.
type TreeNode struct {
	// ID is the path element, "Name@Version" (a project or the platform
	// may have no version).
	ID string
	// Project and Platform mark a referenced project and the shared
	// runtime.
	Project, Platform bool
	Children          []*TreeNode
}

// Label is the node as the .NET CLI shows it, "Name (v1.0.0)".
func (t *TreeNode) Label() string { return label(t.ID) }

// PathTree merges paths (each from a direct dependency to the package)
// into a tree, keeping the order in which elements first appear;
// projects and platform are the elements to mark.
func PathTree(paths [][]string, projects []string, platform string) []*TreeNode {
	root := &TreeNode{}
	for _, p := range paths {
		t := root
		for _, id := range p {
			t = t.child(id, projects, platform)
		}
	}
	return root.Children
}

func (t *TreeNode) child(id string, projects []string, platform string) *TreeNode {
	for _, c := range t.Children {
		if c.ID == id {
			return c
		}
	}
	c := &TreeNode{ID: id, Project: slices.Contains(projects, id), Platform: platform != "" && id == platform}
	t.Children = append(t.Children, c)
	return c
}

func renderTree(r WhyResult, lang i18n.Lang) string {
	var b strings.Builder
	var walk func(ts []*TreeNode, prefix string)
	walk = func(ts []*TreeNode, prefix string) {
		for i, c := range ts {
			last := i == len(ts)-1
			branch, next := "├─ ", "│  "
			if last {
				branch, next = "└─ ", "   "
			}
			b.WriteString(prefix + branch + c.Label())
			switch {
			case c.Project:
				b.WriteString(MsgWhyProjectNode.Plain(lang))
			case c.Platform:
				b.WriteString(MsgWhyPlatformNode.Plain(lang))
			}
			b.WriteString("\n")
			walk(c.Children, prefix+next)
		}
	}
	walk(PathTree(r.Paths, r.Projects, r.Platform), "   ")
	return b.String()
}

// label turns "Name@1.0.0" into "Name (v1.0.0)" as the .NET CLI shows it.
func label(id string) string {
	if i := strings.LastIndexByte(id, '@'); i > 0 {
		return id[:i] + " (v" + id[i+1:] + ")"
	}
	return id
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// Messages of the why report.
var (
	MsgWhyNotFound = i18n.Define("report.why-not-found",
		"No project depends on %s.",
		"%s에 의존하는 프로젝트가 없습니다.",
		"沒有任何專案相依於 %s。")
	MsgWhyProject = i18n.Define("report.why-project",
		"Project %s has the following dependency paths to %s:",
		"프로젝트 %s에서 %s까지의 의존성 경로:",
		"專案 %s 到 %s 的相依性路徑如下：")
	MsgWhySource = i18n.Define("report.why-source",
		"(from %s)",
		"(%s 기준)",
		"（來源：%s）")
	MsgWhyMorePaths = i18n.Define("report.why-more-paths",
		"… %d of %d {path|paths} shown, shortest first (--max-paths %d)",
		"… 경로 %[2]d개 중 가장 짧은 %[1]d개 표시 (--max-paths %[3]d)",
		"… 共 %[2]d 條路徑，顯示最短的 %[1]d 條（--max-paths %[3]d）")
	MsgWhyViaPlatform = i18n.Define("report.why-via-platform",
		"every path goes through the platform dependency: the package comes with the .NET runtime",
		"모든 경로가 플랫폼 의존성을 거침: 이 패키지는 .NET 런타임과 함께 제공됨",
		"所有路徑都經過平台相依性：此套件隨 .NET 執行階段提供")
	MsgWhyUnresolved = i18n.Define("report.why-unresolved",
		"no lock data: version is the lowest the declared range %q admits; run a restore for the resolved graph",
		"잠금 데이터 없음: 버전은 선언된 범위 %q{이/가} 허용하는 가장 낮은 버전임; 확정된 그래프를 보려면 restore를 실행하세요",
		"沒有鎖定資料：版本為宣告範圍 %q 允許的最低版本；執行 restore 可取得解析後的相依圖")
	MsgWhyProjectNode = i18n.Define("report.why-project-node",
		" (project)",
		" (프로젝트)",
		"（專案）")
	MsgWhyPlatformNode = i18n.Define("report.why-platform-node",
		" (platform)",
		" (플랫폼)",
		"（平台）")
	MsgErrorEntry = i18n.Define("report.error-entry",
		"error: %s",
		"오류: %s",
		"錯誤：%s")
)
