package report

import (
	"encoding/json"
	"io"
	"sort"
	"strings"

	"github.com/rivo/uniseg"

	"github.com/affected-dev/affected/internal/i18n"
)

// ScanDocument is the JSON output of `affected scan` (schema_version 1).
// The text, Markdown and SARIF reports are rendered from it.
type ScanDocument struct {
	SchemaVersion int `json:"schema_version"`
	// Lang is the language of the texts in the document.
	Lang string `json:"lang"`
	// Base is the directory the document's relative paths are relative
	// to (the working directory of the scan); paths outside it are
	// absolute.
	Base string `json:"base,omitempty"`
	// Database is what the projects were checked against.
	Database *Database      `json:"database,omitempty"`
	Projects []ProjectEntry `json:"projects"`
	Findings []Finding      `json:"findings"`
	// Advisories describes every advisory that has a finding.
	Advisories []AdvisoryEntry `json:"advisories"`
	// Ignored are findings suppressed by an ignore file, with the reason.
	Ignored []IgnoredFinding `json:"ignored"`
	// AwaitingRestore are findings that the project files already fix but
	// the lock data does not show yet: restore has not run since the files
	// changed (each has LockStale, with fixed set).
	AwaitingRestore []Finding `json:"awaiting_restore"`
	// RemovablePins are direct references that an earlier fix added and
	// that no longer raise the version restore picks.
	RemovablePins []RemovablePin `json:"removable_pins"`
	Errors        []ErrorEntry   `json:"errors"`
	// FilteredOut counts the findings left out by a severity filter
	// (--severity); Severities are the severities the filter kept.
	FilteredOut int      `json:"filtered_out,omitempty"`
	Severities  []string `json:"severities,omitempty"`
	// Warnings are what the reader must know about the scan itself (an
	// expired ignore rule, a database with only the built-in advisories
	// or out of date), in the document's language.
	Warnings []string `json:"warnings,omitempty"`
}

// ProjectEntry is a scanned project.
type ProjectEntry struct {
	Path       string   `json:"path"`
	Frameworks []string `json:"frameworks"`
	Sources    []string `json:"sources"`
	// DeclaredOnly is set for a project without restore data (no lock or
	// assets file): it was checked on the versions it declares only (the
	// lowest each range admits), not on what restore resolves, and its
	// transitive packages are unknown.
	DeclaredOnly bool `json:"declared_only,omitempty"`
	// BuildOutputs are *.deps.json files the build wrote under the
	// project's bin directory, newest first (at most three): they record
	// what was resolved, and can be scanned instead.
	BuildOutputs []string `json:"build_outputs,omitempty"`
}

// AdvisoryRef is the short form of an advisory inside a finding.
type AdvisoryRef struct {
	ID       string   `json:"id"`
	Aliases  []string `json:"aliases"`
	Title    string   `json:"title"`
	Severity string   `json:"severity"`
	// BaseScore is the highest CVSS base score of the advisory's vectors
	// (see AdvisoryEntry.Scores), absent when it has none.
	BaseScore *float64 `json:"base_score,omitempty"`
	// Also are the ids of other records of the same issue (sharing a CVE
	// id or an alias with this one) that this finding stands for.
	Also []string `json:"also,omitempty"`
}

// Score is a severity score as the advisory publishes it (a CVSS vector),
// with the base score the vector gives by its CVSS version's
// specification (absent when it is not a vector that can be scored).
type Score struct {
	Type      string   `json:"type"` // CVSS_V2, CVSS_V3, CVSS_V4
	Vector    string   `json:"vector"`
	BaseScore *float64 `json:"base_score,omitempty"`
}

// AdvisoryEntry is an advisory's text in the document's language.
type AdvisoryEntry struct {
	ID          string   `json:"id"`
	Aliases     []string `json:"aliases"`
	Title       string   `json:"title"`
	Summary     string   `json:"summary,omitempty"`
	Remediation string   `json:"remediation,omitempty"`
	Severity    string   `json:"severity"`
	Scores      []Score  `json:"scores,omitempty"`
	// Lang is the language of the texts; it differs from the document's
	// when the advisory has no text in the requested language.
	Lang       string   `json:"lang"`
	References []string `json:"references,omitempty"`
	Source     string   `json:"source"`
}

