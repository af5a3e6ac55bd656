package tlsprobe

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// abortingConn gives up after the server's first flight, as a Schannel
// client without KB3109853 does when an abbreviated handshake carries a
// NewSessionTicket.
type abortingConn struct{ net.Conn }

func (c *abortingConn) Read(p []byte) (int, error) {
	c.Conn.Read(p) // the server's flight: ServerHello, NewSessionTicket, …
	// Give up, and wait until the server has seen it (it logs the failed
	// handshake before it closes).
	if tc, ok := c.Conn.(*net.TCPConn); ok {
		tc.CloseWrite()
		tc.SetReadDeadline(time.Now().Add(5 * time.Second))
		io.Copy(io.Discard, tc)
	}
	c.Conn.Close()
	return 0, io.ErrUnexpectedEOF
}

// SimulateWinInetFallback connects to addr as the clients of advisory
// 3109853 did: a TLS 1.2 session with a ticket, a resumption that the
// client abandons on seeing the renewed ticket, then a new connection that
// offers TLS 1.0 at most.
func simulateWinInetFallback(t testing.TB, addr string, l *eventLog) {
	t.Helper()
	abortResumption(t, addr, l)
	connectAt(t, addr, tls.VersionTLS10, l)
}

// abortResumption gets a TLS 1.2 session with a ticket, then abandons its
// resumption on seeing the server's flight.
//
// Like connectAt, it returns once the server has logged its connections:
// the server learns that a client gave up only when it reads on, and a
// next connection made before that would be judged against an older
// history (a flaky test, about 1 run in 75).
func abortResumption(t testing.TB, addr string, l *eventLog) {
	t.Helper()
	n := l.len()
	cache := tls.NewLRUClientSessionCache(1)
	cfg := &tls.Config{InsecureSkipVerify: true, ServerName: "localhost", MaxVersion: tls.VersionTLS12, ClientSessionCache: cache}
	c, err := tls.Dial("tcp", addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	l.wait(n + 1)
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if err := tls.Client(&abortingConn{Conn: raw}, cfg).Handshake(); err == nil {
		t.Fatal("the aborted resumption succeeded")
	}
	raw.Close()
	l.wait(n + 2)
}

// connectAt completes a handshake offering at most version max, and
// returns once the server has logged it.
func connectAt(t testing.TB, addr string, max uint16, l *eventLog) {
	t.Helper()
	n := l.len()
	c, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10, MaxVersion: max})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	l.wait(n + 1)
}

// eventLog collects a probe server's events.
type eventLog struct {
	mu     sync.Mutex
	events []ServerEvent
}

func (l *eventLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.events)
}

func (l *eventLog) log(ev ServerEvent) {
	l.mu.Lock()
	l.events = append(l.events, ev)
	l.mu.Unlock()
}

