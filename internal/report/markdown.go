package report

import (
	"io"
	"strings"

	"github.com/affected-dev/affected/internal/i18n"
)

// WriteMarkdown writes the findings as GitHub-flavoured Markdown for a
// pull-request comment: a summary, then per advisory a table of the
// affected projects with the advice, and the dependency paths in a
// collapsible block.
func WriteMarkdown(w io.Writer, d *ScanDocument, lang i18n.Lang) error {
	d.Normalize()
	ew := &errWriter{w: w}
	ew.printf("## %s\n\n%s\n", MsgMDTitle.Plain(lang), summaryLine(d, lang))
	if lines := declaredOnlyLines(d, lang); len(lines) > 0 {
		ew.printf("\n%s\n", mdEscape(lines[0]))
		for _, l := range lines[1:] {
			ew.printf("- %s\n", mdEscape(strings.TrimSpace(l)))
		}
	}
	if d.Database != nil {
		ew.printf("\n%s\n", mdEscape(d.Database.Line(lang)))
	}
	for _, w := range d.Warnings {
		ew.printf("\n> **%s** %s\n", MsgMDWarning.Plain(lang), mdEscape(w))
	}
	for _, group := range d.byAdvisory() {
		a := d.advisory(group[0].Advisory.ID)
		title := mdEscape(a.Title)
		if len(a.References) > 0 {
			ew.printf("\n### [%s](%s) · %s · %s\n\n", a.ID, a.References[0], severityLabel(a.Severity, lang), title)
		} else {
			ew.printf("\n### %s · %s · %s\n\n", a.ID, severityLabel(a.Severity, lang), title)
		}
		if a.Summary != "" {
			ew.printf("%s\n\n", mdEscape(a.Summary))
		}
		ew.printf("| %s |\n|---|---|---|---|---|---|\n", strings.Join([]string{
			MsgMDProject.Plain(lang), MsgMDFramework.Plain(lang), MsgMDPackage.Plain(lang),
			MsgMDDependency.Plain(lang), MsgMDPaths.Plain(lang), MsgMDAction.Plain(lang)}, " | "))
		for _, f := range group {
			kind := MsgTransitive.Plain(lang)
			if f.Direct {
				kind = MsgDirect.Plain(lang)
			}
			action := f.Advice.Text
			if note := lockStaleNote(f, lang); note != "" {
				action += " (" + note + ")"
			}
			ew.printf("| `%s` | %s | %s %s | %s | %d | %s |\n", f.Project, f.Framework, mdEscape(f.Package.Name), f.Package.Version, kind, f.PathCount, mdEscape(action))
		}
		ew.printf("\n<details><summary>%s</summary>\n\n", MsgMDShowPaths.Plain(lang))
		for _, f := range group {
			ew.printf("`%s` [%s]\n\n```\n", f.Project, f.Framework)
			for _, p := range f.Paths {
				ew.printf("%s\n", strings.Join(p, " > "))
			}
			ew.printf("```\n\n")
		}
		ew.printf("</details>\n")
		if a.Remediation != "" {
			ew.printf("\n%s\n", mdEscape(a.Remediation))
		}
	}
	if len(d.AwaitingRestore) > 0 {
		ew.printf("\n### %s\n\n", MsgStaleHeader.Sprintf(lang, len(d.AwaitingRestore)))
		ew.printf("| %s |\n|---|---|---|---|---|\n", strings.Join([]string{
			MsgMDProject.Plain(lang), MsgMDFramework.Plain(lang), MsgMDPackage.Plain(lang),
			MsgMDAdvisory.Plain(lang), MsgMDAction.Plain(lang)}, " | "))
		for _, f := range d.AwaitingRestore {
			ew.printf("| `%s` | %s | %s %s | %s | %s |\n", f.Project, f.Framework, mdEscape(f.Package.Name), f.Package.Version, f.Advisory.ID, mdEscape(f.Advice.Text))
		}
	}
	if len(d.Errors) > 0 {
		ew.printf("\n### %s\n\n", MsgMDErrors.Plain(lang))
		for _, e := range d.Errors {
			ew.printf("- `%s`\n", e.String())
		}
	}
	return ew.err
}

// mdEscape keeps text from breaking a table or turning into markup.
func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

// Messages of the Markdown report.
var (
	MsgMDTitle      = i18n.Define("report.md-title", "affected: dependency advisories", "affected: 의존성 보안 권고", "affected：相依性安全公告")
	MsgMDProject    = i18n.Define("report.md-project", "Project", "프로젝트", "專案")
	MsgMDFramework  = i18n.Define("report.md-framework", "Framework", "프레임워크", "架構")
	MsgMDPackage    = i18n.Define("report.md-package", "Package", "패키지", "套件")
	MsgMDDependency = i18n.Define("report.md-dependency", "Dependency", "의존성", "相依性")
	MsgMDPaths      = i18n.Define("report.md-paths", "Paths", "경로", "路徑")
	MsgMDAction     = i18n.Define("report.md-action", "What to do", "조치", "處理方式")
	MsgMDAdvisory   = i18n.Define("report.md-advisory", "Advisory", "권고", "公告")
	MsgMDShowPaths  = i18n.Define("report.md-show-paths", "Dependency paths", "의존성 경로", "相依性路徑")
	MsgMDWarning    = i18n.Define("report.md-warning", "Warning:", "경고:", "警告：")
	MsgMDErrors     = i18n.Define("report.md-errors", "Files that could not be read", "읽을 수 없는 파일", "無法讀取的檔案")
)
