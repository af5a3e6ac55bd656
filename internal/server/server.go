// Package server is `affected server`: an HTTP service over the store
// that takes inventories (what scans found: projects × frameworks with
// their packages and edges; CycloneDX SBOMs; what `affected host` read of
// Windows machines), matches them with the same code as the command line
// (package scan and match: graphs × advisories, hosts × advisories),
// re-matches the stored inventories when advisories change (the hosts of
// the products an advisory's rows name, all their verdicts, since one
// advisory's rows tell another's supersedence), and answers through a JSON
// API (documented in openapi.json, served at /api/v1/openapi.json), web
// pages in English, Korean and Traditional Chinese, and webhooks.
//
// Every request but the OpenAPI file, the sign-in page and the health
// check needs a token (Authorization: Bearer …, or the session cookie of
// a page sign-in) of the right scope: upload for inventories, read for the
// API and pages, admin for advisories and webhooks. Bodies are capped;
// errors are JSON with a localized message and, for a bad document, a
// JSON pointer to the value at fault; when the database is down the
// answer is 503 with Retry-After, and the process carries on.
//
// Background work (re-matching after an advisory import, webhook
// deliveries) is claimed in PostgreSQL, so any number of server processes
// can share one database.
package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/store"
)

// Config configures a server.
type Config struct {
	Store *store.Store
	Log   *slog.Logger
	// MaxBody caps a request body as sent; MaxInventory the inventory
	// once decompressed (gzip bodies).
	MaxBody, MaxInventory int64
	// MaxPaths is the number of paths kept per finding (as scan's
	// --max-paths).
	MaxPaths int
	// WebhookTimeout bounds one delivery; WebhookBackoff is the first
	// retry delay (doubled each time, up to an hour); WebhookAttempts the
	// attempts before giving up.
	WebhookTimeout  time.Duration
	WebhookBackoff  time.Duration
	WebhookAttempts int
	// Poll is how often the workers look for work when no notification
	// comes; Workers is how many re-matching tasks this process runs at
	// once (GOMAXPROCS, at least 2, when 0).
	Poll    time.Duration
	Workers int
	// Client sends webhooks (http.DefaultClient's transport when nil).
	Client *http.Client
	// UpdateSource is the OSV archive advisory updates read (a URL, or
	// a local archive; osv.dev's NuGet archive when empty); UpdateEvery
	// the period of the scheduled update (none when 0); UpdateClient
	// downloads it (http.DefaultClient when nil).
	UpdateSource string
	UpdateEvery  time.Duration
	UpdateClient *http.Client
}

func (c *Config) defaults() {
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.MaxBody <= 0 {
		c.MaxBody = 64 << 20
	}
	if c.MaxInventory <= 0 {
		c.MaxInventory = 512 << 20
	}
	if c.MaxPaths <= 0 {
		c.MaxPaths = 5
	}
	if c.WebhookTimeout <= 0 {
		c.WebhookTimeout = 10 * time.Second
	}
	if c.WebhookBackoff <= 0 {
		c.WebhookBackoff = 5 * time.Second
	}
	if c.WebhookAttempts <= 0 {
		c.WebhookAttempts = 10
	}
	if c.Poll <= 0 {
		c.Poll = 2 * time.Second
	}
	if c.Workers <= 0 {
		c.Workers = max(2, runtime.GOMAXPROCS(0))
	}
	if c.Client == nil {
		c.Client = &http.Client{}
	}
}

// Server is the HTTP service.
type Server struct {
	cfg   Config
	store *store.Store
	log   *slog.Logger
	mux   *http.ServeMux

	tokens sync.Map // hash of a secret → cachedToken
	wake   chan struct{}

	// gen counts the changes to what pages show (see cache.go); pages
	// are the pages made, answers the API's answers kept.
	gen     atomic.Int64
	pages   genCache[cachedPage]
	answers genCache[cachedJSON]
}

// cachedToken spares a database round trip per request.
type cachedToken struct {
	tok     store.Token
	expires time.Time
}

// New makes a server.
func New(cfg Config) *Server {
	cfg.defaults()
	s := &Server{cfg: cfg, store: cfg.Store, log: cfg.Log, mux: http.NewServeMux(), wake: make(chan struct{}, 1)}
	s.routes()
	pages() // a page that does not parse stops the server at its start
	return s
}

