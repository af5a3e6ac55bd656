package cli

// The client side of `affected server`: scan --upload and db import
// --server. Plain HTTP requests; the CLI does not import the server.

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/advisory"
	"github.com/affected-dev/affected/internal/advisory/db"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/inventory"
)

// TokenEnv is the environment variable that holds the token the client
// sends.
const TokenEnv = "AFFECTED_TOKEN"

// endpoint joins the server's base URL and an API path; a URL that
// already names the path is kept.
func endpoint(base, path string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", usagef(msgBadServerURL, base)
	}
	if !strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), path) {
		u.Path = strings.TrimSuffix(u.Path, "/") + path
	}
	return u.String(), nil
}

// post sends body (gzipped) to the server with the token and decodes the
// JSON answer into out; an error answer becomes an error with the
// server's (localized) message.
func post(e *env, base, path string, body []byte, out any) error {
	target, err := endpoint(base, path)
	if err != nil {
		return err
	}
	token := e.getenv(TokenEnv)
	if token == "" {
		return usagef(msgNoToken, TokenEnv)
	}
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write(body)
	zw.Close()
	client := &http.Client{Timeout: 10 * time.Minute}
	// A server that is starting, or whose database is down (503), is
	// given a few tries, about half a minute in all.
	var resp *http.Response
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(e.ctx, http.MethodPost, target, bytes.NewReader(zb.Bytes()))
		if err != nil {
			return i18n.Errorf(msgUploadFailed, target, err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", "gzip")
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Accept-Language", e.lang.String())
		resp, err = client.Do(req)
		retry := err != nil || resp.StatusCode == http.StatusServiceUnavailable
		if !retry || attempt == 5 || e.ctx.Err() != nil {
			if err != nil {
				return i18n.Errorf(msgUploadFailed, target, err)
			}
			break
		}
		if resp != nil {
			resp.Body.Close()
		}
		time.Sleep(time.Duration(1<<attempt) * time.Second)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return i18n.Errorf(msgUploadFailed, target, err)
	}
	if resp.StatusCode >= 300 {
		var eb struct {
			Error struct {
				Message string `json:"message"`
				Pointer string `json:"pointer"`
			} `json:"error"`
		}
		msg := strings.TrimSpace(string(data))
		if json.Unmarshal(data, &eb) == nil && eb.Error.Message != "" {
			msg = eb.Error.Message
			if eb.Error.Pointer != "" {
				msg = eb.Error.Pointer + ": " + msg
			}
		}
		return i18n.Errorf(msgUploadRefused, target, resp.StatusCode, msg)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return i18n.Errorf(msgUploadFailed, target, err)
		}
	}
	return nil
}

// uploadInventory sends the inventory of a scan or a host read; source
// names it (default: the host name and the paths read).
func uploadInventory(e *env, base, source string, paths []string, inv *inventory.Document) error {
	if source == "" {
		source = defaultSource(paths)
	}
	inv.Source = source
	inv.Tool = "affected " + Version
	body, err := inventory.Encode(inv)
	if err != nil {
		return err
	}
	type counts struct{ New, Updated, Removed int }
	var res struct {
		Source        string `json:"source"`
		Unchanged     bool   `json:"unchanged"`
		Projects      int    `json:"projects"`
		Hosts         int    `json:"hosts"`
		AffectedHosts int    `json:"affected_hosts"`
		Findings      counts `json:"findings"`
		Verdicts      counts `json:"verdicts"`
		Endpoints     int    `json:"endpoints"`
		Exposed       int    `json:"exposed_endpoints"`
		Exposures     counts `json:"exposures"`
	}
	if err := post(e, base, "/api/v1/inventories", body, &res); err != nil {
		return err
	}
	switch {
	case res.Unchanged:
		fmt.Fprintln(e.stderr, msgUploadUnchanged.Plain(e.lang, res.Source))
	case len(inv.Projects) == 0 && len(inv.Hosts) == 0 && len(inv.Endpoints) > 0:
		fmt.Fprintln(e.stderr, msgUploadedEndpoints.Plain(e.lang, res.Endpoints, res.Source, res.Exposed, res.Exposures.New, res.Exposures.Updated, res.Exposures.Removed))
	case len(inv.Projects) == 0 && len(inv.Hosts) > 0:
		fmt.Fprintln(e.stderr, msgUploadedHosts.Plain(e.lang, res.Hosts, res.Source, res.AffectedHosts, res.Verdicts.New, res.Verdicts.Updated, res.Verdicts.Removed))
	default:
		fmt.Fprintln(e.stderr, msgUploaded.Plain(e.lang, res.Projects, res.Source, res.Findings.New, res.Findings.Updated, res.Findings.Removed))
	}
	return nil
}

// defaultSource names an upload after the host and the scanned paths.
func defaultSource(paths []string) string {
	host, _ := os.Hostname()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var abs []string
	for _, p := range paths {
		if a, err := filepath.Abs(p); err == nil {
			p = a
		}
		abs = append(abs, filepath.ToSlash(p))
	}
	return host + ":" + strings.Join(abs, ",")
}

// dbImportServer reads advisories as db import does and sends them to
// the server (an admin token), which re-matches what they touch.
func dbImportServer(e *env, base string, paths []string) error {
	recs, errs := db.Read(paths)
	dbReportErrors(e, errs)
	if len(recs) == 0 {
		if len(errs) > 0 {
			return exitError{ExitIncomplete}
		}
		return i18n.Errorf(msgNothingToSend)
	}
	body, err := json.Marshal(struct {
		Advisories []*advisory.Advisory `json:"advisories"`
	}{recs})
	if err != nil {
		return err
	}
	var res struct {
		Added, Replaced, Unchanged, Rematch []string
		Products                            []string `json:"rematch_products"`
	}
	if err := post(e, base, "/api/v1/advisories", body, &res); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, msgImportedServer.Plain(e.lang, len(recs), len(res.Added), len(res.Replaced), len(res.Unchanged), len(res.Rematch), len(res.Products)))
	if len(errs) > 0 {
		e.warnf(msgDBSkipped, len(errs))
		return exitError{ExitIncomplete}
	}
	return nil
}