// Location is a place in a file (relative path, 1-based line and column;
// 0 when unknown).
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// Finding is one advisory applying to one package version in one project
// and framework.
type Finding struct {
	Advisory  AdvisoryRef `json:"advisory"`
	Package   Package     `json:"package"`
	Project   string      `json:"project"`
	Framework string      `json:"framework"`
	Direct    bool        `json:"direct"`
	// Requested is the version or range the project declares for a
	// direct dependency ("" for a transitive one, or without a manifest).
	Requested string     `json:"requested,omitempty"`
	PathCount uint64     `json:"path_count"`
	Paths     [][]string `json:"paths"`
	// FixedVersions are the advisory's fixed versions, the one that fixes
	// this version first; RecommendedVersion the lowest version clear of
	// every advisory known for the package ("" when none is known).
	FixedVersions      []string `json:"fixed_versions"`
	RecommendedVersion string   `json:"recommended_version"`
	ViaPlatform        bool     `json:"via_platform"`
	Source             string   `json:"source"`
	// Unresolved marks a version taken from a declared range (no lock
	// data).
	Unresolved    bool   `json:"unresolved,omitempty"`
	DeclaredRange string `json:"declared_range,omitempty"`
	// Location is where the dependency is declared: the package itself
	// when direct, else the direct dependency that brings it in on the
	// shortest path (else the project file).
	Location Location `json:"location"`
	// Advice says what to do: bump, pin, update-runtime, none.
	Advice Advice `json:"advice"`
	// Platform names the platform dependency for via_platform findings.
	Platform string `json:"platform,omitempty"`
	// Projects lists path elements that are referenced projects.
	ProjectNodes []string `json:"project_nodes,omitempty"`
	// LockStale is set when the lock data is older than the project's
	// files for this package (restore has not run since they changed).
	LockStale *LockStale `json:"lock_stale,omitempty"`
}

// LockStale says how a finding's lock data is behind the project's files.
type LockStale struct {
	// Declared is the declaration the lock data does not have yet,
	// "Name@Version": the package itself, or a package it comes through
	// ("" when Unknown alone).
	Declared string `json:"declared,omitempty"`
	// Expected is the version restore is expected to resolve for the
	// package ("" when unknown).
	Expected string `json:"expected,omitempty"`
	// Inferred is set when Expected follows a declared package released
	// with this one, not a declaration of the package itself: restore
	// confirms it.
	Inferred bool `json:"inferred,omitempty"`
	// Fixed is set when the advisory does not affect Expected.
	Fixed bool `json:"fixed"`
	// Unknown is set when a package this one comes through is declared at
	// a version the lock data does not have and may ask for another
	// version of it: only restore can tell.
	Unknown bool `json:"unknown,omitempty"`
}

// Advice kinds.
const (
	AdviceBump          = "bump"           // change the declared version
	AdviceRestore       = "restore"        // the files are fixed: restore the lock data
	AdvicePin           = "pin"            // add a direct reference at the fixed version
	AdviceUpdateRuntime = "update-runtime" // the package comes with the runtime
	AdviceNone          = "none"           // no fixed version is known
)

// Advice is the action a finding calls for.
type Advice struct {
	Kind    string `json:"kind"`
	Version string `json:"version,omitempty"`
	Text    string `json:"text"`
}

// IgnoredFinding is a finding an ignore rule suppressed.
type IgnoredFinding struct {
	Finding Finding `json:"finding"`
	Reason  string  `json:"reason"`
	Expires string  `json:"expires,omitempty"`
	Rule    string  `json:"rule"` // where the rule is (file:line)
}

