package fix

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/match"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/scan"
)

// SchemaVersion is the version of the JSON document of `affected fix`.
const SchemaVersion = 1

// Result is what a run of fix did, for the reports.
type Result struct {
	Plan   *Plan
	DryRun bool
	// Written lists the files Apply attempted (nil in a dry run).
	Written []Written
	// Stale are the projects whose lock data the edits made stale.
	Stale []Stale
	// Restore is set when --restore was asked for.
	Restore *RestoreResult
	// Remaining are the findings that stay open: re-evaluated from the
	// plan, or, when Restored, found by a scan after restore.
	Remaining []match.Finding
	Restored  bool
	// Errors are the problems of the scan and of the plan.
	Errors []report.ErrorEntry
	// Database is what the findings were checked against.
	Database *report.Database
}

// Document is the JSON output of `affected fix` (schema_version 1). The
// text and Markdown reports are rendered from it.
type Document struct {
	SchemaVersion int    `json:"schema_version"`
	Lang          string `json:"lang"`
	// Target is clear-of-all or lowest-fixed.
	Target string      `json:"target"`
	DryRun bool        `json:"dry_run"`
	Steps  []StepEntry `json:"steps"`
	Files  []FileEntry `json:"files"`
	// Stale lists the projects whose lock data is out of date after the
	// edits, with the command that restores each.
	Stale   []StaleEntry  `json:"stale"`
	Restore *RestoreEntry `json:"restore,omitempty"`
	// Remaining are the findings that stay open; Evaluated says how they
	// were found: "planned" (the graphs with the planned versions) or
	// "restored" (a scan after restore).
	Remaining []report.Finding    `json:"remaining"`
	Evaluated string              `json:"evaluated"`
	Errors    []report.ErrorEntry `json:"errors"`
	// Database is what the findings were checked against.
	Database *report.Database `json:"database,omitempty"`
}

// StepEntry is a step of the plan.
type StepEntry struct {
	Kind       string   `json:"kind"`
	Detail     string   `json:"detail,omitempty"`
	Project    string   `json:"project"`
	Package    string   `json:"package"`
	From       []string `json:"from"`
	To         string   `json:"to,omitempty"`
	Advisories []string `json:"advisories"`
	Frameworks []string `json:"frameworks"`
	With       string   `json:"with,omitempty"`
	Runtime    string   `json:"runtime,omitempty"`
	Major      bool     `json:"major,omitempty"`
	// MaybeRaised: a pin that a raised package may make unnecessary,
	// which only restore can tell (see Step.MaybeRaised).
	MaybeRaised bool    `json:"maybe_raised,omitempty"`
	Where       []Where `json:"where"`
	// Text says what the step does and why, in the document's language.
	Text string `json:"text"`
}

// FileEntry is a changed file.
type FileEntry struct {
	Path    string `json:"path"`
	Written bool   `json:"written"`
	Lines   []int  `json:"lines"`
	Diff    string `json:"diff"`
	Error   string `json:"error,omitempty"`
}

// StaleEntry is a project to restore.
type StaleEntry struct {
	Project  string `json:"project"`
	LockFile string `json:"lock_file,omitempty"`
	Command  string `json:"command"`
}

// RestoreEntry is what --restore ran.
type RestoreEntry struct {
	Dotnet   string         `json:"dotnet"`
	Commands []CommandEntry `json:"commands"`
}

// CommandEntry is one restore command.
type CommandEntry struct {
	Command string `json:"command"`
	Ran     bool   `json:"ran"`
	OK      bool   `json:"ok"`
	Output  string `json:"output,omitempty"`
	Error   string `json:"error,omitempty"`
}

// MarshalJSON writes Where as {"file":…, "line":…}.
func (w Where) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		File string `json:"file"`
		Line int    `json:"line"`
	}{w.File, w.Line})
}

