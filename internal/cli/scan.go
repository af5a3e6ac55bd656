package cli

import (
	"flag"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/ignore"
	"github.com/affected-dev/affected/internal/report"
	"github.com/affected-dev/affected/internal/scan"
)

// listFlag collects a repeatable flag (also accepting comma-separated
// values).
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

func init() {
	register(&command{
		name:    "scan",
		summary: msgScanSummary,
		usage:   msgScanUsage,
		flags: func(fs *flag.FlagSet, e *env) func([]string) error {
			format := fs.String("format", "text", "")
			output := fs.String("output", "", "")
			maxPaths := fs.Int("max-paths", 5, "")
			dbDir := fs.String("db", "", "")
			ignoreFile := fs.String("ignore-file", "", "")
			quiet := fs.Bool("quiet", false, "")
			upload := fs.String("upload", "", "")
			sourceName := fs.String("source", "", "")
			failOn := fs.String("fail-on", "", "")
			outside := fs.Bool("allow-outside-imports", false, "")
			var advisories, severities listFlag
			fs.Var(&advisories, "advisory", "")
			fs.Var(&severities, "severity", "")
			return func(args []string) error {
				defer startProfile(e)()
				tuneGC(e)
				if err := oneOf("format", *format, "text", "json", "sarif", "markdown", "table", "cyclonedx"); err != nil {
					return err
				}
				keep, err := severityList(severities)
				if err != nil {
					return err
				}
				if *failOn != "" {
					*failOn = normalSeverity(*failOn)
					if err := oneOf("fail-on", *failOn, report.Severities...); err != nil {
						return err
					}
				}
				if *maxPaths < 1 {
					// Never 0 for "all": paths are counted exactly, but a
					// graph can have more than could ever be listed.
					return usagef(msgMaxPaths)
				}
				src, err := openAdvisories(e, *dbDir)
				if err != nil {
					return err
				}
				defer src.Close()
				if err := knownAdvisories(src, advisories); err != nil {
					return err
				}
				rules, err := loadIgnores(*ignoreFile, args)
				if err != nil {
					return err
				}
				prog := startProgress(e, *quiet)
				ws, doc, inv := scanInventory(e, *upload != "" || *format == "cyclonedx", args, src, scan.Options{Lang: e.lang, Progress: prog.callback(), Base: workDir(), AllowOutsideImports: *outside}, scan.ScanOptions{
					Lang: e.lang, MaxPaths: *maxPaths, Advisories: advisories, Ignore: rules, Now: time.Now(),
				})
				prog.finish()
				if keep != nil {
					doc.FilterSeverity(keep)
				}
				doc.Database = databaseOf(src, time.Now())
				doc.Warnings = append(doc.Warnings, doc.Database.Warnings(e.lang)...)
				if err := src.Err(); err != nil {
					// A damaged record: what matched is still reported.
					ws.AddError(err, e.lang)
					doc.Errors = ws.Errors
				}
				err = e.write(*output, func(w io.Writer) error {
					switch *format {
					case "json":
						return report.WriteJSON(w, doc)
					case "sarif":
						return report.WriteSARIF(w, doc, e.lang, version())
					case "markdown":
						return report.WriteMarkdown(w, doc, e.lang)
					case "cyclonedx":
						return writeCycloneDX(w, inv, doc, args)
					case "table":
						return report.WriteTableStyle(w, doc, e.lang, e.style(*output))
					}
					return report.WriteTextStyle(w, doc, e.lang, e.style(*output))
				})
				if err != nil {
					return err
				}
				for _, w := range doc.Warnings {
					e.warnf(msgPlain, w)
				}
				if *upload != "" {
					if err := uploadInventory(e, *upload, *sourceName, args, inv); err != nil {
						return err
					}
				}
				switch {
				case ws.Incomplete():
					if *format != "text" || *output != "" {
						e.warnf(msgIncomplete, len(ws.Errors))
					}
					return exitError{ExitIncomplete}
				case failing(doc.Findings, *failOn), failing(doc.AwaitingRestore, *failOn):
					// Fixed in the files but not in the lock data is not
					// clean: the lock data still holds the affected version
					// (and a locked restore refuses the files as they are).
					return exitError{ExitFindings}
				}
				return nil
			}
		},
	})
}

