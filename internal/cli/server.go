package cli

// This is the only file of the command line that imports the server (and,
// through it, the store and its SQL driver).

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/affected-dev/affected/internal/atomicfile"
	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/server"
	"github.com/affected-dev/affected/internal/store"
)

func init() {
	register(&command{
		name:    "server",
		summary: msgServerSummary,
		usage:   msgServerUsage,
		flags: func(fs *flag.FlagSet, e *env) func([]string) error {
			listen := fs.String("listen", "127.0.0.1:8080", "")
			database := fs.String("database", "", "")
			addrFile := fs.String("addr-file", "", "")
			maxUpload := fs.Int("max-upload", 64, "")
			poll := fs.Duration("poll", 2*time.Second, "")
			backoff := fs.Duration("webhook-backoff", 5*time.Second, "")
			logFormat := fs.String("log", "text", "")
			updateSource := fs.String("update-source", "", "")
			updateEvery := fs.Duration("update-every", 0, "")
			tlsCert := fs.String("tls-cert", "", "")
			tlsKey := fs.String("tls-key", "", "")
			scope := fs.String("scope", "", "")
			name := fs.String("name", "", "")
			return func(args []string) error {
				url := *database
				if url == "" {
					url = e.getenv("DATABASE_URL")
				}
				if url == "" {
					return usagef(msgServerNoDatabase)
				}
				switch {
				case len(args) == 2 && args[0] == "token" && args[1] == "create":
					return tokenCreate(e, url, *scope, *name)
				case len(args) > 0:
					return usagef(msgServerArgs, strings.Join(args, " "))
				}
				if err := oneOf("log", *logFormat, "text", "json"); err != nil {
					return err
				}
				if *maxUpload <= 0 {
					return usagef(msgNegative, "max-upload")
				}
				if *updateEvery < 0 {
					return usagef(msgNegative, "update-every")
				}
				if (*tlsCert == "") != (*tlsKey == "") {
					return usagef(msgServerTLSPair)
				}
				return serve(e, serveOptions{
					url: url, listen: *listen, addrFile: *addrFile, maxUpload: int64(*maxUpload) << 20,
					poll: *poll, backoff: *backoff, logJSON: *logFormat == "json",
					updateSource: *updateSource, updateEvery: *updateEvery, tlsCert: *tlsCert, tlsKey: *tlsKey,
				})
			}
		},
	})
}

type serveOptions struct {
	url, listen, addrFile string
	maxUpload             int64
	poll, backoff         time.Duration
	logJSON               bool
	updateSource          string
	updateEvery           time.Duration
	tlsCert, tlsKey       string
}

// openStore connects and applies the migrations, waiting up to a minute
// for a database that is starting.
func openStore(e *env, url string) (*store.Store, error) {
	st, err := store.Open(e.ctx, url, 0)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(time.Minute)
	for {
		_, err = st.Migrate(e.ctx)
		if err == nil || !errors.Is(err, store.ErrUnavailable) || time.Now().After(deadline) || e.ctx.Err() != nil {
			break
		}
		time.Sleep(time.Second)
	}
	if err != nil {
		st.Close()
		return nil, i18n.Errorf(msgServerMigrate, err)
	}
	return st, nil
}

func tokenCreate(e *env, url, scopeName, name string) error {
	scope, ok := store.ParseScope(scopeName)
	if !ok {
		return usagef(MsgBadChoice, "scope", scopeName, "upload, read, admin")
	}
	st, err := openStore(e, url)
	if err != nil {
		return err
	}
	defer st.Close()
	secret, _, err := st.CreateToken(e.ctx, scope, name)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, secret)
	fmt.Fprintln(e.stderr, msgTokenOnce.Plain(e.lang, scope))
	return nil
}