// Document builds the report document in lang.
func (r *Result) Document(lang i18n.Lang) *Document {
	pl := r.Plan
	d := &Document{
		SchemaVersion: SchemaVersion, Lang: lang.String(), Target: string(pl.Target), DryRun: r.DryRun,
		Evaluated: "planned", Errors: r.Errors, Database: r.Database,
	}
	if r.Restored {
		d.Evaluated = "restored"
	}
	for _, s := range pl.Steps {
		d.Steps = append(d.Steps, StepEntry{
			Kind: string(s.Kind), Detail: string(s.Detail), Project: s.Project, Package: s.Package,
			From: nonNil(s.From), To: s.To, Advisories: nonNil(s.Advisories), Frameworks: nonNil(s.Frameworks),
			With: s.With, Runtime: s.Runtime, Major: s.Major, MaybeRaised: s.MaybeRaised,
			Where: whereOrEmpty(s.Where), Text: StepText(s, lang),
		})
	}
	written := map[*File]error{}
	attempted := map[*File]bool{}
	for _, w := range r.Written {
		attempted[w.File] = true
		written[w.File] = w.Err
	}
	for _, f := range pl.Files {
		e := FileEntry{Path: f.Display, Diff: f.Diff(), Lines: []int{}}
		seen := map[int]bool{}
		for _, si := range f.Steps {
			for _, w := range pl.Steps[si].Where {
				if w.File == f.Display && !seen[w.Line] {
					seen[w.Line] = true
					e.Lines = append(e.Lines, w.Line)
				}
			}
		}
		sortInts(e.Lines)
		if attempted[f] {
			if err := written[f]; err != nil {
				e.Error = i18n.Localize(err, lang)
			} else {
				e.Written = true
			}
		}
		d.Files = append(d.Files, e)
	}
	for _, s := range r.Stale {
		d.Stale = append(d.Stale, StaleEntry{Project: s.Project, LockFile: s.LockFile, Command: Quote(s.Command)})
	}
	if r.Restore != nil {
		re := &RestoreEntry{Dotnet: r.Restore.Dotnet, Commands: []CommandEntry{}}
		for _, c := range r.Restore.Commands {
			ce := CommandEntry{Command: Quote(c.Args), Ran: !c.Skipped, OK: !c.Skipped && c.Err == nil, Output: c.Output}
			if c.Err != nil {
				ce.Error = i18n.Localize(c.Err, lang)
			}
			re.Commands = append(re.Commands, ce)
		}
		d.Restore = re
	}
	for i := range r.Remaining {
		f := scan.Finding(&r.Remaining[i], lang)
		// The plan knows better than the scan's generic advice why the
		// finding stays open.
		if s := pl.stepFor(f.Project, f.Package.Name); s != nil {
			f.Advice.Text = StepText(*s, lang)
		}
		d.Remaining = append(d.Remaining, f)
	}
	d.normalize()
	return d
}

