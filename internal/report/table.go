package report

import (
	"io"
	"sort"
	"strings"

	"github.com/rivo/uniseg"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/nuget"
)

// Table lays text out in columns for a terminal: each cell padded to the
// display width of its column's widest cell (what a terminal shows, not
// bytes or runes: a Hangul syllable or a Chinese character takes two
// columns, a combining mark none; rivo/uniseg measures it), columns two
// spaces apart, the last column not padded. text/tabwriter counts runes,
// which misaligns every Korean and Chinese header.
type Table struct {
	rows [][]string
}

// Row adds a row.
func (t *Table) Row(cells ...string) { t.rows = append(t.rows, cells) }

// WriteTo writes the table.
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], DisplayWidth(StripANSI(c)))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-DisplayWidth(StripANSI(c))+2))
			}
		}
		b.WriteString("\n")
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// DisplayWidth returns how many terminal columns s takes.
func DisplayWidth(s string) int { return uniseg.StringWidth(s) }

// WriteTable writes the findings one row each, as `dotnet list package
// --vulnerable` lists vulnerable packages: project, framework, package,
// requested and resolved version, severity, advisory and fixed versions,
// sorted by project, framework and package; then the summary.
func WriteTable(w io.Writer, d *ScanDocument, lang i18n.Lang) error {
	return WriteTableStyle(w, d, lang, Style{})
}

// WriteTableStyle is WriteTable in a style.
func WriteTableStyle(w io.Writer, d *ScanDocument, lang i18n.Lang, st Style) error {
	d.Normalize()
	rows := append([]Finding(nil), d.Findings...)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Project != b.Project {
			return a.Project < b.Project
		}
		if a.Framework != b.Framework {
			return nuget.CompareFrameworks(a.Framework, b.Framework) < 0
		}
		if la, lb := strings.ToLower(a.Package.Name), strings.ToLower(b.Package.Name); la != lb {
			return la < lb
		}
		return a.Advisory.ID < b.Advisory.ID
	})
	t := &Table{}
	t.Row(MsgTableProject.Plain(lang), MsgTableFramework.Plain(lang), MsgTablePackage.Plain(lang),
		MsgTableRequested.Plain(lang), MsgTableResolved.Plain(lang), MsgTableSeverity.Plain(lang),
		MsgTableAdvisory.Plain(lang), MsgTableFixed.Plain(lang))
	for _, f := range rows {
		t.Row(f.Project, orDash(f.Framework), f.Package.Name, orDash(f.Requested), f.Package.Version,
			st.severity(f.Advisory.Severity, severityLabel(f.Advisory.Severity, lang)), st.bold(f.Advisory.ID), orDash(strings.Join(f.FixedVersions, ", ")))
	}
	ew := &errWriter{w: w}
	if len(rows) > 0 {
		if _, err := t.WriteTo(w); err != nil {
			return err
		}
		ew.printf("\n")
	}
	writeTail(ew, d, lang, st)
	return ew.err
}

// Messages of the table.
var (
	MsgTableProject   = i18n.Define("report.table-project", "PROJECT", "프로젝트", "專案")
	MsgTableFramework = i18n.Define("report.table-framework", "FRAMEWORK", "프레임워크", "架構")
	MsgTablePackage   = i18n.Define("report.table-package", "PACKAGE", "패키지", "套件")
	MsgTableRequested = i18n.Define("report.table-requested", "REQUESTED", "요청", "要求")
	MsgTableResolved  = i18n.Define("report.table-resolved", "RESOLVED", "확정", "解析")
	MsgTableSeverity  = i18n.Define("report.table-severity", "SEVERITY", "심각도", "嚴重性")
	MsgTableAdvisory  = i18n.Define("report.table-advisory", "ADVISORY", "권고", "公告")
	MsgTableFixed     = i18n.Define("report.table-fixed", "FIXED", "수정 버전", "修正版本")
)