// dbUpdateServer asks the server to update its advisories from its own
// source (an admin token); the changed records are re-matched there.
func dbUpdateServer(e *env, base string) error {
	var res struct {
		Source                              string
		Read                                int
		Added, Replaced, Unchanged, Rematch []string
		Products                            []string `json:"rematch_products"`
	}
	if err := post(e, base, "/api/v1/advisories/update", nil, &res); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, msgUpdatedServer.Plain(e.lang, res.Read, res.Source, len(res.Added), len(res.Replaced), len(res.Unchanged), len(res.Rematch), len(res.Products)))
	return nil
}

var (
	msgUpdatedServer = i18n.Define("cli.updated-server",
		"the server read %d {advisory|advisories} from %s: %d added, %d replaced, %d unchanged; re-matching %d {package|packages} and %d {product|products}",
		"서버가 %[2]s에서 권고 %[1]d건을 읽음: 추가 %[3]d, 교체 %[4]d, 변경 없음 %[5]d; 패키지 %[6]d개와 제품 %[7]d개 다시 대조",
		"伺服器從 %[2]s 讀取了 %[1]d 則公告：新增 %[3]d、取代 %[4]d、未變更 %[5]d；重新比對 %[6]d 個套件與 %[7]d 個產品")
	msgUpdateServerSource = i18n.Define("cli.update-server-source",
		"--source does not apply with --server: the server reads its own source (affected server --update-source)",
		"--source는 --server와 함께 쓸 수 없음: 서버는 자체 소스를 읽음 (affected server --update-source)",
		"--source 不可與 --server 一起使用：伺服器會讀取自己的來源（affected server --update-source）")
	msgBadServerURL = i18n.Define("cli.bad-server-url",
		"%q is not a server URL (http://host:port or https://…)",
		"%q{은/는} 서버 URL이 아님 (http://호스트:포트 또는 https://…)",
		"%q 不是伺服器 URL（例如 http://127.0.0.1:8080 或 https://…）")
	msgNoToken = i18n.Define("cli.no-token",
		"no token: set %s to a token made by 'affected server token create'",
		"토큰 없음: 'affected server token create'로 만든 토큰을 %s에 설정하세요",
		"沒有權杖：請將 %s 設為 'affected server token create' 建立的權杖")
	msgUploadFailed = i18n.Define("cli.upload-failed",
		"sending to %s: %v",
		"%s{으로/로} 보내는 중 오류: %v",
		"傳送至 %s 時發生錯誤：%v")
	msgUploadRefused = i18n.Define("cli.upload-refused",
		"%s refused it (%d): %s",
		"%s{이/가} 거부함 (%d): %s",
		"%s 拒絕（%d）：%s")
	msgUploaded = i18n.Define("cli.uploaded",
		"uploaded %d {project|projects} as %s: %d new {finding|findings}, %d updated, %d removed",
		"프로젝트 %d개를 %s{으로/로} 올림: 새 발견 %d건, 갱신 %d건, 제거 %d건",
		"已上傳 %d 個專案為 %s：新增 %d 項結果，更新 %d 項，移除 %d 項")
	msgUploadedHosts = i18n.Define("cli.uploaded-hosts",
		"uploaded %d {host|hosts} as %s: %d affected; %d new {verdict|verdicts}, %d updated, %d removed",
		"호스트 %d대를 %s{으로/로} 올림: 영향 받음 %d대; 새 판정 %d건, 갱신 %d건, 제거 %d건",
		"已上傳 %d 台主機為 %s：%d 台受影響；新增 %d 項判定，更新 %d 項，移除 %d 項")
	msgUploadedEndpoints = i18n.Define("cli.uploaded-endpoints",
		"uploaded %d {endpoint|endpoints} as %s: %d exposed; %d new {exposure|exposures}, %d updated, %d removed",
		"엔드포인트 %d개를 %s{으로/로} 올림: 노출 %d개; 새 노출 %d건, 갱신 %d건, 제거 %d건",
		"已上傳 %d 個端點為 %s：%d 個暴露；新增 %d 項暴露，更新 %d 項，移除 %d 項")
	msgUploadUnchanged = i18n.Define("cli.upload-unchanged",
		"uploaded %s: unchanged since the last upload",
		"%s 올림: 지난번 이후 바뀐 것 없음",
		"已上傳 %s：自上次上傳後沒有變更")
	msgNothingToSend = i18n.Define("cli.nothing-to-send",
		"no advisory was read; nothing sent",
		"읽은 권고가 없어 아무것도 보내지 않음",
		"沒有讀到任何公告；未傳送任何內容")
	msgImportedServer = i18n.Define("cli.imported-server",
		"sent %d {advisory|advisories}: %d added, %d replaced, %d unchanged; re-matching %d {package|packages} and %d {product|products}\n",
		"권고 %d건 보냄: 추가 %d, 교체 %d, 변경 없음 %d; 패키지 %d개와 제품 %d개 다시 대조\n",
		"已傳送 %d 則公告：新增 %d、取代 %d、未變更 %d；重新比對 %d 個套件與 %d 個產品\n")
)
