package cli

import (
	"flag"
	"fmt"
	"runtime/debug"
	"strings"

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
				fmt.Fprintln(e.stdout, "affected "+fullVersion())
				return nil
			}
		},
	})
}

// version is the version of affected: the one linked in with -ldflags
// (Version), else the main module's version that the go command recorded
// in the binary (v1.2.3 after `go install …@v1.2.3`; since Go 1.24 a
// pseudo-version from the VCS of a checkout built with go build), else
// "devel".
func version() string {
	bi, _ := debug.ReadBuildInfo()
	return versionOf(Version, bi)
}

// fullVersion is version, with the VCS revision, its time and whether the
// tree was modified, and the Go version, as the build info records them.
func fullVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return fullVersionOf(Version, bi)
}

func versionOf(linked string, bi *debug.BuildInfo) string {
	if linked != "" && linked != "devel" {
		return linked
	}
	if bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func fullVersionOf(linked string, bi *debug.BuildInfo) string {
	v := versionOf(linked, bi)
	if bi == nil {
		return v
	}
	var rev, at string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	var extra []string
	if rev != "" && !strings.Contains(v, rev[:min(12, len(rev))]) {
		extra = append(extra, rev[:min(12, len(rev))])
	}
	if at != "" && len(extra) > 0 {
		extra = append(extra, at)
	}
	if modified && !strings.HasSuffix(v, "+dirty") {
		extra = append(extra, "modified")
	}
	if bi.GoVersion != "" {
		extra = append(extra, bi.GoVersion)
	}
	if len(extra) > 0 {
		v += " (" + strings.Join(extra, ", ") + ")"
	}
	return v
}

var (
	msgVersionSummary = i18n.Define("version.summary",
		"print the version",
		"버전 출력",
		"顯示版本")
	msgVersionUsage = i18n.Define("version.usage",
		"Usage: affected version\n\nPrints the version of affected (linked in at build time, else the module\nversion the go command recorded), the VCS revision it was built from and\nthe Go version.\n",
		"사용법: affected version\n\naffected의 버전(빌드할 때 넣은 버전, 없으면 go 명령이 기록한 모듈 버전),\n빌드한 VCS 리비전과 Go 버전을 출력합니다.\n",
		"使用方式：affected version\n\n顯示 affected 的版本（建置時連結的版本，否則為 go 指令記錄的模組版本）、\n建置所用的 VCS 修訂版本與 Go 版本。\n")
	// MsgUnexpectedArgs reports positional arguments a command does not take.
	MsgUnexpectedArgs = i18n.Define("cli.unexpected-args",
		"unexpected arguments %q",
		"예상하지 못한 인수 %q",
		"非預期的引數 %q")
)
