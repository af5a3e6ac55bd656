package cli

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/affected-dev/affected/internal/i18n"
	"github.com/affected-dev/affected/internal/i18n/i18ntest"
	"github.com/affected-dev/affected/internal/tlsprobe"
)

// tlsHarnessMarker is a program put on PATH, and named in
// $AFFECTED_TLS_HARNESS, by TestTLSScripts only: the tls_*.txtar scripts
// that need servers start with `[!exec:$AFFECTED_TLS_HARNESS] skip`, so
// that TestScripts (which runs every script, without the commands below)
// skips them. (testscript caches [exec:NAME] per NAME for the whole test
// binary, hence a variable: TestScripts looks up the empty name.)
const tlsHarnessMarker = "affected-tls-harness"

// TestTLSScripts runs testdata/script/tls_*.txtar with commands that start
// in-process TLS servers on loopback ports:
//
//	tlsserver VAR KIND   start a crypto/tls server, set $VAR to its address;
//	                     KIND is renew, notickets, tls13, capped, expired,
//	                     resumebreaks, gcmonly
//	waitfile FILE        wait (up to 10s) until FILE exists and is not empty
//	wininet-fallback ADDRFILE   connect to the address in ADDRFILE as an
//	                     unpatched WinInet client: resume, give up on the
//	                     renewed ticket, come back with TLS 1.0
func TestTLSScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/script/tls_*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no tls scripts: %v", err)
	}
	var mu sync.Mutex
	var closers []func()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range closers {
			c()
		}
	})
	testscript.Run(t, testscript.Params{
		Files:               files,
		RequireExplicitExec: true,
		UpdateScripts:       *updateScripts,
		Setup: func(env *testscript.Env) error {
			env.Setenv("LANG", "")
			env.Setenv("LC_ALL", "")
			env.Setenv("LC_MESSAGES", "")
			bin := filepath.Join(env.WorkDir, ".harness")
			if err := os.MkdirAll(bin, 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(bin, tlsHarnessMarker), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
				return err
			}
			env.Setenv("PATH", bin+string(os.PathListSeparator)+env.Getenv("PATH"))
			env.Setenv("AFFECTED_TLS_HARNESS", tlsHarnessMarker)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"tlsserver": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: tlsserver VAR KIND")
				}
				addr, stop := startTestServer(ts, args[1])
				mu.Lock()
				closers = append(closers, stop)
				mu.Unlock()
				ts.Setenv(args[0], addr)
			},
			"waitfile": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: waitfile FILE")
				}
				deadline := time.Now().Add(10 * time.Second)
				for {
					if b, err := os.ReadFile(ts.MkAbs(args[0])); err == nil && len(b) > 0 {
						return
					}
					if time.Now().After(deadline) {
						ts.Fatalf("%s did not appear", args[0])
					}
					time.Sleep(10 * time.Millisecond)
				}
			},
			"wininet-fallback": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: wininet-fallback ADDRFILE")
				}
				b, err := os.ReadFile(ts.MkAbs(args[0]))
				ts.Check(err)
				ts.Check(wininetFallback(string(bytes.TrimSpace(b))))
			},
		},
	})
}

