package scan

import (
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/graph"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/ignore"
	"github.com/affected-dev/affected/internal/match"
	"github.com/affected-dev/affected/internal/project"
	"github.com/affected-dev/affected/internal/report"
)

// ScanOptions tune Scan.
type ScanOptions struct {
	Lang       i18n.Lang
	MaxPaths   int
	Advisories []string // only these IDs or aliases
	Ignore     *ignore.Rules
	Now        time.Time
}

// Scan matches the workspace's graphs against the advisories of src and
// builds the report document.
func Scan(ws *Workspace, src match.Source, opts ScanOptions) *report.ScanDocument {
	opts = opts.withDefaults()
	found := match.Match(ws.Graphs, src, match.Options{MaxPaths: opts.MaxPaths, Advisories: opts.Advisories})
	return scanDocument(ws, hits(found, opts.Lang), opts)
}

// scanDocument builds the report document from the findings of every
// graph, as match.Match orders them (see sortHits).
func scanDocument(ws *Workspace, hs []hit, opts ScanOptions) *report.ScanDocument {
	sortHits(hs)
	doc := &report.ScanDocument{Lang: opts.Lang.String(), Base: ws.Base, Errors: ws.Errors}
	doc.Projects = projectEntries(ws)
	seenAdv := map[string]bool{}
	warned := map[string]bool{}
	for i := range hs {
		adv, rf := hs[i].adv, hs[i].f
		ids := append([]string{adv.ID}, adv.Aliases...)
		rule, expired := opts.Ignore.Match(ids, rf.Package.Name, rf.Package.Version, rf.Project, opts.Now)
		for _, e := range expired {
			if !warned[e.Where] {
				warned[e.Where] = true
				doc.Warnings = append(doc.Warnings, ignore.MsgExpired.Plain(opts.Lang, e.Where, e.Advisory, e.Expires.Format("2006-01-02")))
			}
		}
		if rule != nil {
			ig := report.IgnoredFinding{Finding: rf, Reason: rule.ReasonIn(opts.Lang), Rule: rule.Where}
			if !rule.Expires.IsZero() {
				ig.Expires = rule.Expires.Format("2006-01-02")
			}
			doc.Ignored = append(doc.Ignored, ig)
			continue
		}
		if rf.LockStale != nil && rf.LockStale.Fixed {
			doc.AwaitingRestore = append(doc.AwaitingRestore, rf)
		} else {
			doc.Findings = append(doc.Findings, rf)
		}
		if !seenAdv[adv.ID] {
			seenAdv[adv.ID] = true
			doc.Advisories = append(doc.Advisories, advisoryEntry(adv, opts.Lang))
		}
	}
	sort.Slice(doc.Advisories, func(i, j int) bool { return doc.Advisories[i].ID < doc.Advisories[j].ID })
	doc.RemovablePins = RemovablePins(ws, opts.Lang)
	doc.Normalize()
	return doc
}

