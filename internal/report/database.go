package report

import (
	"time"

	"github.com/affected-dev/affected/internal/i18n"
)

// Database says what a report was checked against, so that "no known
// advisory applies" also says how much was known: a scan against the
// two built-in records alone, or against a month-old database, finds
// nothing for reasons that have nothing to do with the projects.
type Database struct {
	// Dir is the database directory.
	Dir string `json:"dir"`
	// Advisories is the number of advisories checked, built-ins included;
	// BuiltIn the number of built-in ones. BuiltInOnly is true when the
	// directory held none.
	Advisories  int  `json:"advisories"`
	BuiltIn     int  `json:"builtin"`
	BuiltInOnly bool `json:"builtin_only"`
	// Updated is when the stored advisories were last refreshed (the last
	// `affected db update`, else the last import), RFC 3339; AgeDays the
	// whole days since. Both are absent when only built-ins were checked.
	Updated string `json:"updated,omitempty"`
	AgeDays *int   `json:"age_days,omitempty"`
	// Source is the archive of the last update, if any.
	Source string `json:"source,omitempty"`
	// Stale is true when the database is older than MaxAgeDays.
	Stale      bool `json:"stale"`
	MaxAgeDays int  `json:"max_age_days"`
}

// NewDatabase describes a database of builtIn built-in and stored other
// advisories, last refreshed at updated (zero when it has none), as seen at
// now, out of date past maxAge.
func NewDatabase(dir string, builtIn, stored int, updated time.Time, source string, now time.Time, maxAge time.Duration) *Database {
	d := &Database{Dir: dir, Advisories: builtIn + stored, BuiltIn: builtIn, BuiltInOnly: stored == 0,
		Source: source, MaxAgeDays: int(maxAge / (24 * time.Hour))}
	if stored > 0 && !updated.IsZero() {
		age := max(0, now.Sub(updated))
		days := int(age / (24 * time.Hour))
		d.Updated = updated.UTC().Format(time.RFC3339)
		d.AgeDays = &days
		d.Stale = age > maxAge
	}
	return d
}

// Line is one sentence saying what was checked, for the end of a report.
func (d *Database) Line(lang i18n.Lang) string {
	switch {
	case d == nil:
		return ""
	case d.BuiltInOnly:
		return MsgDBBuiltInOnly.Sprintf(lang, d.BuiltIn, d.Dir)
	case d.AgeDays == nil:
		return MsgDBChecked.Sprintf(lang, d.Advisories, d.BuiltIn, d.Dir)
	}
	return MsgDBCheckedAge.Sprintf(lang, d.Advisories, d.BuiltIn, d.Dir, d.Updated[:10], *d.AgeDays)
}

// Warnings are what a reader must be told about the database: that only
// the built-in advisories were checked, or that it is out of date.
func (d *Database) Warnings(lang i18n.Lang) []string {
	switch {
	case d == nil:
		return nil
	case d.BuiltInOnly:
		return []string{MsgDBWarnBuiltInOnly.Sprintf(lang, d.BuiltIn)}
	case d.Stale:
		return []string{MsgDBWarnStale.Sprintf(lang, *d.AgeDays, d.Updated[:10], d.MaxAgeDays)}
	}
	return nil
}

// Messages about the database.
var (
	MsgDBBuiltInOnly = i18n.Define("report.db-builtin-only",
		"checked against the %d built-in {advisory|advisories} only (no database in %s)",
		"내장 권고 %d건만 확인함 (%s에 데이터베이스 없음)",
		"僅比對 %d 則內建公告（%s 中沒有資料庫）")
	MsgDBChecked = i18n.Define("report.db-checked",
		"checked against %d {advisory|advisories} (%d built-in) in %s",
		"권고 %d건(내장 %d건)과 대조함, 데이터베이스 %s",
		"已比對 %d 則公告（內建 %d 則），資料庫：%s")
	MsgDBCheckedAge = i18n.Define("report.db-checked-age",
		"checked against %d {advisory|advisories} (%d built-in) in %s, updated %s (%d {day|days} ago)",
		"권고 %d건(내장 %d건)과 대조함, 데이터베이스 %s, %s 갱신 (%d일 전)",
		"已比對 %d 則公告（內建 %d 則），資料庫：%s，更新於 %s（%d 天前）")
	MsgDBWarnBuiltInOnly = i18n.Define("report.db-warn-builtin-only",
		"only the %d built-in {advisory was|advisories were} checked: run 'affected db update' to download osv.dev's NuGet advisories (offline: 'affected db import all.zip')",
		"내장 권고 %d건만 확인함: osv.dev의 NuGet 권고를 내려받으려면 'affected db update'를 실행하세요 (오프라인: 'affected db import all.zip')",
		"僅比對了 %d 則內建公告：請執行 'affected db update' 下載 osv.dev 的 NuGet 公告（離線時：'affected db import all.zip'）")
	MsgDBWarnStale = i18n.Define("report.db-warn-stale",
		"the advisory database was last updated %d {day|days} ago (%s), more than %d {day|days}: run 'affected db update'",
		"권고 데이터베이스를 마지막으로 갱신한 지 %d일 지남 (%s, 기준 %d일): 'affected db update'를 실행하세요",
		"公告資料庫上次更新是 %d 天前（%s），超過 %d 天：請執行 'affected db update'")
)