// Handler returns the HTTP handler: routes behind the security headers,
// the logging and the recovery from panics.
func (s *Server) Handler() http.Handler {
	return s.logged(secure(s.crossOrigin(s.mux)))
}

// crossOrigin refuses unsafe requests (POST, DELETE) that a browser says
// come from another site, with net/http's CrossOriginProtection: the
// first line of defence against cross-site request forgery, before the
// forms' own tokens. Requests from programs (no Sec-Fetch-Site, no
// Origin) pass.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		problem, _ := tr(langOf(r), "csrf")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.failDetail(w, r, http.StatusForbidden, ErrorDetail{Code: "cross_origin", Message: problem})
			return
		}
		s.pageFail(w, r, http.StatusForbidden, problem)
	}))
	return p.Handler(next)
}

// secure adds the security headers to every answer.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// logged logs each request (method, path without the query, status,
// duration: never a header, a token or a body) and turns a panic into a
// 500.
func (s *Server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", v)
				if sw.status == 0 {
					s.fail(sw, r, http.StatusInternalServerError, "internal", MsgInternal)
				}
			}
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", time.Since(start).Milliseconds())
		}()
		next.ServeHTTP(sw, r)
	})
}

// ErrorBody is the JSON of every error answer.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong, in the request's language.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Pointer is a JSON pointer (RFC 6901) to the value at fault in the
	// request body; Line and Column its place when known.
	Pointer string `json:"pointer,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, code string, m *i18n.Message, args ...any) {
	s.failDetail(w, r, status, ErrorDetail{Code: code, Message: m.Plain(langOf(r), args...)})
}

func (s *Server) failDetail(w http.ResponseWriter, r *http.Request, status int, d ErrorDetail) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
	writeJSON(w, status, ErrorBody{Error: d})
}

// retryAfter is the Retry-After of a 503, in seconds: about the time a
// restarting PostgreSQL takes.
const retryAfter = "5"

// failStore answers for an error of the store: 503 when the database is
// down, 404 for what does not exist, else 500 (logged, not shown).
func (s *Server) failStore(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrUnavailable):
		s.log.Warn("database unavailable", "path", r.URL.Path)
		s.fail(w, r, http.StatusServiceUnavailable, "unavailable", store.MsgUnavailable)
	case errors.Is(err, store.ErrNotFound):
		s.fail(w, r, http.StatusNotFound, "not_found", MsgNotFound)
	case errors.Is(err, context.Canceled):
		// the client went away
	default:
		s.log.Error("store", "path", r.URL.Path, "err", err.Error())
		s.fail(w, r, http.StatusInternalServerError, "internal", MsgInternal)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONBytes(w, status, encodeJSON(v))
}

// encodeJSON is an API answer's body.
func encodeJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
	return b.Bytes()
}

func writeJSONBytes(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// langOf picks the answer's language: ?lang=, else the lang cookie (the
// pages' switch), else Accept-Language, else English.
func langOf(r *http.Request) i18n.Lang {
	if l := r.URL.Query().Get("lang"); l != "" {
		if lang, err := i18n.Parse(l); err == nil {
			return lang
		}
	}
	if c, err := r.Cookie("lang"); err == nil {
		if lang, err := i18n.Parse(c.Value); err == nil {
			return lang
		}
	}
	return acceptLanguage(r.Header.Get("Accept-Language"))
}

// acceptLanguage picks the first supported language of an
// Accept-Language header, by quality.
func acceptLanguage(h string) i18n.Lang {
	best, bestQ := i18n.En, -1.0
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if tag == "" || tag == "*" || q <= bestQ {
			continue
		}
		if lang, err := i18n.Parse(tag); err == nil {
			best, bestQ = lang, q
		}
	}
	return best
}

// Auth: a token from the Authorization header, else the session cookie.

const sessionCookie = "affected_session"

// principal is who makes a request.
type principal struct {
	tok     store.Token
	session string // the cookie's secret, when signed in on the pages
	csrf    string
}

// authenticate finds the request's token; ok false when it has none or
// an unknown one (err set when the database could not tell).
func (s *Server) authenticate(r *http.Request) (principal, bool, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return principal{}, false, nil
		}
		tok, err := s.lookupToken(r.Context(), strings.TrimSpace(secret))
		if errors.Is(err, store.ErrNotFound) {
			return principal{}, false, nil
		}
		return principal{tok: tok}, err == nil, err
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		tok, csrf, err := s.store.LookupSession(r.Context(), c.Value)
		if errors.Is(err, store.ErrNotFound) {
			return principal{}, false, nil
		}
		return principal{tok: tok, session: c.Value, csrf: csrf}, err == nil, err
	}
	return principal{}, false, nil
}

func (s *Server) lookupToken(ctx context.Context, secret string) (store.Token, error) {
	h := sha256.Sum256([]byte(secret))
	key := string(h[:])
	if v, ok := s.tokens.Load(key); ok {
		c := v.(cachedToken)
		if time.Now().Before(c.expires) {
			return c.tok, nil
		}
		s.tokens.Delete(key)
	}
	tok, err := s.store.LookupToken(ctx, secret)
	if err != nil {
		return tok, err
	}
	s.tokens.Store(key, cachedToken{tok: tok, expires: time.Now().Add(30 * time.Second)})
	return tok, nil
}

type ctxKey struct{}

// need wraps a handler with the scope it needs.
func (s *Server) need(scope store.Scope, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok, err := s.authenticate(r)
		if err != nil {
			s.failStore(w, r, err)
			return
		}
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="affected"`)
			s.fail(w, r, http.StatusUnauthorized, "unauthorized", MsgUnauthorized)
			return
		}
		if !p.tok.Scope.Allows(scope) {
			s.fail(w, r, http.StatusForbidden, "forbidden", MsgForbidden, string(scope))
			return
		}
		// A session cookie is sent by the browser on its own: a request
		// that changes something must also prove it comes from a page of
		// the session (its CSRF token in a header).
		if p.session != "" && r.Method != http.MethodGet && r.Method != http.MethodHead && !sameSecret(p.csrf, r.Header.Get("X-CSRF-Token")) {
			problem, _ := tr(langOf(r), "csrf")
			s.failDetail(w, r, http.StatusForbidden, ErrorDetail{Code: "csrf", Message: problem})
			return
		}
		h(w, r.WithContext(withPrincipal(r.Context(), p)))
	}
}