// RemovablePin is a direct reference, added by `affected fix`, that no
// longer changes the resolved version.
type RemovablePin struct {
	Project   string   `json:"project"`
	Framework string   `json:"framework"`
	Package   Package  `json:"package"`
	Advisory  string   `json:"advisory"`
	Location  Location `json:"location"`
	Reason    string   `json:"reason"`
}

// Normalize fills nil slices (the schema has arrays, never null) and the
// schema version.
func (d *ScanDocument) Normalize() {
	d.SchemaVersion = SchemaVersion
	nonNil(&d.Projects)
	nonNil(&d.Findings)
	nonNil(&d.Advisories)
	nonNil(&d.Ignored)
	nonNil(&d.RemovablePins)
	nonNil(&d.AwaitingRestore)
	nonNil(&d.Errors)
	for _, list := range [][]Finding{d.Findings, d.AwaitingRestore} {
		NormalizeFindings(list)
	}
	for i := range d.Advisories {
		nonNil(&d.Advisories[i].Aliases)
	}
	for i := range d.Projects {
		nonNil(&d.Projects[i].Frameworks)
		nonNil(&d.Projects[i].Sources)
	}
}

// NormalizeFindings fills the nil slices of findings (the schema has
// arrays, never null).
func NormalizeFindings(list []Finding) {
	for i := range list {
		f := &list[i]
		nonNil(&f.Paths)
		nonNil(&f.FixedVersions)
		nonNil(&f.Advisory.Aliases)
	}
}

// WriteJSON writes the document as indented JSON, a finding at a time.
func WriteJSON(w io.Writer, d *ScanDocument) error {
	d.Normalize()
	return writeJSON(w, d)
}

// ReadJSON reads a document written by WriteJSON.
func ReadJSON(r io.Reader) (*ScanDocument, error) {
	var d ScanDocument
	if err := json.NewDecoder(r).Decode(&d); err != nil {
		return nil, err
	}
	d.Normalize()
	return &d, nil
}

// advisory returns the entry of an advisory id.
func (d *ScanDocument) advisory(id string) AdvisoryEntry {
	for _, a := range d.Advisories {
		if a.ID == id {
			return a
		}
	}
	return AdvisoryEntry{ID: id, Title: id}
}

// byAdvisory groups findings by advisory, most severe first, then by id.
func (d *ScanDocument) byAdvisory() [][]Finding {
	groups := map[string][]Finding{}
	var ids []string
	for _, f := range d.Findings {
		if _, ok := groups[f.Advisory.ID]; !ok {
			ids = append(ids, f.Advisory.ID)
		}
		groups[f.Advisory.ID] = append(groups[f.Advisory.ID], f)
	}
	sort.SliceStable(ids, func(i, j int) bool {
		a, b := groups[ids[i]][0].Advisory, groups[ids[j]][0].Advisory
		if ra, rb := severityRank(a.Severity), severityRank(b.Severity); ra != rb {
			return ra > rb
		}
		return a.ID < b.ID
	})
	out := make([][]Finding, len(ids))
	for i, id := range ids {
		out[i] = groups[id]
	}
	return out
}

// severityRank orders severities, 0 for none (or one we do not know).
func severityRank(s string) int {
	for i, x := range Severities {
		if strings.EqualFold(s, x) {
			return i + 1
		}
	}
	return 0
}

// WriteText writes the findings for a terminal: grouped by advisory, then
// project and framework, each with its path tree and what to do.
func WriteText(w io.Writer, d *ScanDocument, lang i18n.Lang) error {
	return WriteTextStyle(w, d, lang, Style{})
}