func projectEntries(ws *Workspace) []report.ProjectEntry {
	fws := map[string][]string{}
	for _, t := range ws.targets {
		if t.framework != "" {
			fws[t.project] = append(fws[t.project], t.framework)
		}
	}
	var out []report.ProjectEntry
	for _, p := range ws.Projects {
		e := report.ProjectEntry{Path: p.Path, Frameworks: fws[p.Path]}
		if p.LockPath != "" {
			e.Sources = append(e.Sources, p.LockPath)
		}
		for _, f := range p.Imports {
			e.Sources = append(e.Sources, p.Display(f))
		}
		if p.NoRestoreData {
			e.DeclaredOnly = true
			for i, f := range buildOutputs(filepath.Dir(p.File)) {
				if i == maxBuildOutputs {
					break
				}
				e.BuildOutputs = append(e.BuildOutputs, ws.Display(f))
			}
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Finding turns a match into the report's form, with its advice in lang.
func Finding(f *match.Finding, lang i18n.Lang) report.Finding { return finding(f, lang, nil) }

// finding is Finding with the texts of the graph's nodes from t.
func finding(f *match.Finding, lang i18n.Lang, t *nodeTexts) report.Finding {
	g := f.Graph
	n := f.NodeRef()
	ids, projects, platform := pathIDs(g, f.Paths, t)
	rf := report.Finding{
		Advisory: report.AdvisoryRef{
			ID: f.Advisory.ID, Aliases: f.Advisory.Aliases,
			Title: f.Advisory.Title(lang), Severity: string(f.Advisory.Severity),
		},
		Package:      t.pkg(g, f.Node),
		Project:      g.Project,
		Framework:    g.Framework,
		Direct:       n.Direct,
		PathCount:    f.PathCount,
		Paths:        ids,
		ViaPlatform:  f.ViaPlatform,
		Source:       g.Source,
		ProjectNodes: projects,
	}
	if b, ok := f.Advisory.MaxBaseScore(); ok {
		rf.Advisory.BaseScore = &b
	}
	for _, a := range f.Also {
		rf.Advisory.Also = append(rf.Advisory.Also, a.ID)
	}
	if n.Direct {
		rf.Requested = n.Range
	}
	for _, v := range f.Fixed {
		rf.FixedVersions = append(rf.FixedVersions, v.String())
	}
	if !f.Recommended.IsZero() {
		rf.RecommendedVersion = f.Recommended.String()
	}
	if n.Unresolved {
		rf.Unresolved, rf.DeclaredRange = true, n.Range
	}
	if f.ViaPlatform {
		rf.Platform = platform
	}
	rf.Location = location(g, f)
	if r := f.Restore; r != nil {
		st := &report.LockStale{Fixed: r.Fixed, Unknown: r.Unknown}
		if !r.Expected.IsZero() {
			st.Expected = r.Expected.String()
			st.Declared = g.Nodes[r.Via].Name + "@" + st.Expected
			st.Inferred = r.Via != f.Node
		}
		rf.LockStale = st
	}
	rf.Advice = advice(f, rf, lang)
	return rf
}

// location is where the dependency is declared: the package when direct,
// else the direct dependency heading the shortest path, else the project.
func location(g *graph.Graph, f *match.Finding) report.Location {
	at := g.Nodes[f.Node].DeclaredAt
	if !g.Nodes[f.Node].Direct && len(f.Paths) > 0 {
		at = g.Nodes[f.Paths[0][0]].DeclaredAt
	}
	if at.File == "" {
		return report.Location{File: g.Project}
	}
	return report.Location{File: relTo(g, at.File), Line: at.Line, Column: at.Col}
}

// relTo shows a file of the graph's project relative to the same root as
// the project path.
func relTo(g *graph.Graph, file string) string {
	if g.Root == "" {
		return file
	}
	return project.Display(g.Root, file)
}

func advice(f *match.Finding, rf report.Finding, lang i18n.Lang) report.Advice {
	target := rf.RecommendedVersion
	if target == "" && len(rf.FixedVersions) > 0 {
		target = rf.FixedVersions[0]
	}
	if st := rf.LockStale; st != nil && st.Fixed {
		if !st.Inferred {
			return report.Advice{Kind: report.AdviceRestore, Version: st.Expected, Text: MsgAdviceRestore.Plain(lang, st.Expected, rf.Package.Version)}
		}
		via, _, _ := strings.Cut(st.Declared, "@")
		return report.Advice{Kind: report.AdviceRestore, Version: st.Expected, Text: MsgAdviceRestoreVia.Plain(lang, via, st.Expected, rf.Package.Version)}
	}
	switch {
	case rf.ViaPlatform:
		return report.Advice{Kind: report.AdviceUpdateRuntime, Text: MsgAdviceRuntime.Plain(lang, rf.Package.Name, strings.Replace(rf.Platform, "@", " ", 1))}
	case target == "":
		return report.Advice{Kind: report.AdviceNone, Text: MsgAdviceNone.Plain(lang)}
	case rf.Direct:
		where := rf.Location.File
		if rf.Location.Line > 0 {
			where = where + ":" + itoa(rf.Location.Line)
		}
		return report.Advice{Kind: report.AdviceBump, Version: target, Text: MsgAdviceBump.Plain(lang, rf.Package.Name, target, where)}
	default:
		return report.Advice{Kind: report.AdvicePin, Version: target, Text: MsgAdvicePin.Plain(lang, rf.Package.Name, target)}
	}
}

func advisoryEntry(a *advisory.Advisory, lang i18n.Lang) report.AdvisoryEntry {
	t, _ := a.TextIn(lang)
	e := report.AdvisoryEntry{
		ID: a.ID, Aliases: a.Aliases, Title: a.Title(lang), Summary: t.Summary,
		Remediation: t.Remediation, Severity: string(a.Severity), Lang: t.Lang, Source: a.Source,
	}
	for _, r := range a.References {
		e.References = append(e.References, r.URL)
	}
	for _, sc := range a.Scores {
		rs := report.Score{Type: sc.Type, Vector: sc.Score}
		if b, ok := sc.BaseScore(); ok {
			rs.BaseScore = &b
		}
		e.Scores = append(e.Scores, rs)
	}
	return e
}

// Messages of the advice.
var (
	MsgAdviceRestore = i18n.Define("scan.advice-restore",
		"declared %s, lock data still %s: run restore",
		"선언은 %s, 잠금 데이터는 아직 %s: 복원(restore)을 실행하세요",
		"宣告為 %s，鎖定資料仍為 %s：請執行還原（restore）")
	MsgAdviceRestoreVia = i18n.Define("scan.advice-restore-via",
		"%[1]s is declared %[2]s and should bring this package to %[2]s (they are released together); lock data still %[3]s: run restore",
		"%[1]s{이/가} %[2]s{으로/로} 선언되어 이 패키지도 %[2]s{으로/로} 올라갈 것임 (함께 릴리스됨); 잠금 데이터는 아직 %[3]s: 복원(restore)을 실행하세요",
		"%[1]s 已宣告為 %[2]s，應會將此套件一併升至 %[2]s（兩者一同發行）；鎖定資料仍為 %[3]s：請執行還原（restore）")
	MsgAdviceRuntime = i18n.Define("scan.advice-runtime",
		"%s comes with the .NET runtime (%s): update the runtime or SDK; do not pin the package",
		"%s{은/는} .NET 런타임(%s)과 함께 제공됨: 패키지를 고정하지 말고 런타임 또는 SDK를 업데이트하세요",
		"%s 隨 .NET 執行階段（%s）提供：請更新執行階段或 SDK，不要固定此套件")
	MsgAdviceNone = i18n.Define("scan.advice-none",
		"no fixed version is known; follow the advisory's guidance",
		"알려진 수정 버전이 없음; 권고의 지침을 따르세요",
		"目前沒有已知的修正版本；請依公告的指引處理")
	MsgAdviceBump = i18n.Define("scan.advice-bump",
		"change %s to %s where it is declared (%s), or run 'affected fix'",
		"선언된 곳(%[3]s)에서 %[1]s{을/를} %[2]s{으로/로} 바꾸거나 'affected fix'를 실행하세요",
		"在宣告處（%[3]s）將 %[1]s 改為 %[2]s，或執行 'affected fix'")
	MsgAdvicePin = i18n.Define("scan.advice-pin",
		"add a direct reference to %s %s (it overrides the transitive version), or run 'affected fix'",
		"%s %s에 대한 직접 참조를 추가하세요 (전이적 버전보다 우선함), 또는 'affected fix'를 실행하세요",
		"新增對 %s %s 的直接參考（會覆寫間接引入的版本），或執行 'affected fix'")
)
