package cli

import (
	"flag"
	"fmt"

	"github.com/affected-dev/affected/internal/i18n"
)

func init() {
	register(&command{
		name:    "version",
		summary: msgVersionSummary,
		usage:   msgVersionUsage,
		flags: func(fs *flag.FlagSet, e *env) func([]string) error {
			return func(args []string) error {
				if len(args) > 0 {
					return usagef(MsgUnexpectedArgs, args)
				}
				fmt.Fprintln(e.stdout, "affected "+Version)
				return nil
			}
		},
	})
}

var (
	msgVersionSummary = i18n.Define("version.summary",
		"print the version",
		"버전 출력",
		"顯示版本")
	msgVersionUsage = i18n.Define("version.usage",
		"Usage: affected version\n\nPrints the version of affected.\n",
		"사용법: affected version\n\naffected의 버전을 출력합니다.\n",
		"使用方式：affected version\n\n顯示 affected 的版本。\n")
	// MsgUnexpectedArgs reports positional arguments a command does not take.
	MsgUnexpectedArgs = i18n.Define("cli.unexpected-args",
		"unexpected arguments %q",
		"예상하지 못한 인수 %q",
		"非預期的引數 %q")
)