func (d *Document) normalize() {
	if d.Steps == nil {
		d.Steps = []StepEntry{}
	}
	if d.Files == nil {
		d.Files = []FileEntry{}
	}
	if d.Stale == nil {
		d.Stale = []StaleEntry{}
	}
	if d.Remaining == nil {
		d.Remaining = []report.Finding{}
	}
	if d.Errors == nil {
		d.Errors = []report.ErrorEntry{}
	}
	report.NormalizeFindings(d.Remaining)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func whereOrEmpty(w []Where) []Where {
	if w == nil {
		return []Where{}
	}
	return w
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// stepFor returns the step that leaves a package of a project open (by
// hand, runtime, no fix), if any.
func (pl *Plan) stepFor(project, pkg string) *Step {
	for i := range pl.Steps {
		s := &pl.Steps[i]
		if s.Project == project && strings.EqualFold(s.Package, pkg) {
			switch s.Kind {
			case StepManual, StepRuntime, StepNoFix:
				return s
			}
		}
	}
	return nil
}

// StepText says what a step does and why, in lang.
func StepText(s Step, lang i18n.Lang) string {
	t := stepText(s, lang)
	if s.Major && (s.Kind == StepBump || s.Kind == StepPin || s.Kind == StepRelated) {
		t += "; " + MsgMajor.Plain(lang)
	}
	if s.MaybeRaised && s.Kind == StepPin {
		t += "; " + MsgMaybeRaised.Plain(lang)
	}
	return t
}

func stepText(s Step, lang i18n.Lang) string {
	from := strings.Join(s.From, ", ")
	if from == "" {
		from = "?"
	}
	ids := strings.Join(s.Advisories, ", ")
	switch s.Kind {
	case StepBump:
		t := MsgStepBump.Plain(lang, s.Package, from, s.To, ids)
		if x := detailText(s, lang); x != "" {
			t += "; " + x
		}
		return t
	case StepRelated:
		t := MsgStepRelated.Plain(lang, s.Package, from, s.To, s.With, ids)
		if x := detailText(s, lang); x != "" {
			t += "; " + x
		}
		return t
	case StepPin:
		switch s.Detail {
		case DetailVersionless:
			return MsgStepPinCentral.Plain(lang, s.Package, s.To, from, ids)
		case DetailTransitivePin:
			return MsgStepPinTransitive.Plain(lang, s.Package, s.To, from, ids)
		}
		return MsgStepPin.Plain(lang, s.Package, s.To, from, ids)
	case StepDone:
		return MsgStepDone.Plain(lang, s.Package, s.To, from)
	case StepCovered:
		return MsgStepCovered.Plain(lang, s.Package, from, s.With, s.To, ids)
	case StepRuntime:
		rt := strings.Replace(s.Runtime, "@", " ", 1)
		if rt == "" {
			rt = "-"
		}
		return MsgStepRuntime.Plain(lang, s.Package, from, rt, ids)
	case StepNoFix:
		return MsgStepNoFix.Plain(lang, s.Package, from, ids)
	case StepManual:
		return MsgStepManual.Plain(lang, s.Package, from, s.To, ids, detailText(s, lang))
	}
	return ""
}

func detailText(s Step, lang i18n.Lang) string {
	switch s.Detail {
	case DetailCentral:
		return MsgDetailCentral.Plain(lang)
	case DetailOverride:
		return MsgDetailOverride.Plain(lang)
	case DetailProperty:
		return MsgDetailProperty.Plain(lang)
	case DetailPropertyShared:
		return MsgDetailPropertyShared.Plain(lang)
	case DetailHintPath:
		return MsgDetailHintPath.Plain(lang)
	case DetailNoProjectFile:
		return MsgDetailNoProjectFile.Plain(lang)
	case DetailFloating:
		return MsgDetailFloating.Plain(lang)
	case DetailRangeExcludes:
		return MsgDetailRangeExcludes.Plain(lang, s.To)
	case DetailNoVersion:
		return MsgDetailNoVersion.Plain(lang)
	case DetailNotFound, DetailUnreadable:
		return MsgDetailNotFound.Plain(lang)
	case DetailWithFailed:
		return MsgDetailWithFailed.Plain(lang, s.With)
	case DetailNoCentralFile:
		return MsgDetailNoCentralFile.Plain(lang)
	}
	return ""
}

// WriteJSON writes the document as indented JSON.
func WriteJSON(w io.Writer, d *Document) error {
	d.normalize()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d)
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

func (e *errWriter) line(s string) { e.printf("%s\n", s) }

// where renders a step's places: "file:line, file:line".
func where(ws []Where) string {
	var parts []string
	for _, w := range ws {
		parts = append(parts, fmt.Sprintf("%s:%d", w.File, w.Line))
	}
	return strings.Join(parts, ", ")
}

// byProject groups step indices by project, in plan order.
func (d *Document) byProject() (projects []string, steps map[string][]int) {
	steps = map[string][]int{}
	for i, s := range d.Steps {
		if _, ok := steps[s.Project]; !ok {
			projects = append(projects, s.Project)
		}
		steps[s.Project] = append(steps[s.Project], i)
	}
	return projects, steps
}

// WriteText writes the document for a terminal: in a dry run the diff
// first, then the plan by project, the files, what to restore, and what
// stays open.
func WriteText(w io.Writer, d *Document, lang i18n.Lang) error {
	d.normalize()
	ew := &errWriter{w: w}
	if d.DryRun {
		for _, f := range d.Files {
			ew.printf("%s", f.Diff)
		}
		if len(d.Files) > 0 {
			ew.line("")
		}
	}
	if len(d.Steps) == 0 {
		ew.line(MsgNothing.Plain(lang))
	} else {
		ew.line(MsgPlanHeader.Plain(lang, targetName(d.Target, lang)))
	}
	projects, steps := d.byProject()
	for _, p := range projects {
		ew.printf("\n  %s\n", p)
		for _, i := range steps[p] {
			s := d.Steps[i]
			label := kindLabel(s.Kind, lang)
			ew.printf("    %s%s %s\n", label, strings.Repeat(" ", max(0, 8-report.DisplayWidth(label))), s.Text)
			if len(s.Where) > 0 {
				ew.printf("             %s\n", where(s.Where))
			}
		}
	}
	if len(d.Files) > 0 {
		ew.line("")
		if d.DryRun {
			ew.line(MsgFilesWouldChange.Plain(lang))
		} else {
			ew.line(MsgFilesChanged.Plain(lang))
		}
		for _, f := range d.Files {
			status := ""
			switch {
			case f.Error != "":
				status = "  " + MsgNotWritten.Plain(lang, f.Error)
			case !d.DryRun && !f.Written:
				status = "  " + MsgNotAttempted.Plain(lang)
			}
			ew.printf("  %s (%s)%s\n", f.Path, linesText(f.Lines, lang), status)
		}
	}
	writeRestoreText(ew, d, lang)
	ew.line("")
	switch {
	case len(d.Remaining) == 0 && d.Evaluated == "restored":
		ew.line(MsgAllClosedRestored.Plain(lang))
	case len(d.Remaining) == 0:
		ew.line(MsgAllClosed.Plain(lang))
		coveredCaveat(ew, d, lang)
	default:
		if d.Evaluated == "restored" {
			ew.line(MsgOpenRestored.Plain(lang, len(d.Remaining)))
		} else {
			ew.line(MsgOpenPlanned.Plain(lang, len(d.Remaining)))
		}
		for _, f := range d.Remaining {
			ew.printf("  %s %s\n", f.Advisory.ID, report.MsgFindingHeader.Plain(lang, f.Project, f.Framework, f.Package.Name, f.Package.Version))
			ew.printf("    → %s\n", f.Advice.Text)
		}
		coveredCaveat(ew, d, lang)
	}
	for _, e := range d.Errors {
		ew.line(report.MsgErrorEntry.Plain(lang, e.String()))
	}
	if d.Database != nil {
		ew.line(d.Database.Line(lang))
	}
	return ew.err
}

// coveredCaveat says, when the plan was evaluated without restore, that
// the packages it expects to come with the bumps rest on an inference
// that only restore confirms.
func coveredCaveat(ew *errWriter, d *Document, lang i18n.Lang) {
	if d.Evaluated != "planned" {
		return
	}
	if n := d.covered(); n > 0 {
		ew.line(MsgCoveredCaveat.Plain(lang, n))
	}
}

// covered counts the covered steps; none when a run wrote nothing (a
// failed run writes no file, so no bump brings anything with it).
func (d *Document) covered() int {
	if !d.DryRun {
		for _, f := range d.Files {
			if !f.Written {
				return 0
			}
		}
	}
	n := 0
	for _, s := range d.Steps {
		if s.Kind == string(StepCovered) {
			n++
		}
	}
	return n
}

func writeRestoreText(ew *errWriter, d *Document, lang i18n.Lang) {
	if len(d.Stale) == 0 {
		return
	}
	ew.line("")
	if d.DryRun {
		ew.line(MsgStaleDryRun.Plain(lang, len(d.Stale)))
	} else {
		ew.line(MsgStale.Plain(lang, len(d.Stale)))
	}
	switch {
	case d.Restore == nil:
		ew.line(MsgRunThese.Plain(lang))
		for _, c := range commands(d) {
			ew.printf("  %s\n", c)
		}
	case d.Restore.Dotnet == "":
		ew.line(MsgNoDotnet.Plain(lang))
		for _, c := range commands(d) {
			ew.printf("  %s\n", c)
		}
	default:
		for _, c := range d.Restore.Commands {
			switch {
			case !c.Ran:
				ew.printf("  %s  %s\n", c.Command, MsgSkipped.Plain(lang))
			case c.OK:
				ew.printf("  %s  %s\n", c.Command, MsgRestoreOK.Plain(lang))
			default:
				ew.printf("  %s  %s\n", c.Command, MsgRestoreFailed.Plain(lang, c.Error))
				if c.Output != "" {
					ew.printf("%s\n", indentLines(c.Output, "    | "))
				}
			}
		}
	}
	ew.line(MsgThenBuild.Plain(lang))
}

// commands lists the distinct restore commands.
func commands(d *Document) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range d.Stale {
		if !seen[s.Command] {
			seen[s.Command] = true
			out = append(out, s.Command)
		}
	}
	return out
}

func indentLines(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}

func linesText(lines []int, lang i18n.Lang) string {
	var parts []string
	for _, l := range lines {
		parts = append(parts, fmt.Sprint(l))
	}
	if len(lines) == 1 {
		return MsgLine.Plain(lang, parts[0])
	}
	return MsgLines.Plain(lang, strings.Join(parts, ", "))
}

func targetName(t string, lang i18n.Lang) string {
	if t == string(LowestFixed) {
		return MsgTargetLowestFixed.Plain(lang)
	}
	return MsgTargetClearOfAll.Plain(lang)
}

func kindLabel(k string, lang i18n.Lang) string {
	switch StepKind(k) {
	case StepBump:
		return MsgKindBump.Plain(lang)
	case StepPin:
		return MsgKindPin.Plain(lang)
	case StepRelated:
		return MsgKindRelated.Plain(lang)
	case StepDone:
		return MsgKindDone.Plain(lang)
	case StepCovered:
		return MsgKindCovered.Plain(lang)
	case StepRuntime:
		return MsgKindRuntime.Plain(lang)
	case StepNoFix:
		return MsgKindNoFix.Plain(lang)
	}
	return MsgKindManual.Plain(lang)
}

// WriteMarkdown writes the document as GitHub-flavoured Markdown for a
// pull-request description: the plan as a table, the diff in collapsible
// blocks, what to restore and what stays open.
func WriteMarkdown(w io.Writer, d *Document, lang i18n.Lang) error {
	d.normalize()
	ew := &errWriter{w: w}
	ew.printf("## %s\n\n", MsgMDTitle.Plain(lang))
	if len(d.Steps) == 0 {
		ew.printf("%s\n", MsgNothing.Plain(lang))
	} else {
		ew.printf("%s\n\n", MsgPlanHeader.Plain(lang, targetName(d.Target, lang)))
		ew.printf("| %s | %s | %s | %s |\n|---|---|---|---|\n",
			MsgMDProject.Plain(lang), MsgMDAction.Plain(lang), MsgMDWhat.Plain(lang), MsgMDWhere.Plain(lang))
		for _, s := range d.Steps {
			ew.printf("| `%s` | %s | %s | %s |\n", s.Project, kindLabel(s.Kind, lang), mdEscape(s.Text), mdEscape(where(s.Where)))
		}
	}
	for _, f := range d.Files {
		ew.printf("\n<details><summary><code>%s</code> (%s)</summary>\n\n```diff\n%s```\n\n</details>\n", mdEscape(f.Path), linesText(f.Lines, lang), f.Diff)
	}
	if len(d.Stale) > 0 {
		ew.printf("\n%s\n\n```sh\n", MsgStale.Plain(lang, len(d.Stale)))
		for _, c := range commands(d) {
			ew.printf("%s\n", c)
		}
		ew.printf("```\n\n%s\n", MsgThenBuild.Plain(lang))
	}
	ew.printf("\n")
	switch {
	case len(d.Remaining) == 0 && d.Evaluated == "restored":
		ew.printf("%s\n", MsgAllClosedRestored.Plain(lang))
	case len(d.Remaining) == 0:
		ew.printf("%s\n", MsgAllClosed.Plain(lang))
	default:
		if d.Evaluated == "restored" {
			ew.printf("%s\n\n", MsgOpenRestored.Plain(lang, len(d.Remaining)))
		} else {
			ew.printf("%s\n\n", MsgOpenPlanned.Plain(lang, len(d.Remaining)))
		}
		for _, f := range d.Remaining {
			ew.printf("- **%s** `%s` [%s]: %s %s — %s\n", f.Advisory.ID, f.Project, f.Framework, mdEscape(f.Package.Name), f.Package.Version, mdEscape(f.Advice.Text))
		}
	}
	if n := d.covered(); n > 0 && d.Evaluated == "planned" {
		ew.printf("\n%s\n", MsgCoveredCaveat.Plain(lang, n))
	}
	if len(d.Errors) > 0 {
		ew.printf("\n### %s\n\n", report.MsgMDErrors.Plain(lang))
		for _, e := range d.Errors {
			ew.printf("- `%s`\n", e.String())
		}
	}
	if d.Database != nil {
		ew.printf("\n%s\n", mdEscape(d.Database.Line(lang)))
	}
	return ew.err
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}