// WriteTextStyle is WriteText in a style (Color on a terminal).
func WriteTextStyle(w io.Writer, d *ScanDocument, lang i18n.Lang, st Style) error {
	ew := &errWriter{w: w}
	for _, group := range d.byAdvisory() {
		a := d.advisory(group[0].Advisory.ID)
		sev := a.Severity
		if sev == "" {
			sev = "-"
		}
		ew.printf("%s  %s  %s\n", st.bold(a.ID), st.severity(sev, severityLabel(sev, lang)), a.Title)
		if len(a.Aliases) > 0 {
			ew.printf("  %s\n", MsgAliases.Plain(lang, strings.Join(a.Aliases, ", ")))
		}
		if also := alsoIDs(group); len(also) > 0 {
			ew.printf("  %s\n", MsgSameIssue.Plain(lang, strings.Join(also, ", ")))
		}
		if a.Lang != "" && a.Lang != lang.String() {
			ew.printf("  %s\n", MsgTextLangMissing.Plain(lang, lang.String(), a.Lang))
		}
		if a.Summary != "" {
			ew.printf("%s", wrapIndent(a.Summary, "  ", 78))
		}
		for _, f := range group {
			ew.printf("\n  %s\n", MsgFindingHeader.Sprintf(lang, f.Project, f.Framework, f.Package.Name, f.Package.Version))
			kind := MsgTransitive.Plain(lang)
			if f.Direct {
				kind = MsgDirect.Plain(lang)
			}
			ew.printf("    %s\n", MsgKindPaths.Sprintf(lang, kind, MsgPathCount.Sprintf(lang, f.PathCount, f.Source)))
			r := WhyResult{Paths: f.Paths, Projects: f.ProjectNodes, Platform: f.Platform}
			ew.printf("%s", indent(renderTree(r, lang), "  "))
			if shown := uint64(len(f.Paths)); f.PathCount > shown {
				ew.printf("     %s\n", MsgWhyMorePaths.Sprintf(lang, shown, f.PathCount, len(f.Paths)))
			}
			if f.Unresolved {
				ew.printf("    %s\n", MsgWhyUnresolved.Sprintf(lang, f.DeclaredRange))
			}
			if note := lockStaleNote(f, lang); note != "" {
				ew.printf("    %s\n", note)
			}
			if len(f.FixedVersions) > 0 {
				ew.printf("    %s\n", MsgFixedIn.Plain(lang, strings.Join(f.FixedVersions, ", "), orDash(f.RecommendedVersion)))
			}
			ew.printf("    %s\n", st.green("→ "+f.Advice.Text))
		}
		ew.printf("\n")
	}
	writeTail(ew, d, lang, st)
	return ew.err
}

// writeTail writes what ends a text report: the findings waiting for
// restore, the ignored findings, the removable pins, the errors, the
// summary and what was checked.
func writeTail(ew *errWriter, d *ScanDocument, lang i18n.Lang, st Style) {
	if len(d.AwaitingRestore) > 0 {
		ew.printf("%s\n", MsgStaleHeader.Sprintf(lang, len(d.AwaitingRestore)))
		for _, f := range d.AwaitingRestore {
			ew.printf("  %s  %s\n", MsgFindingHeader.Sprintf(lang, f.Project, f.Framework, f.Package.Name, f.Package.Version), f.Advisory.ID)
			ew.printf("    → %s\n", f.Advice.Text)
		}
		ew.printf("\n")
	}
	for _, ig := range d.Ignored {
		ew.printf("%s\n", MsgIgnoredLine.Plain(lang, ig.Finding.Advisory.ID, ig.Finding.Package.Name, ig.Finding.Package.Version, ig.Finding.Project, ig.Reason))
	}
	for _, p := range d.RemovablePins {
		ew.printf("%s\n", MsgRemovablePin.Plain(lang, p.Location.File, p.Location.Line, p.Package.Name, p.Package.Version, p.Reason))
	}
	for _, e := range d.Errors {
		ew.printf("%s\n", st.red(MsgErrorEntry.Plain(lang, e.String())))
	}
	for _, l := range declaredOnlyLines(d, lang) {
		ew.printf("%s\n", l)
	}
	ew.printf("%s\n", summaryLine(d, lang))
	if d.Database != nil {
		ew.printf("%s\n", d.Database.Line(lang))
	}
}

