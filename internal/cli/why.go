package cli

import (
	"bufio"
	"bytes"
	"flag"
	"io"

	"github.com/affected-dev/affected/internal/atomicfile"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/scan"
)

func init() {
	register(&command{
		name:    "why",
		summary: msgWhySummary,
		usage:   msgWhyUsage,
		flags: func(fs *flag.FlagSet, e *env) func([]string) error {
			format := fs.String("format", "text", "")
			output := fs.String("output", "", "")
			maxPaths := fs.Int("max-paths", 5, "")
			framework := fs.String("framework", "", "")
			quiet := fs.Bool("quiet", false, "")
			outside := fs.Bool("allow-outside-imports", false, "")
			return func(args []string) error {
				defer startProfile(e)()
				tuneGC(e)
				if len(args) == 0 {
					return usagef(MsgMissingArg, "PACKAGE")
				}
				if err := oneOf("format", *format, "text", "json"); err != nil {
					return err
				}
				if *maxPaths < 1 {
					// Never 0 for "all": paths are counted exactly, but a
					// graph can have more than could ever be listed.
					return usagef(msgMaxPaths)
				}
				prog := startProgress(e, *quiet)
				ws, doc := scan.WhyPaths(e.ctx, args[1:], args[0], scan.Options{Lang: e.lang, Progress: prog.callback(), Base: workDir(), AllowOutsideImports: *outside}, scan.WhyOptions{MaxPaths: *maxPaths, Framework: *framework})
				prog.finish()
				err := e.write(*output, func(w io.Writer) error {
					if *format == "json" {
						return report.WriteWhyJSON(w, doc)
					}
					return report.WriteWhyText(w, doc, e.lang, *maxPaths)
				})
				if err != nil {
					return err
				}
				if ws.Incomplete() {
					if *format != "text" || *output != "" {
						e.warnf(msgIncomplete, len(ws.Errors))
					}
					return exitError{ExitIncomplete}
				}
				return nil
			}
		},
	})
}

// write renders a report straight to stdout as it is made (buffered), or
// into memory and then atomically to a file, so that a file is never left
// half-written.
func (e *env) write(output string, render func(io.Writer) error) error {
	if output == "" || output == "-" {
		w := bufio.NewWriter(e.stdout)
		if err := render(w); err != nil {
			return err
		}
		return w.Flush()
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	return e.emit(output, buf.Bytes())
}

// emit writes a report to stdout, or atomically to a file.
func (e *env) emit(output string, data []byte) error {
	if output == "" || output == "-" {
		_, err := e.stdout.Write(data)
		return err
	}
	if err := atomicfile.WriteFile(output, data, 0o644); err != nil {
		return i18n.Errorf(msgWriteOutput, output, err)
	}
	return nil
}

var (
	msgWhySummary = i18n.Define("why.summary",
		"show every path by which a package enters each project and framework",
		"패키지가 각 프로젝트와 프레임워크에 들어오는 모든 경로 표시",
		"顯示套件進入每個專案與架構的所有路徑")
	msgWhyUsage = i18n.Define("why.usage",
		`Usage: affected why PACKAGE [PATH...] [flags]

Shows, for every project and target framework under PATH (default: the
current directory) that has PACKAGE, the dependency paths that bring it in,
from a direct dependency or referenced project down to PACKAGE. PACKAGE is
matched case-insensitively; a trailing * matches a prefix
(Microsoft.AspNetCore.Mvc.*). PATH may be a directory, a solution, or a
single project, lock or assets file.

Flags:
  --format text|json   output format (default text)
  --output FILE        write the report to FILE instead of standard output
  --max-paths N        show at most N paths per project and framework,
                       shortest first (default 5); all are counted
  --framework TFM      only this target framework (e.g. netcoreapp1.1)
  --quiet              no progress line on a terminal during long scans
  --allow-outside-imports  follow MSBuild imports of files outside PATH
  --lang en|ko|zh-TW   language of the output

Exit codes: 0 done, 2 some file could not be read (what could be read is
still shown).
`,
		`사용법: affected why 패키지 [경로...] [플래그]

경로(기본값: 현재 디렉터리) 아래에서 패키지를 가진 모든 프로젝트와 대상
프레임워크에 대해, 직접 의존성 또는 참조된 프로젝트에서 패키지까지 이어지는
의존성 경로를 보여 줍니다. 패키지 이름은 대소문자를 구분하지 않으며, 끝의 *는
접두사와 일치합니다(Microsoft.AspNetCore.Mvc.*). 경로는 디렉터리, 솔루션,
또는 단일 프로젝트, 잠금, assets 파일일 수 있습니다.

플래그:
  --format text|json   출력 형식 (기본값 text)
  --output 파일         보고서를 표준 출력 대신 파일에 씀
  --max-paths N        프로젝트와 프레임워크마다 가장 짧은 경로부터 최대 N개
                       표시 (기본값 5); 개수는 모두 셈
  --framework TFM      이 대상 프레임워크만 (예: netcoreapp1.1)
  --quiet              긴 검사 중 터미널에 진행 상황 줄을 표시하지 않음
  --allow-outside-imports  경로 밖에 있는 파일의 MSBuild 가져오기도 따라감
  --lang en|ko|zh-TW   출력 언어

종료 코드: 0 완료, 2 읽을 수 없는 파일이 있음 (읽은 내용은 그래도 표시됨).
`,
		`使用方式：affected why 套件 [路徑...] [旗標]

針對路徑（預設：目前目錄）下含有該套件的每個專案與目標架構，顯示從直接
相依性或參考的專案一路到該套件的相依性路徑。套件名稱不分大小寫；結尾的 *
代表前綴比對（Microsoft.AspNetCore.Mvc.*）。路徑可以是目錄、方案，或單一
專案、鎖定檔或 assets 檔。

旗標：
  --format text|json   輸出格式（預設 text）
  --output 檔案         將報告寫入檔案而非標準輸出
  --max-paths N        每個專案與架構最多顯示 N 條路徑，由短到長（預設 5）；
                       路徑總數一律計算
  --framework TFM      只看此目標架構（例如 netcoreapp1.1）
  --quiet              長時間掃描時不在終端機上顯示進度列
  --allow-outside-imports  也追蹤路徑之外檔案的 MSBuild 匯入
  --lang en|ko|zh-TW   輸出語言

結束代碼：0 完成，2 有檔案無法讀取（仍會顯示已讀取的內容）。
`)
	msgMaxPaths = i18n.Define("cli.max-paths",
		"--max-paths must be at least 1: paths are counted exactly, but a graph can have more than can be listed; give a larger N to see more of the shortest",
		"--max-paths는 1 이상이어야 함: 경로는 정확히 세지만 그래프에는 다 나열할 수 없을 만큼 많은 경로가 있을 수 있음; 가장 짧은 경로를 더 보려면 더 큰 N을 주세요",
		"--max-paths 至少須為 1：路徑會精確計數，但相依圖的路徑可能多到無法全部列出；若要看更多最短路徑，請給更大的 N")
	msgNegative = i18n.Define("cli.negative",
		"--%s must not be negative",
		"--%s{은/는} 음수일 수 없음",
		"--%s 不可為負數")
	msgIncomplete = i18n.Define("cli.incomplete",
		"%d {file|files} could not be read; the report is incomplete",
		"파일 %d개를 읽을 수 없음; 보고서가 불완전함",
		"有 %d 個檔案無法讀取；報告不完整")
	msgWriteOutput = i18n.Define("cli.write-output",
		"writing %s: %v",
		"%s 쓰기: %v",
		"寫入 %s：%v")
)
