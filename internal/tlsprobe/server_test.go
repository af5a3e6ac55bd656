package tlsprobe

import (
	"context"
	"crypto/tls"
	"io"
	"net"
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
func simulateWinInetFallback(t testing.TB, addr string) {
	t.Helper()
	cache := tls.NewLRUClientSessionCache(1)
	cfg := &tls.Config{InsecureSkipVerify: true, ServerName: "localhost", MaxVersion: tls.VersionTLS12, ClientSessionCache: cache}
	c, err := tls.Dial("tcp", addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if err := tls.Client(&abortingConn{Conn: raw}, cfg).Handshake(); err == nil {
		t.Fatal("the aborted resumption succeeded")
	}
	raw.Close()
	c, err = tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS10})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var events []ServerEvent
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- Serve(ctx, ln, ServerOptions{Log: func(ev ServerEvent) {
			mu.Lock()
			events = append(events, ev)
			mu.Unlock()
		}})
	}()
	addr := ln.Addr().String()
	target, _ := ParseTarget(addr)

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
	waitEvents := func(n int) []ServerEvent {
		deadline := time.Now().Add(5 * time.Second)
		for {
			mu.Lock()
			evs := append([]ServerEvent(nil), events...)
			mu.Unlock()
			if len(evs) >= n || time.Now().After(deadline) {
				return evs
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	evs := waitEvents(r.Handshakes)
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
	simulateWinInetFallback(t, addr)
	evs = waitEvents(n + 3)[n:]
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

	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