func summaryLine(d *ScanDocument, lang i18n.Lang) string {
	advisories := map[string]bool{}
	projects := map[string]bool{}
	for _, f := range d.Findings {
		advisories[f.Advisory.ID] = true
		projects[f.Project] = true
	}
	var line string
	if len(d.Findings) == 0 {
		if len(d.AwaitingRestore) > 0 {
			line = MsgSummaryOnlyStale.Sprintf(lang, len(d.AwaitingRestore), len(d.Projects), len(d.Errors))
		} else {
			line = MsgSummaryClean.Sprintf(lang, len(d.Projects), len(d.Errors))
		}
	} else if len(d.AwaitingRestore) > 0 {
		line = MsgSummaryStale.Sprintf(lang, len(d.Findings), len(advisories), len(projects), len(d.Projects), len(d.AwaitingRestore), len(d.Errors))
	} else {
		line = MsgSummary.Sprintf(lang, len(d.Findings), len(advisories), len(projects), len(d.Projects), len(d.Errors))
	}
	if d.FilteredOut > 0 {
		line += MsgFilteredOut.Sprintf(lang, d.FilteredOut)
	}
	return line
}

// declaredOnlyLines say how many projects were checked without restore
// data, on their declared versions only, and name the build output each
// could be scanned through instead (nil when every project had restore
// data).
func declaredOnlyLines(d *ScanDocument, lang i18n.Lang) []string {
	var n int
	var out []string
	for _, p := range d.Projects {
		if !p.DeclaredOnly {
			continue
		}
		n++
		if len(p.BuildOutputs) > 0 {
			out = append(out, "  "+MsgBuildOutput.Plain(lang, p.Path, strings.Join(p.BuildOutputs, ", ")))
		}
	}
	if n == 0 {
		return nil
	}
	return append([]string{MsgNoRestoreData.Sprintf(lang, n)}, out...)
}

// lockStaleNote says, for a finding that stays open, how its lock data
// is behind the project's files ("" when it is not).
func lockStaleNote(f Finding, lang i18n.Lang) string {
	st := f.LockStale
	switch {
	case st == nil || st.Fixed:
		return ""
	case st.Expected != "":
		name, version, _ := strings.Cut(st.Declared, "@")
		return MsgLockStaleStill.Plain(lang, name, version, f.Package.Version, st.Expected)
	}
	return MsgLockStaleUnknown.Plain(lang)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// SeverityLabel is a severity as the reports show it, in lang ("no
// severity" for "").
func SeverityLabel(s string, lang i18n.Lang) string { return severityLabel(s, lang) }

func severityLabel(s string, lang i18n.Lang) string {
	switch strings.ToLower(s) {
	case "low":
		return MsgSevLow.Plain(lang)
	case "moderate":
		return MsgSevModerate.Plain(lang)
	case "high":
		return MsgSevHigh.Plain(lang)
	case "critical":
		return MsgSevCritical.Plain(lang)
	}
	return MsgSevNone.Plain(lang)
}

func indent(s, prefix string) string {
	if s == "" {
		return ""
	}
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(prefix + l)
		}
	}
	return b.String()
}

// wrapIndent wraps text at width terminal columns, each line indented.
// East Asian wide characters take two columns; a word wider than a line
// (CJK text has long runs without spaces) is cut.
func wrapIndent(text, prefix string, width int) string {
	var b strings.Builder
	avail := width - len(prefix)
	var line []rune
	cols := 0
	flush := func() {
		b.WriteString(prefix + strings.TrimRight(string(line), " ") + "\n")
		line, cols = line[:0], 0
	}
	for _, word := range strings.Fields(text) {
		wcols := 0
		for _, r := range word {
			wcols += runeWidth(r)
		}
		if cols > 0 && cols+1+wcols > avail {
			flush()
		}
		if cols > 0 {
			line = append(line, ' ')
			cols++
		}
		for _, r := range word {
			if w := runeWidth(r); cols+w > avail {
				flush()
			}
			line = append(line, r)
			cols += runeWidth(r)
		}
	}
	if len(line) > 0 {
		flush()
	}
	return b.String()
}

func runeWidth(r rune) int { return uniseg.StringWidth(string(r)) }

