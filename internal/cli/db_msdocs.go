package cli

import (
	"fmt"

	"github.com/affected-dev/affected/internal/advisory/db"
	"github.com/affected-dev/affected/internal/i18n"
)

// dbImportMSDocs writes the closing line of an import that read documents
// of Microsoft's security-updates archive: how many, the advisories and
// bulletins they gave, the documents merged with another language, those
// of built-in records, and those rejected (each named above with its
// reason).
func dbImportMSDocs(e *env, r db.MSDocsReport) {
	if r.Documents == 0 {
		return
	}
	e.printf(msgDBMSDocs, r.Documents, r.Advisories, r.Bulletins, r.Merged, r.Builtin, r.Rejected)
}

// dbImportWarnings writes the rows of imported documents that could not
// be read whole, at most a screenful.
func dbImportWarnings(e *env, ws []error) {
	const max = 50
	for i, w := range ws {
		if i == max {
			e.warnf(msgDBMoreWarnings, len(ws)-max)
			return
		}
		fmt.Fprintln(e.stderr, MsgWarningLine.Plain(e.lang, i18n.Localize(w, e.lang)))
	}
}

var (
	msgDBMSDocs = i18n.Define("dbcmd.msdocs",
		"Microsoft's security-updates archive: %d {document|documents} read: %d {advisory|advisories} and %d {bulletin|bulletins}; %d {document|documents} merged with the same advisory in another language; %d of the built-in records kept; %d rejected\n",
		"Microsoft 보안 업데이트 보관 문서 %d개를 읽음: 권고 %d개, 공지 %d개; 다른 언어의 같은 권고와 합친 문서 %d개; 내장 레코드 문서 %d개는 내장 레코드 유지; 거부 %d개\n",
		"已讀取 Microsoft 安全性更新封存文件 %d 份：摘要報告 %d 則、公告 %d 則；與其他語言的同一公告合併的文件 %d 份；內建記錄的文件 %d 份（保留內建記錄）；拒絕 %d 份\n")
	msgDBMoreWarnings = i18n.Define("dbcmd.more-warnings",
		"… and %d more {warning|warnings}",
		"… 그리고 경고 %d개 더",
		"… 還有 %d 個警告")
)
