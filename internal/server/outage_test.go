package server_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/affected-dev/affected/internal/extract/extracttest"
)

// proxy is a loopback TCP proxy in front of PostgreSQL that a test cuts
// (its port refuses connections and every open one is closed: the
// database is gone) and restores (the same port forwards again).
type proxy struct {
	t      testing.TB
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
	wg     sync.WaitGroup
}

func newProxy(t testing.TB, target string) *proxy {
	p := &proxy{t: t, target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(func() { p.cut(); p.wg.Wait() })
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			if !p.track(c, up) {
				continue
			}
			p.wg.Add(2)
			go p.pipe(c, up)
			go p.pipe(up, c)
		}
	}()
}

// track records a connection pair, unless the proxy was cut meanwhile.
func (p *proxy) track(c, up net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		c.Close()
		up.Close()
		return false
	}
	p.conns[c], p.conns[up] = true, true
	return true
}

func (p *proxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// cut closes the port and every connection through it.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

// restore listens on the same port again.
func (p *proxy) restore() {
	var ln net.Listener
	var err error
	for range 50 { // the port may take a moment to be free again
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			p.serve(ln)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("listening on %s again: %v", p.addr, err)
}

// through returns the database URL with its host replaced by the proxy.
func (p *proxy) through(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		p.t.Fatal(err)
	}
	u.Host = p.addr
	return u.String()
}

// TestDatabaseDown: with PostgreSQL gone (a proxy between the server and
// the database, cut), the API, the pages, uploads and the health check
// answer 503 with Retry-After — a JSON error in the request's language
// for the API, an HTML page for the pages — and the process stays up;
// when the database returns, the same server answers again without a
// restart, takes uploads, and its background work (a re-match after an
// import) runs again.
func TestDatabaseDown(t *testing.T) {
	e := newEnv(t)
	u, _ := url.Parse(e.dbURL)
	px := newProxy(t, u.Host)
	base := e.startWith(px.through(e.dbURL))
	read, upload := e.token("read"), e.token("upload")
	examples := filepath.Join("..", "..", "examples")
	up := []string{"AFFECTED_TOKEN=" + upload}
	e.run(1, up, "scan", examples, "--upload", base, "--source", "examples", "--format", "json")

	type answer struct {
		status             int
		retryAfter, ctype  string
		code, message, raw string
	}
	ask := func(method, path, token string, body string, headers ...string) answer {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		client := &http.Client{Timeout: 30 * time.Second}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v (the server must answer)", method, path, err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		a := answer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), ctype: resp.Header.Get("Content-Type"), raw: string(data)}
		var eb struct {
			Error struct{ Code, Message string }
		}
		if strings.HasPrefix(a.ctype, "application/json") && decodeJSON(strings.NewReader(a.raw), &eb) == nil {
			a.code, a.message = eb.Error.Code, eb.Error.Message
		}
		return a
	}
	if a := ask("GET", "/api/v1/advisories", read, ""); a.status != http.StatusOK {
		t.Fatalf("before the outage: %d %s", a.status, a.raw)
	}

	px.cut()
	cutAt := time.Now()
	for _, c := range []struct {
		name, method, path, token, body string
		headers                         []string
		html                            bool
		text                            string // in the message
	}{
		{"api", "GET", "/api/v1/advisories", read, "", nil, false, "database"},
		{"api in Korean", "GET", "/api/v1/findings", read, "", []string{"Accept-Language", "ko"}, false, "데이터베이스"},
		{"api in Chinese", "GET", "/api/v1/projects?lang=zh-TW", read, "", nil, false, "資料庫"},
		{"page", "GET", "/advisories/MSA-4010983", read, "", nil, true, "database"},
		{"upload", "POST", "/api/v1/inventories", upload, `{"schema_version": 1, "source": "x", "projects": []}`, nil, false, "database"},
		{"health", "GET", "/healthz", "", "", nil, false, "database"},
		{"unknown token", "GET", "/api/v1/advisories", "aff_never_seen", "", nil, false, "database"},
	} {
		a := ask(c.method, c.path, c.token, c.body, c.headers...)
		ok := a.status == http.StatusServiceUnavailable && a.retryAfter != ""
		if c.html {
			ok = ok && strings.HasPrefix(a.ctype, "text/html") && strings.Contains(a.raw, c.text)
		} else {
			ok = ok && a.code == "unavailable" && strings.Contains(a.message, c.text)
		}
		if !ok {
			t.Errorf("%s with the database down: %d Retry-After %q %s %q %q", c.name, a.status, a.retryAfter, a.ctype, a.code, tail(a.raw, 300))
		}
	}
	t.Logf("503s while down, answered in %v", time.Since(cutAt).Round(time.Millisecond))

	// The database returns: the same process answers again.
	px.restore()
	restored := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for {
		a := ask("GET", "/api/v1/advisories", read, "")
		if a.status == http.StatusOK {
			break
		}
		if a.status != http.StatusServiceUnavailable || ctx.Err() != nil {
			t.Fatalf("after the database returned: %d %s", a.status, a.raw)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("answering again %v after the database returned", time.Since(restored).Round(time.Millisecond))
	if a := ask("GET", "/advisories/MSA-4010983", read, ""); a.status != http.StatusOK || !strings.Contains(a.raw, "Shop.Api.csproj") {
		t.Errorf("the page after the outage: %d", a.status)
	}
	e.run(1, up, "scan", examples, "--upload", base, "--source", "examples-2", "--format", "json")

	// The background work runs again: an import is re-matched.
	out, _ := e.run(0, []string{"AFFECTED_TOKEN=" + e.admin}, "db", "import", "--server", base,
		filepath.Join(extracttest.Corpus(t), "advisories-osv", "GHSA-6xh7-4v2w-36q6.json"))
	for {
		var st struct{ Pending int }
		req, _ := http.NewRequest("GET", base+"/api/v1/status", nil)
		req.Header.Set("Authorization", "Bearer "+read)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			decodeJSON(resp.Body, &st)
			resp.Body.Close()
		}
		if err == nil && resp.StatusCode == http.StatusOK && st.Pending == 0 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("re-matching after the outage did not finish: %v (%s)", errors.Join(err, ctx.Err()), out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	var d struct{ Total int }
	e.getFrom(base, "/api/v1/advisories/GHSA-6xh7-4v2w-36q6", &d)
	if d.Total == 0 {
		t.Errorf("no findings of the record imported after the outage")
	}
}