// startTestServer starts an in-process TLS server of the given kind.
func startTestServer(ts *testscript.TestScript, kind string) (string, func()) {
	cert, err := tlsprobe.SelfSignedCertificate("localhost", "127.0.0.1")
	ts.Check(err)
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	switch kind {
	case "renew": // crypto/tls renews the ticket in every abbreviated handshake
	case "notickets":
		cfg.SessionTicketsDisabled = true
	case "tls13":
		cfg.MinVersion = tls.VersionTLS13
	case "expired": // renews tickets; its certificate expired 35 days ago
		cert, err = expiredCertificate()
		ts.Check(err)
		cfg.Certificates = []tls.Certificate{cert}
	case "resumebreaks": // TLS 1.2 only, ends the handshake when a ticket is offered
		cfg.MaxVersion = tls.VersionTLS12
		cfg.UnwrapSession = func(identity []byte, _ tls.ConnectionState) (*tls.SessionState, error) {
			if len(identity) > 0 {
				return nil, errors.New("breaks on resumption")
			}
			return nil, nil
		}
	case "gcmonly": // TLS 1.0–1.3, but only TLS 1.2 cipher suites: TLS 1.1 and 1.0 end in handshake_failure
		cfg.MinVersion = tls.VersionTLS10
		cfg.CipherSuites = []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}
	case "capped": // lowers its version to the client's: TLS_FALLBACK_SCSV never fires
		cfg.MinVersion = tls.VersionTLS10
		cfg.GetConfigForClient = func(h *tls.ClientHelloInfo) (*tls.Config, error) {
			c := cfg.Clone()
			c.GetConfigForClient = nil
			c.MaxVersion = slices.Max(h.SupportedVersions)
			return c, nil
		}
	default:
		ts.Fatalf("unknown server kind %q", kind)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				tc := tls.Server(c, cfg)
				if tc.Handshake() == nil {
					io.Copy(io.Discard, tc)
				}
			})
		}
	})
	return ln.Addr().String(), func() { ln.Close(); wg.Wait() }
}

// expiredCertificate is a self-signed certificate for 127.0.0.1 that
// expired 35 days ago.
func expiredCertificate() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "expired"},
		NotBefore:    time.Now().Add(-400 * 24 * time.Hour),
		NotAfter:     time.Now().Add(-35 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// abortConn fails right after the server's first flight, as Schannel
// clients without KB3109853 did on a renewed ticket.
type abortConn struct{ net.Conn }

func (c *abortConn) Read(p []byte) (int, error) {
	c.Conn.Read(p) // the server's flight: ServerHello, NewSessionTicket, …
	// Give up, and wait until the server has seen it (it logs the failed
	// handshake before it closes).
	if tc, ok := c.Conn.(*net.TCPConn); ok {
		tc.CloseWrite()
		tc.SetReadDeadline(time.Now().Add(30 * time.Second))
		io.Copy(io.Discard, tc)
	}
	c.Conn.Close()
	return 0, io.ErrUnexpectedEOF
}

func wininetFallback(addr string) error {
	cfg := &tls.Config{InsecureSkipVerify: true, ServerName: "localhost", MaxVersion: tls.VersionTLS12,
		ClientSessionCache: tls.NewLRUClientSessionCache(1)}
	c, err := tls.Dial("tcp", addr, cfg)
	if err != nil {
		return err
	}
	// Wait until the server has logged this handshake: its success clears
	// the address's history, and logged after the failed attempt below (the
	// server's goroutines race on a loaded machine) it would erase it.
	if err := closeAndDrain(c); err != nil {
		return err
	}
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	tls.Client(&abortConn{raw}, cfg).Handshake()
	raw.Close()
	c, err = tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true, ServerName: "localhost",
		MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS10})
	if err != nil {
		return err
	}
	return closeAndDrain(c)
}

// closeAndDrain sends close_notify and reads until the server closes: the
// server logs a connection before it reads from it, so once it has
// answered close_notify, the event is in the log.
func closeAndDrain(c *tls.Conn) error {
	c.SetDeadline(time.Now().Add(30 * time.Second))
	c.CloseWrite()
	io.Copy(io.Discard, c)
	return c.Close()
}

