package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/windows"
)

// dbShowPlatforms writes the platform rows of `db show`: per product its
// name and the update that fixes it, then, indented, its canonical id, the
// component updated, the kind of update, the updates it replaces, the
// other updates that deliver the fix, and severity and impact.
func dbShowPlatforms(w io.Writer, l i18n.Lang, rows []advisory.PlatformExposure) {
	for _, p := range rows {
		name := windows.DisplayName(p.ProductID, p.Product, l)
		if p.Version != "" {
			name += " " + p.Version
		}
		if p.Component != "" {
			name += " — " + p.Component
		}
		if p.FixedBy != "" {
			name += "  " + msgDBFixedBy.Plain(l, p.FixedBy)
		}
		fmt.Fprintf(w, "  %s\n", name)
		detail := func(m *i18n.Message, v string) {
			if v != "" {
				fmt.Fprintf(w, "    %s %s\n", m.Plain(l), v)
			}
		}
		id := p.ProductID
		if p.ComponentID != "" {
			id += " + " + p.ComponentID
		}
		detail(msgDBProductID, id)
		if p.Update != "" {
			detail(msgDBUpdateKind, updateKind(l, p.Update))
		}
		detail(msgDBReplaces, strings.Join(p.Supersedes, ", "))
		detail(msgDBAlsoFixedBy, strings.Join(p.AlsoFixedBy, ", "))
		detail(msgDBSource, p.Reference)
		sev := ""
		if p.Severity != "" {
			sev = report.SeverityLabel(string(p.Severity), l)
		}
		if p.Impact != "" {
			if sev != "" {
				sev += ", "
			}
			sev += impactLabel(l, p.Impact)
		}
		detail(msgDBRowSeverity, sev)
	}
}

// dbShowTrains writes an exposure whose affected versions are an exact
// list (Microsoft's package tables): one line per release train, its
// versions and the version that fixes them.
//
//	affected versions → fixed in, per release train:
//	  1.0.0, 1.0.1, 1.0.2, 1.0.3 → 1.0.4
//	  1.1.0, 1.1.1, 1.1.2 → 1.1.3
func dbShowTrains(w io.Writer, l i18n.Lang, p advisory.PackageExposure) {
	fmt.Fprintf(w, "    %s\n", msgDBTrains.Plain(l))
	listed := map[string]bool{}
	for _, r := range p.Ranges {
		var in []string
		fix := ""
		for _, ev := range r.Events {
			if ev.Fixed != "" {
				fix = ev.Fixed
			}
		}
		for _, v := range p.Versions {
			if !listed[v] && advisory.TrainHas(r, v) {
				in = append(in, v)
				listed[v] = true
			}
		}
		if fix == "" {
			fix = "?"
		}
		fmt.Fprintf(w, "      %s → %s\n", strings.Join(in, ", "), fix)
	}
	var rest []string
	for _, v := range p.Versions {
		if !listed[v] {
			rest = append(rest, v)
		}
	}
	if len(rest) > 0 {
		fmt.Fprintf(w, "      %s → ?\n", strings.Join(rest, ", "))
	}
}

// impactLabel names a security impact in l, as Microsoft's bulletins do.
func impactLabel(l i18n.Lang, impact string) string {
	if m, ok := impactMessages[impact]; ok {
		return m.Plain(l)
	}
	return impact
}

var impactMessages = map[string]*i18n.Message{
	"remote-code-execution":   i18n.Define("dbcmd.impact-rce", "remote code execution", "원격 코드 실행", "遠端執行程式碼"),
	"elevation-of-privilege":  i18n.Define("dbcmd.impact-eop", "elevation of privilege", "권한 상승", "權限提高"),
	"information-disclosure":  i18n.Define("dbcmd.impact-id", "information disclosure", "정보 유출", "資訊洩漏"),
	"denial-of-service":       i18n.Define("dbcmd.impact-dos", "denial of service", "서비스 거부", "阻斷服務"),
	"security-feature-bypass": i18n.Define("dbcmd.impact-sfb", "security feature bypass", "보안 기능 우회", "安全性功能略過"),
	"spoofing":                i18n.Define("dbcmd.impact-spoofing", "spoofing", "스푸핑", "詐騙"),
	"tampering":               i18n.Define("dbcmd.impact-tampering", "tampering", "변조", "竄改"),
}

// updateKind names a kind of update in l.
func updateKind(l i18n.Lang, kind string) string {
	switch kind {
	case "security-only":
		return msgDBSecurityOnly.Plain(l)
	case "monthly-rollup":
		return msgDBMonthlyRollup.Plain(l)
	case "cumulative":
		return msgDBCumulative.Plain(l)
	}
	return kind
}

var (
	msgDBTrains = i18n.Define("dbcmd.trains",
		"affected versions → fixed in, per release train:",
		"영향 버전 → 수정 버전 (릴리스 계열별):",
		"受影響版本 → 修正版本（依發行系列）：")
	msgDBProductID = i18n.Define("dbcmd.product-id",
		"product id:", "제품 ID:", "產品 ID：")
	msgDBUpdateKind = i18n.Define("dbcmd.update-kind",
		"update:", "업데이트:", "更新：")
	msgDBReplaces = i18n.Define("dbcmd.replaces",
		"replaces:", "대체하는 업데이트:", "取代的更新：")
	msgDBAlsoFixedBy = i18n.Define("dbcmd.also-fixed-by",
		"also fixed by:", "다음으로도 수정:", "亦可由下列更新修正：")
	msgDBSource = i18n.Define("dbcmd.row-source",
		"source:", "출처:", "出處：")
	msgDBRowSeverity = i18n.Define("dbcmd.row-severity",
		"severity:", "심각도:", "嚴重性：")
	msgDBSecurityOnly = i18n.Define("dbcmd.security-only",
		"security only", "보안 전용", "僅限安全性")
	msgDBMonthlyRollup = i18n.Define("dbcmd.monthly-rollup",
		"monthly rollup", "월별 롤업", "每月彙總套件")
	msgDBCumulative = i18n.Define("dbcmd.cumulative",
		"cumulative (any later cumulative update fixes too)",
		"누적 (이후의 누적 업데이트로도 수정됨)",
		"累積（之後的任一累積更新亦可修正）")
)
