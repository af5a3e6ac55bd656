package cli

import "github.com/affected-dev/affected/internal/i18n"

// Messages shared by every command.
var (
	MsgErrorLine = i18n.Define("cli.error-line",
		"affected: error: %s",
		"affected: 오류: %s",
		"affected: 錯誤：%s")
	MsgWarningLine = i18n.Define("cli.warning-line",
		"affected: warning: %s",
		"affected: 경고: %s",
		"affected: 警告：%s")
	MsgHintLine = i18n.Define("cli.hint-line",
		"affected: hint: %s",
		"affected: 도움말: %s",
		"affected: 提示：%s")
	MsgSeeHelp = i18n.Define("cli.see-help",
		"run 'affected help' or 'affected COMMAND --help' for usage",
		"사용법은 'affected help' 또는 'affected 명령 --help'로 확인하세요",
		"使用方式請執行 'affected help' 或 'affected 指令 --help'")
	MsgUnknownCommand = i18n.Define("cli.unknown-command",
		"unknown command %q",
		"알 수 없는 명령 %q",
		"未知的指令 %q")
	MsgUnknownFlag = i18n.Define("cli.unknown-flag",
		"unknown flag %s",
		"알 수 없는 플래그 %s",
		"未知的旗標 %s")
	MsgFlagNeedsValue = i18n.Define("cli.flag-needs-value",
		"flag %s needs a value",
		"플래그 %s에 값이 필요함",
		"旗標 %s 需要一個值")
	MsgBadFlagValue = i18n.Define("cli.bad-flag-value",
		"invalid value %q for flag %s: %s",
		"값 %q{은/는} 플래그 %s에 쓸 수 없음: %s",
		"值 %q 不適用於旗標 %s：%s")
	MsgBadFlagSyntax = i18n.Define("cli.bad-flag-syntax",
		"bad flag syntax: %s",
		"플래그 형식이 잘못됨: %s",
		"旗標格式錯誤：%s")
	MsgFlagWantsBool = i18n.Define("cli.flag-wants-bool",
		"expected true or false",
		"true 또는 false여야 함",
		"必須是 true 或 false")
	MsgFlagWantsInteger = i18n.Define("cli.flag-wants-integer",
		"expected a whole number",
		"정수여야 함",
		"必須是整數")
	MsgFlagWantsNumber = i18n.Define("cli.flag-wants-number",
		"expected a number",
		"숫자여야 함",
		"必須是數字")
	MsgFlagWantsDuration = i18n.Define("cli.flag-wants-duration",
		"expected a duration such as 10s or 2m",
		"10s나 2m 같은 시간이어야 함",
		"必須是時間長度，例如 10s 或 2m")
	MsgBadChoice = i18n.Define("cli.bad-choice",
		"--%s: %q is not one of %s",
		"--%s: %q{은/는} 다음 중 하나가 아님: %s",
		"--%s：%q 不是下列之一：%s")
	MsgMissingArg = i18n.Define("cli.missing-arg",
		"missing %s",
		"%s{이/가} 빠졌음",
		"缺少 %s")
	MsgMainUsage = i18n.Define("cli.main-usage",
		`affected answers two questions about a security advisory: am I affected, and how do I fix it?

Usage: affected COMMAND [ARGUMENTS] [FLAGS]

Commands:
`,
		`affected는 보안 권고에 대한 두 가지 질문에 답합니다: 영향을 받는가, 그리고 어떻게 고치는가?

사용법: affected 명령 [인수] [플래그]

명령:
`,
		`affected 回答安全性公告留下的兩個問題：我是否受影響？該如何修正？

使用方式：affected 指令 [引數] [旗標]

指令：
`)
	MsgMainUsageFooter = i18n.Define("cli.main-usage-footer",
		`
Flags may come before or after arguments. Every command takes --lang en|ko|zh-TW
(default from LC_ALL, LC_MESSAGES or LANG).
Exit codes: 0 nothing found, 1 findings, 2 could not complete.
Run 'affected COMMAND --help' for the flags of a command.
`,
		`
플래그는 인수 앞이나 뒤 어디에나 올 수 있습니다. 모든 명령은 --lang en|ko|zh-TW를 받습니다
(기본값은 LC_ALL, LC_MESSAGES 또는 LANG에서 정함).
종료 코드: 0 발견 없음, 1 발견 있음, 2 완료하지 못함.
명령의 플래그는 'affected 명령 --help'로 확인하세요.
`,
		`
旗標可放在引數之前或之後。每個指令都接受 --lang en|ko|zh-TW
（預設取自 LC_ALL、LC_MESSAGES 或 LANG）。
結束代碼：0 未發現問題，1 有發現，2 無法完成。
各指令的旗標請執行 'affected 指令 --help'。
`)
)