func serve(e *env, o serveOptions) error {
	defer startProfile(e)() // AFFECTED_CPUPROFILE: for measuring re-matching
	ctx, stop := context.WithCancel(e.ctx)
	defer stop()
	var h slog.Handler = slog.NewTextHandler(e.stderr, nil)
	if o.logJSON {
		h = slog.NewJSONHandler(e.stderr, nil)
	}
	log := slog.New(h)
	st, err := openStore(e, o.url)
	if err != nil {
		return err
	}
	defer st.Close()
	srv := server.New(server.Config{Store: st, Log: log, MaxBody: o.maxUpload, Poll: o.poll, WebhookBackoff: o.backoff,
		UpdateSource: o.updateSource, UpdateEvery: o.updateEvery})
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return i18n.Errorf(msgServerListen, o.listen, err)
	}
	scheme := "http://"
	if o.tlsCert != "" {
		// HTTPS: the session cookie is then Secure and HSTS is sent.
		cert, err := tls.LoadX509KeyPair(o.tlsCert, o.tlsKey)
		if err != nil {
			ln.Close()
			return i18n.Errorf(msgServerTLS, o.tlsCert, o.tlsKey, err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		scheme = "https://"
	}
	addr := ln.Addr().String()
	if o.addrFile != "" {
		if err := atomicfile.WriteFile(o.addrFile, []byte(addr+"\n"), 0o644); err != nil {
			ln.Close()
			return err
		}
	}
	fmt.Fprintln(e.stdout, msgServerListening.Plain(e.lang, scheme+addr))
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(h, slog.LevelWarn),
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Run(ctx)
	}()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	hs.Shutdown(shutdown)
	stop()
	<-done
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

var (
	msgServerSummary = i18n.Define("server.summary",
		"run the server: inventories in PostgreSQL, re-matched as advisories change; API, pages, webhooks",
		"서버 실행: 인벤토리를 PostgreSQL에 두고 권고가 바뀌면 다시 대조; API, 웹 페이지, 웹훅",
		"執行伺服器：清單存於 PostgreSQL，公告變更時重新比對；API、網頁、Webhook")
	msgServerNoDatabase = i18n.Define("server.no-database",
		"no database: give --database postgres://… or set DATABASE_URL",
		"데이터베이스 없음: --database postgres://…를 주거나 DATABASE_URL을 설정하세요",
		"沒有資料庫：請指定 --database postgres://… 或設定 DATABASE_URL")
	msgServerArgs = i18n.Define("server.args",
		"unexpected arguments %q (only 'token create' is a subcommand)",
		"예상하지 못한 인수 %q ('token create'만 하위 명령임)",
		"非預期的引數 %q（只有 'token create' 是子命令）")
	msgServerMigrate = i18n.Define("server.migrate",
		"preparing the database: %v",
		"데이터베이스 준비 중 오류: %v",
		"準備資料庫時發生錯誤：%v")
	msgServerListen = i18n.Define("server.listen",
		"cannot listen on %s: %v",
		"%s에서 수신할 수 없음: %v",
		"無法在 %s 上接聽：%v")
	msgServerTLSPair = i18n.Define("server.tls-pair",
		"--tls-cert and --tls-key go together",
		"--tls-cert와 --tls-key는 함께 써야 함",
		"--tls-cert 與 --tls-key 必須一起使用")
	msgServerTLS = i18n.Define("server.tls",
		"cannot use the certificate %s with the key %s: %v",
		"인증서 %s{을/를} 키 %s{과/와} 함께 쓸 수 없음: %v",
		"無法將憑證 %s 與金鑰 %s 搭配使用：%v")
	msgServerListening = i18n.Define("server.listening",
		"listening on %s",
		"%s에서 수신 중",
		"正在 %s 上接聽")
	msgTokenOnce = i18n.Define("server.token-once",
		"a token of scope %s: it is shown only this once (the server keeps only its hash)",
		"%s 토큰: 이번 한 번만 표시됨 (서버는 해시만 보관함)",
		"%s 權杖：只會顯示這一次（伺服器只保留其雜湊）")
	msgServerUsage = i18n.Define("server.usage",
		`Usage: affected server [flags]
       affected server token create --scope upload|read|admin [--name NAME] [--database URL]

Runs the HTTP server over PostgreSQL: it applies the schema migrations
the database lacks, stores the built-in advisories, and serves the API
(/api/v1/, described by /api/v1/openapi.json) and the web pages until
interrupted. Several processes may share one database.

'token create' makes a token and prints it once; only its hash is kept.

Flags:
  --database URL        postgres://… (default: $DATABASE_URL)
  --listen ADDR         address to listen on (default 127.0.0.1:8080;
                        port 0 picks a free one)
  --addr-file FILE      write the address listened on to FILE
  --max-upload MiB      largest request body (default 64; gzip bodies may
                        hold up to 512 MiB of inventory)
  --poll D              how often to look for work without a
                        notification (default 2s)
  --webhook-backoff D   first retry delay of a failed webhook, doubled
                        each time (default 5s)
  --update-every D      update the advisories from --update-source every
                        D (e.g. 6h; one process of those sharing the
                        database does it; default: never, only when
                        'affected db update --server' asks)
  --update-source URL   the OSV archive updates read: a URL or a local
                        archive (default: osv.dev's NuGet archive)
  --tls-cert FILE, --tls-key FILE
                        serve HTTPS with this certificate and key (PEM);
                        the session cookie is then Secure and HSTS is sent
  --log text|json       log format on standard error (default text)
  --scope S, --name N   for 'token create'
`,
		`사용법: affected server [플래그]
       affected server token create --scope upload|read|admin [--name 이름] [--database URL]

PostgreSQL 위에서 HTTP 서버를 실행합니다: 데이터베이스에 없는 스키마
마이그레이션을 적용하고, 내장 권고를 저장하고, 중단될 때까지 API
(/api/v1/, 설명은 /api/v1/openapi.json)와 웹 페이지를 제공합니다. 여러
프로세스가 한 데이터베이스를 함께 쓸 수 있습니다.

'token create'는 토큰을 만들어 한 번만 출력합니다; 해시만 보관됩니다.

플래그:
  --database URL        postgres://… (기본값: $DATABASE_URL)
  --listen 주소          수신할 주소 (기본값 127.0.0.1:8080; 포트 0은 빈
                        포트를 고름)
  --addr-file 파일       수신하는 주소를 파일에 씀
  --max-upload MiB      가장 큰 요청 본문 (기본값 64; gzip 본문은 인벤토리를
                        512 MiB까지 담을 수 있음)
  --poll D              알림 없이 작업을 찾는 주기 (기본값 2s)
  --webhook-backoff D   실패한 웹훅의 첫 재시도 간격, 매번 두 배 (기본값 5s)
  --update-every D      D마다 --update-source에서 권고를 업데이트함 (예: 6h;
                        데이터베이스를 함께 쓰는 프로세스 중 하나가 실행;
                        기본값: 하지 않음, 'affected db update --server'가
                        요청할 때만)
  --update-source URL   업데이트가 읽는 OSV 아카이브: URL 또는 로컬 아카이브
                        (기본값: osv.dev의 NuGet 아카이브)
  --tls-cert 파일, --tls-key 파일
                        이 인증서와 키(PEM)로 HTTPS 제공; 이때 세션 쿠키는
                        Secure이고 HSTS를 보냄
  --log text|json       표준 오류의 로그 형식 (기본값 text)
  --scope S, --name N   'token create'용
`,
		`使用方式：affected server [旗標]
          affected server token create --scope upload|read|admin [--name 名稱] [--database URL]

在 PostgreSQL 上執行 HTTP 伺服器：套用資料庫缺少的結構描述移轉、儲存
內建公告，並提供 API（/api/v1/，說明見 /api/v1/openapi.json）與網頁，
直到被中斷。多個處理程序可共用一個資料庫。

'token create' 建立權杖並只列印一次；只保留其雜湊。

旗標：
  --database URL        postgres://…（預設：$DATABASE_URL）
  --listen 位址          接聽的位址（預設 127.0.0.1:8080；連接埠 0 會挑選
                        空閒的連接埠）
  --addr-file 檔案       將接聽的位址寫入檔案
  --max-upload MiB      最大的要求本文（預設 64；gzip 本文可容納最多
                        512 MiB 的清單）
  --poll D              沒有通知時尋找工作的間隔（預設 2s）
  --webhook-backoff D   失敗 Webhook 的第一次重試間隔，每次加倍（預設 5s）
  --update-every D      每隔 D 從 --update-source 更新公告（例如 6h；共用
                        資料庫的處理程序中由其中一個執行；預設：不排程，
                        只在 'affected db update --server' 要求時更新）
  --update-source URL   更新所讀取的 OSV 封存檔：URL 或本機封存檔
                        （預設：osv.dev 的 NuGet 封存檔）
  --tls-cert 檔案、--tls-key 檔案
                        以此憑證與金鑰（PEM）提供 HTTPS；此時工作階段
                        Cookie 為 Secure，並傳送 HSTS
  --log text|json       標準錯誤上的記錄格式（預設 text）
  --scope S, --name N   用於 'token create'
`)
)