func withPrincipal(ctx context.Context, p principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// newCSRF makes a random CSRF token.
func newCSRF() (string, error) {
	b := make([]byte, 32)
	_, err := rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b), err
}

func principalOf(r *http.Request) principal {
	p, _ := r.Context().Value(ctxKey{}).(principal)
	return p
}

// Messages of the server.
var (
	MsgInternal = i18n.Define("server.internal",
		"internal error; the server's log has the details",
		"내부 오류; 자세한 내용은 서버 로그에 있음",
		"內部錯誤；詳細資訊請見伺服器記錄")
	MsgNotFound = i18n.Define("server.not-found",
		"not found",
		"찾을 수 없음",
		"找不到")
	MsgUnauthorized = i18n.Define("server.unauthorized",
		"a token is needed: send Authorization: Bearer TOKEN (made by 'affected server token create')",
		"토큰이 필요함: Authorization: Bearer 토큰 헤더를 보내세요 ('affected server token create'로 만듦)",
		"需要權杖：請傳送 Authorization: Bearer 權杖（以 'affected server token create' 建立）")
	MsgForbidden = i18n.Define("server.forbidden",
		"this token's scope does not allow that (it needs %s)",
		"이 토큰의 범위로는 할 수 없음 (%s 필요)",
		"此權杖的範圍不允許此操作（需要 %s）")
	MsgTooLarge = i18n.Define("server.too-large",
		"the request body is larger than the limit of %d MiB",
		"요청 본문이 한도 %d MiB보다 큼",
		"要求本文超過 %d MiB 的上限")
	MsgBadGzip = i18n.Define("server.bad-gzip",
		"the body is not valid gzip: %v",
		"본문이 올바른 gzip이 아님: %v",
		"本文不是有效的 gzip：%v")
	MsgBadParam = i18n.Define("server.bad-param",
		"parameter %s: %q is not valid",
		"매개변수 %s: %q{은/는} 올바르지 않음",
		"參數 %s：%q 無效")
	MsgUnknownFormat = i18n.Define("server.unknown-format",
		"the body is neither an affected inventory nor a CycloneDX SBOM",
		"본문이 affected 인벤토리도 CycloneDX SBOM도 아님",
		"本文既不是 affected 清單，也不是 CycloneDX SBOM")
)