// wait returns the events once there are n of them (or after 5s).
func (l *eventLog) wait(n int) []ServerEvent {
	deadline := time.Now().Add(5 * time.Second)
	for {
		l.mu.Lock()
		evs := append([]ServerEvent(nil), l.events...)
		l.mu.Unlock()
		if len(evs) >= n || time.Now().After(deadline) {
			return evs
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// startServe runs Serve on a loopback port until the test ends.
func startServe(t testing.TB, opts ServerOptions) (string, *eventLog) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &eventLog{}
	opts.Log = l.log
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- Serve(ctx, ln, opts) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String(), l
}

// TestServeExpiredCertificate: the probe server with an expired
// certificate still renews tickets, and the probe still sees it.
func TestServeExpiredCertificate(t *testing.T) {
	cert := expiredCertificate(t)
	addr, _ := startServe(t, ServerOptions{Certificate: &cert})
	target, _ := ParseTarget(addr)
	r, err := Probe(context.Background(), target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict.Status != StatusExposed || r.TLS13 == nil || !r.TLS13.Resumed {
		t.Errorf("verdict %+v, TLS 1.3 %+v; evidence %+v", r.Verdict, r.TLS13, r.Evidence)
	}
}

// TestServeHistory: a client that gave up on a resumption and then
// completed a handshake at the same version has not fallen back; a later
// connection at a lower version (another program on the same host) is no
// FALLBACK.
func TestServeHistory(t *testing.T) {
	addr, l := startServe(t, ServerOptions{})
	abortResumption(t, addr, l)
	connectAt(t, addr, tls.VersionTLS12, l)
	connectAt(t, addr, tls.VersionTLS10, l)
	evs := l.wait(4)
	if len(evs) != 4 {
		t.Fatalf("events %+v", evs)
	}
	for _, ev := range evs {
		if ev.Fallback {
			t.Errorf("false FALLBACK: %+v", ev)
		}
	}
}

func TestServe(t *testing.T) {
	addr, l := startServe(t, ServerOptions{})
	target, _ := ParseTarget(addr)
	ctx := context.Background()

	// The probe server is what the probe calls exposed, always.
	r, err := Probe(ctx, target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict.Status != StatusExposed || !r.Versions.has(tls.VersionTLS10) {
		t.Errorf("probe of the probe server: %+v, versions %v", r.Verdict, r.Versions.Supported)
	}
	// Only failed resumptions followed by a lower version are fallbacks:
	// the probe's own connections are not.
	evs := l.wait(r.Handshakes)
	var resumed12, scsv int
	for _, ev := range evs {
		if ev.Fallback {
			t.Errorf("probe connection flagged as a fallback: %+v", ev)
		}
		if ev.Resumed && ev.Version == tls.VersionTLS12 && ev.TicketsIssued == 1 {
			resumed12++
		}
		if ev.FallbackSCSV {
			scsv++
		}
	}
	if resumed12 == 0 || scsv == 0 {
		t.Errorf("events lack a renewed TLS 1.2 resumption (%d) or an SCSV hello (%d): %+v", resumed12, scsv, evs)
	}

	n := len(evs)
	simulateWinInetFallback(t, addr, l)
	evs = l.wait(n + 3)[n:]
	if len(evs) != 3 {
		t.Fatalf("events %+v", evs)
	}
	// Events are logged when connections end, which may be out of order.
	var aborted, fallback *ServerEvent
	for i := range evs {
		if evs[i].TicketOffered && evs[i].Error != "" {
			aborted = &evs[i]
		}
		if evs[i].Fallback {
			fallback = &evs[i]
		}
	}
	if aborted == nil || aborted.ClientMaxVersion != tls.VersionTLS12 {
		t.Errorf("no failed resumption attempt logged: %+v", evs)
	}
	if fallback == nil || fallback.FallbackFrom != tls.VersionTLS12 || fallback.ClientMaxVersion != tls.VersionTLS10 {
		t.Errorf("no fallback flagged: %+v", evs)
	}

	// A browser gets a page describing its connection.
	c, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	body, _ := io.ReadAll(c)
	c.Close()
	if !strings.Contains(string(body), "200 OK") || !strings.Contains(string(body), "version: TLS 1.3") {
		t.Errorf("HTTP answer %q", body)
	}
}

// TestServeSessionID: a hello offering at most TLS 1.2 with a session ID is
// a session-ID resumption attempt, logged as such (this server assigns no
// IDs); the random ID of a hello offering TLS 1.3 is not one.
func TestServeSessionID(t *testing.T) {
	addr, l := startServe(t, ServerOptions{})
	target, _ := ParseTarget(addr)
	p := &prober{t: target, opts: &Options{}, res: &Result{}}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	id := bytes.Repeat([]byte{7}, 32)
	if _, err := p.raw(ctx, StepSessionIDResume, rawHello{version: tls.VersionTLS12, sessionID: id}); err != nil {
		t.Fatal(err)
	}
	evs := l.wait(1)
	connectAt(t, addr, tls.VersionTLS13, l)
	evs = l.wait(2)
	if len(evs) != 2 || !evs[0].SessionIDOffered || evs[1].SessionIDOffered {
		t.Errorf("events %+v, want the first only with session_id_offered", evs)
	}
}

// TestServeSessionIDOpenSSL: OpenSSL's client (curl's library) with a
// session from another server offers its ID to the probe server.
func TestServeSessionIDOpenSSL(t *testing.T) {
	s := startOpenSSL(t, false, "-no_ticket")
	sess := filepath.Join(t.TempDir(), "id.sess")
	sClient(t, s.target(), "-tls1_2", "-no_ticket", "-sess_out", sess)
	addr, l := startServe(t, ServerOptions{})
	target, _ := ParseTarget(addr)
	sClient(t, target, "-tls1_2", "-no_ticket", "-sess_in", sess)
	if evs := l.wait(1); len(evs) != 1 || !evs[0].SessionIDOffered || evs[0].TicketOffered {
		t.Errorf("events %+v, want a session-ID resumption attempt", evs)
	}
}