// severityList checks the values of --severity (nil when it was not given).
func severityList(values []string) ([]string, error) {
	if values == nil {
		return nil, nil
	}
	allowed := append(append([]string(nil), report.Severities...), report.SeverityUnknown)
	out := []string{}
	for _, v := range values {
		v = normalSeverity(v)
		if err := oneOf("severity", v, allowed...); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// normalSeverity lower-cases a severity and takes "medium" (CVSS's word)
// for "moderate" (GitHub's).
func normalSeverity(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "medium" {
		return "moderate"
	}
	return s
}

// failing reports whether the findings make the exit code 1: any finding,
// or with --fail-on one at or above that severity.
func failing(findings []report.Finding, failOn string) bool {
	for _, f := range findings {
		if failOn == "" || report.SeverityAtLeast(f.Advisory.Severity, failOn) {
			return true
		}
	}
	return false
}

// loadIgnores reads the ignore file given (affected's or osv-scanner's
// format), or the .affected.toml and osv-scanner.toml of each scanned
// directory.
func loadIgnores(file string, paths []string) (*ignore.Rules, error) {
	if file != "" {
		if !isFile(file) {
			return nil, i18n.Errorf(msgNoIgnoreFile, file)
		}
		return ignore.Load(file)
	}
	rules := &ignore.Rules{}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		dir := p
		if !isDir(p) {
			dir = filepath.Dir(p)
		}
		for _, name := range []string{ignore.FileName, ignore.OSVScannerFileName} {
			r, err := ignore.Load(filepath.Join(dir, name))
			if err != nil {
				return nil, err
			}
			rules.Merge(r)
		}
	}
	return rules, nil
}

var (
	msgPlain        = i18n.Define("cli.plain", "%s", "%s", "%s")
	msgNoIgnoreFile = i18n.Define("cli.no-ignore-file",
		"ignore file %s does not exist",
		"무시 파일 %s{이/가} 없음",
		"忽略檔 %s 不存在")
	msgScanSummary = i18n.Define("scan.summary",
		"find the projects affected by known advisories, with the paths that bring each package in",
		"알려진 권고의 영향을 받는 프로젝트와 각 패키지가 들어오는 경로 찾기",
		"找出受已知公告影響的專案，以及引入各套件的路徑")
	msgScanUsage = i18n.Define("scan.usage",
		`Usage: affected scan [PATH...] [flags]

Finds every .NET project under PATH (default: the current directory),
builds its dependency graph per target framework from its lock data
(obj/project.assets.json, project.lock.json, packages.lock.json,
*.deps.json) or, without lock data, from what it declares, and matches
every package against the advisory database (the built-in advisories and
what 'affected db import' or 'affected db update' stored).

Flags:
  --format text|json|sarif|markdown|table|cyclonedx   output format
                       (default text); table: one row per finding, like
                       'dotnet list package --vulnerable'
  --output FILE        write the report to FILE instead of standard output
  --max-paths N        paths shown per finding, shortest first (default 5)
  --advisory ID        only this advisory (repeatable; IDs or aliases)
  --severity LIST      only findings of these severities (low, moderate,
                       high, critical, unknown; comma-separated)
  --fail-on SEVERITY   exit 1 only for a finding at or above SEVERITY
                       (one without a severity always counts)
  --db DIR             advisory database directory (default: $AFFECTED_DB,
                       else the user cache directory)
  --ignore-file FILE   ignore rules (default: .affected.toml and osv-scanner.toml
                       in each PATH)
  --quiet              no progress line on a terminal during long scans
  --upload URL         also send what was read to an affected server
                       (token in $AFFECTED_TOKEN); --source NAME names it
  --allow-outside-imports  follow MSBuild imports of files outside PATH
  --lang en|ko|zh-TW   language of the output

Exit codes: 0 nothing found, 1 findings (also findings that the project
files fix but the lock data does not show yet: run restore), 2 the scan
could not complete (whatever could be scanned is still reported).
`,
		`사용법: affected scan [경로...] [플래그]

경로(기본값: 현재 디렉터리) 아래의 모든 .NET 프로젝트를 찾아, 대상
프레임워크별 의존성 그래프를 잠금 데이터(obj/project.assets.json,
project.lock.json, packages.lock.json, *.deps.json)로, 잠금 데이터가 없으면
선언된 내용으로 만들고, 모든 패키지를 권고 데이터베이스(내장 권고와
'affected db import' 또는 'affected db update'로 저장한 권고)와 대조합니다.

플래그:
  --format text|json|sarif|markdown|table|cyclonedx   출력 형식
                       (기본값 text); table: 발견마다 한 줄,
                       'dotnet list package --vulnerable'처럼
  --output 파일         보고서를 표준 출력 대신 파일에 씀
  --max-paths N        발견마다 표시할 경로 수, 짧은 것부터 (기본값 5)
  --advisory ID        이 권고만 (반복 가능; ID 또는 별칭)
  --severity 목록       이 심각도의 발견만 (low, moderate, high, critical,
                       unknown; 쉼표로 구분)
  --fail-on 심각도      이 심각도 이상의 발견이 있을 때만 종료 코드 1
                       (심각도가 없는 발견은 항상 포함)
  --db 디렉터리         권고 데이터베이스 디렉터리 (기본값: $AFFECTED_DB,
                       없으면 사용자 캐시 디렉터리)
  --ignore-file 파일    무시 규칙 (기본값: 각 경로의 .affected.toml과
                       osv-scanner.toml)
  --quiet              긴 검사 중 터미널에 진행 상황 줄을 표시하지 않음
  --upload URL         읽은 내용을 affected 서버에도 보냄 (토큰은
                       $AFFECTED_TOKEN); --source 이름으로 이름 지정
  --allow-outside-imports  경로 밖에 있는 파일의 MSBuild 가져오기도 따라감
  --lang en|ko|zh-TW   출력 언어

종료 코드: 0 발견 없음, 1 발견 있음 (프로젝트 파일에서는 고쳤지만 잠금
데이터에 아직 반영되지 않은 발견 포함: 복원을 실행하세요), 2 검사를 완료하지
못함 (검사한 내용은 그래도 보고됨).
`,
		`使用方式：affected scan [路徑...] [旗標]

找出路徑（預設：目前目錄）下的所有 .NET 專案，依鎖定資料
（obj/project.assets.json、project.lock.json、packages.lock.json、
*.deps.json）建立各目標架構的相依圖；若沒有鎖定資料，則依宣告內容建立。
接著將每個套件與公告資料庫（內建公告，以及 'affected db import' 或
'affected db update' 儲存的公告）比對。

旗標：
  --format text|json|sarif|markdown|table|cyclonedx   輸出格式
                       （預設 text）；table：每項結果一列，
                       如同 'dotnet list package --vulnerable'
  --output 檔案         將報告寫入檔案而非標準輸出
  --max-paths N        每項結果顯示的路徑數，由短到長（預設 5）
  --advisory ID        只看此公告（可重複；ID 或別名）
  --severity 清單       只列出這些嚴重性的結果（low、moderate、high、
                       critical、unknown；以逗號分隔）
  --fail-on 嚴重性      只有達到此嚴重性以上的結果才以 1 結束
                       （沒有嚴重性的結果一律計入）
  --db 目錄             公告資料庫目錄（預設：$AFFECTED_DB，否則為使用者
                       快取目錄）
  --ignore-file 檔案    忽略規則（預設：各路徑中的 .affected.toml 與
                       osv-scanner.toml）
  --quiet              長時間掃描時不在終端機上顯示進度列
  --upload URL         同時將讀到的內容傳送至 affected 伺服器（權杖在
                       $AFFECTED_TOKEN）；--source 名稱 為其命名
  --allow-outside-imports  也追蹤路徑之外檔案的 MSBuild 匯入
  --lang en|ko|zh-TW   輸出語言

結束代碼：0 未發現問題，1 有發現（包括已在專案檔修正、但鎖定資料尚未更新的
結果：請執行還原），2 掃描未能完成（仍會回報已掃描的內容）。
`)
)