// Messages of the scan report.
var (
	MsgAliases = i18n.Define("report.aliases",
		"also known as %s",
		"다른 이름: %s",
		"又稱 %s")
	MsgTextLangMissing = i18n.Define("report.text-lang-missing",
		"(this advisory has no %s text; shown in %s)",
		"(이 권고에는 %s 텍스트가 없어 %s{으로/로} 표시함)",
		"（此公告沒有 %s 文字；以 %s 顯示）")
	MsgFindingHeader = i18n.Define("report.finding-header",
		"%s [%s]: %s %s",
		"%s [%s]: %s %s",
		"%s [%s]：%s %s")
	MsgDirect = i18n.Define("report.direct",
		"direct dependency",
		"직접 의존성",
		"直接相依性")
	MsgTransitive = i18n.Define("report.transitive",
		"transitive dependency",
		"전이적 의존성",
		"間接相依性")
	MsgKindPaths = i18n.Define("report.kind-paths",
		"%s; %s",
		"%s; %s",
		"%s；%s")
	MsgPathCount = i18n.Define("report.path-count",
		"%d {path|paths}, from %s",
		"경로 %d개, %s 기준",
		"%d 條路徑，來源 %s")
	MsgFixedIn = i18n.Define("report.fixed-in",
		"fixed in %s; lowest version clear of all known advisories: %s",
		"수정 버전: %s; 알려진 모든 권고에서 안전한 가장 낮은 버전: %s",
		"已修正版本：%s；不受所有已知公告影響的最低版本：%s")
	MsgIgnoredLine = i18n.Define("report.ignored",
		"ignored: %s for %s %s in %s (%s)",
		"무시됨: %[4]s의 %[2]s %[3]s에 대한 %[1]s (%[5]s)",
		"已忽略：%[4]s 中 %[2]s %[3]s 的 %[1]s（%[5]s）")
	MsgRemovablePin = i18n.Define("report.removable-pin",
		"%s:%d: the pin of %s %s can be removed: %s",
		"%s:%d: %s %s 고정은 제거할 수 있음: %s",
		"%s:%d：%s %s 的固定參考可以移除：%s")
	MsgSummary = i18n.Define("report.summary",
		"%d {finding|findings} of %d {advisory|advisories} in %d of %d {project|projects}; %d {error|errors}",
		"프로젝트 %[4]d개 중 %[3]d개에서 권고 %[2]d건에 해당하는 발견 %[1]d건; 오류 %[5]d건",
		"在 %[4]d 個專案中的 %[3]d 個發現 %[2]d 則公告的 %[1]d 項結果；%[5]d 個錯誤")
	MsgSummaryClean = i18n.Define("report.summary-clean",
		"no known advisory applies to the %d {project|projects} scanned; %d {error|errors}",
		"검사한 프로젝트 %d개에 해당하는 알려진 권고 없음; 오류 %d건",
		"掃描的 %d 個專案沒有適用的已知公告；%d 個錯誤")
	MsgSummaryStale = i18n.Define("report.summary-stale",
		"%d {finding|findings} of %d {advisory|advisories} in %d of %d {project|projects}, and %d more fixed in the project files but not yet in the lock data (run restore); %d {error|errors}",
		"프로젝트 %[4]d개 중 %[3]d개에서 권고 %[2]d건에 해당하는 발견 %[1]d건, 그리고 프로젝트 파일에서는 고쳤지만 잠금 데이터에는 아직 반영되지 않은 발견 %[5]d건 (복원 필요); 오류 %[6]d건",
		"在 %[4]d 個專案中的 %[3]d 個發現 %[2]d 則公告的 %[1]d 項結果，另有 %[5]d 項已在專案檔修正但鎖定資料尚未更新（請執行還原）；%[6]d 個錯誤")
	MsgSummaryOnlyStale = i18n.Define("report.summary-only-stale",
		"%d {finding|findings} fixed in the project files but not yet in the lock data (run restore, then scan again); nothing else found in the %d {project|projects} scanned; %d {error|errors}",
		"프로젝트 파일에서는 고쳤지만 잠금 데이터에는 아직 반영되지 않은 발견 %d건 (복원한 뒤 다시 검사하세요); 검사한 프로젝트 %d개에서 그 밖의 발견 없음; 오류 %d건",
		"%d 項結果已在專案檔修正但鎖定資料尚未更新（請執行還原後再次掃描）；掃描的 %d 個專案沒有其他發現；%d 個錯誤")
	MsgNoRestoreData = i18n.Define("report.no-restore-data",
		"%d {project has|projects have} no restore data (no lock or assets file): checked on declared versions only (the lowest each range admits; transitive packages unknown); restore, or scan the build output",
		"프로젝트 %d개에 복원 데이터(잠금 또는 assets 파일)가 없음: 선언된 버전으로만 검사함 (각 범위가 허용하는 가장 낮은 버전; 전이적 패키지는 알 수 없음); 복원하거나 빌드 출력을 검사하세요",
		"%d 個專案沒有還原資料（沒有鎖定檔或 assets 檔）：僅依宣告的版本檢查（各範圍允許的最低版本；間接套件無從得知）；請還原，或掃描建置輸出")
	MsgBuildOutput = i18n.Define("report.build-output",
		"%s: its build output can be scanned instead: %s",
		"%s: 대신 빌드 출력을 검사할 수 있음: %s",
		"%s：可改為掃描其建置輸出：%s")
	MsgStaleHeader = i18n.Define("report.stale-header",
		"Fixed in the project files, not yet in the lock data (%d {finding|findings}): run restore, then scan again",
		"프로젝트 파일에서는 고쳤지만 잠금 데이터에는 아직 반영되지 않음 (발견 %d건): 복원(restore)을 실행한 뒤 다시 검사하세요",
		"專案檔已修正、鎖定資料尚未更新（%d 項結果）：請執行還原（restore）後再次掃描")
	MsgLockStaleStill = i18n.Define("report.lock-stale-still",
		"lock data is stale: %s is declared %s, the lock data still has %s; once restored this package is expected at %s, which this advisory still affects",
		"잠금 데이터가 오래됨: %s{은/는} %s{으로/로} 선언됐지만 잠금 데이터는 아직 %s; 복원 후 이 패키지는 %s{이/가} 될 것이며 이 권고의 영향을 여전히 받음",
		"鎖定資料已過時：%s 宣告為 %s，鎖定資料仍為 %s；還原後此套件預期為 %s，仍受此公告影響")
	MsgLockStaleUnknown = i18n.Define("report.lock-stale-unknown",
		"lock data is stale for a package this one comes through (its declared version is not in the lock data): restore may change this version; only restore can tell",
		"이 패키지를 가져오는 패키지의 잠금 데이터가 오래됨 (선언된 버전이 잠금 데이터에 없음): 복원하면 이 버전이 바뀔 수 있으며, 복원해야만 알 수 있음",
		"引入此套件的套件其鎖定資料已過時（宣告的版本不在鎖定資料中）：還原可能改變此版本，只有還原後才能得知")
	MsgFilteredOut = i18n.Define("report.filtered-out",
		" (%d {finding|findings} left out by --severity)",
		" (--severity로 제외한 발견 %d건)",
		"（--severity 排除了 %d 項結果）")
	MsgSevLow      = i18n.Define("report.sev-low", "low", "낮음", "低")
	MsgSevModerate = i18n.Define("report.sev-moderate", "moderate", "보통", "中")
	MsgSevHigh     = i18n.Define("report.sev-high", "high", "높음", "高")
	MsgSevCritical = i18n.Define("report.sev-critical", "critical", "심각", "嚴重")
	MsgSevNone     = i18n.Define("report.sev-none", "no severity", "심각도 없음", "無嚴重性")
)

// nonNil makes a nil slice empty, so that JSON shows [] rather than null.
func nonNil[T any](s *[]T) {
	if *s == nil {
		*s = []T{}
	}
}