// TestTLSJSON checks the JSON document against the fields the issue
// promises, for an exposed, a clean and an unparsable target.
func TestTLSJSON(t *testing.T) {
	cert, err := tlsprobe.SelfSignedCertificate("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- tlsprobe.Serve(ctx, ln, tlsprobe.ServerOptions{Certificate: &cert}) }()
	defer func() { cancel(); <-done }()

	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"tls", ln.Addr().String(), "bad:target:x", "--format", "json"}, nil, &stdout, &stderr)
	if code != ExitIncomplete {
		t.Errorf("exit %d, want 2 (one target unparsable); stderr %s", code, stderr.String())
	}
	var doc struct {
		SchemaVersion int               `json:"schema_version"`
		Results       []json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, stdout.String())
	}
	if doc.SchemaVersion != 1 || len(doc.Results) != 2 {
		t.Fatalf("schema %d, %d results", doc.SchemaVersion, len(doc.Results))
	}
	var r map[string]any
	json.Unmarshal(doc.Results[0], &r)
	for _, k := range []string{"target", "versions", "session_id_resumption", "ticket", "tls13",
		"version_stable_on_resumption", "fallback_scsv", "advisories", "error"} {
		if _, ok := r[k]; !ok {
			t.Errorf("result lacks %q", k)
		}
	}
	ticket, _ := r["ticket"].(map[string]any)
	for _, k := range []string{"issued", "lifetime_hint_seconds", "resumed", "renewed_in_abbreviated_handshake"} {
		if _, ok := ticket[k]; !ok {
			t.Errorf("ticket lacks %q", k)
		}
	}
	tls13, _ := r["tls13"].(map[string]any)
	for _, k := range []string{"tickets", "resumed"} {
		if _, ok := tls13[k]; !ok {
			t.Errorf("tls13 lacks %q", k)
		}
	}
	if r["error"] != nil || r["fallback_scsv"] != "enforced" || ticket["renewed_in_abbreviated_handshake"] != true {
		t.Errorf("result %v", r)
	}
	if adv, _ := r["advisories"].([]any); len(adv) != 1 || adv[0] != "MSA-3109853" {
		t.Errorf("advisories %v", r["advisories"])
	}
	var bad map[string]any
	json.Unmarshal(doc.Results[1], &bad)
	if bad["target"] != "bad:target:x" || bad["error"] == nil {
		t.Errorf("bad target result %v", bad)
	}
	// Nothing was measured of it: RFC 7507 behaviour is unknown.
	if bad["fallback_scsv"] != "unknown" {
		t.Errorf("bad target: fallback_scsv %q, want unknown", bad["fallback_scsv"])
	}
}

// TestTLSCatalog checks the messages of affected tls (tls.*, tlsprobe.*)
// with the rules of i18ntest.CheckCatalog, whatever the state of the other
// commands' messages.
func TestTLSCatalog(t *testing.T) { i18ntest.CheckCatalog(tlsOnly{t}) }

type tlsOnly struct{ testing.TB }

func (t tlsOnly) Errorf(format string, args ...any) {
	t.TB.Helper()
	if msg := fmt.Sprintf(format, args...); strings.HasPrefix(msg, "message tls.") || strings.HasPrefix(msg, "message tlsprobe.") {
		t.TB.Error(msg)
	}
}

// TestTLSServeEventText: a session-ID resumption attempt is logged, in
// every language.
func TestTLSServeEventText(t *testing.T) {
	ev := tlsprobe.ServerEvent{Time: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), Remote: "192.0.2.1:50000",
		ClientMaxVersion: tls.VersionTLS12, Version: tls.VersionTLS12, SessionIDOffered: true}
	for l, want := range map[i18n.Lang]string{
		i18n.En:   "session ID offered (a resumption attempt by session ID, which this server does not resume)",
		i18n.Ko:   "세션 ID 제시 (세션 ID로 재개 시도, 이 서버는 세션 ID로 재개하지 않음)",
		i18n.ZhTW: "提供工作階段 ID（以工作階段 ID 嘗試恢復，本伺服器不以此恢復）",
	} {
		var b bytes.Buffer
		writeServeEvent(&b, l, ev)
		if !strings.Contains(b.String(), want) {
			t.Errorf("%s: %q lacks %q", l, b.String(), want)
		}
	}
}
