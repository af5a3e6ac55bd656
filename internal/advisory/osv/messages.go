package osv

import "github.com/affected-dev/affected/internal/i18n"

var (
	msgMissing = i18n.Define("osv.missing",
		"OSV record: missing %q",
		"OSV 레코드: %q{이/가} 없음",
		"OSV 記錄：缺少 %q")
	msgEmpty = i18n.Define("osv.empty",
		"OSV record: %q is empty",
		"OSV 레코드: %q{이/가} 비어 있음",
		"OSV 記錄：%q 是空的")
	msgBadTime = i18n.Define("osv.bad-time",
		"OSV record: %v: %q is not an RFC 3339 timestamp",
		"OSV 레코드: %v: %q{은/는} RFC 3339 시각이 아님",
		"OSV 記錄：%v：%q 不是 RFC 3339 時間戳記")
	msgEventKeys = i18n.Define("osv.event-keys",
		"OSV record: a range event must have exactly one of introduced, fixed, last_affected, limit",
		"OSV 레코드: 범위 이벤트에는 introduced, fixed, last_affected, limit 중 정확히 하나가 있어야 함",
		"OSV 記錄：範圍事件必須剛好有 introduced、fixed、last_affected、limit 其中一個")
	msgEmptyEvent = i18n.Define("osv.empty-event",
		"OSV record: a range event has an empty version",
		"OSV 레코드: 범위 이벤트의 버전이 비어 있음",
		"OSV 記錄：範圍事件的版本是空的")
	msgBadVersion = i18n.Define("osv.bad-version",
		"OSV record: %v",
		"OSV 레코드: %v",
		"OSV 記錄：%v")
)
