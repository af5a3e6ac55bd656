package tlsprobe

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"slices"
	"sync"
	"time"

	"golang.org/x/crypto/cryptobyte"

	"github.com/affected-dev/affected/internal/i18n"
)

// ServerOptions configure [Serve].
type ServerOptions struct {
	// Certificate is served; nil means a self-signed certificate for
	// localhost, 127.0.0.1 and ::1, generated at start.
	Certificate *tls.Certificate
	// MinVersion is the lowest version accepted; 0 means TLS 1.0, so that
	// a client's fallback is seen rather than refused.
	MinVersion uint16
	// HandshakeTimeout bounds each connection's handshake; 0 means 10s.
	HandshakeTimeout time.Duration
	// Log receives one event per connection, from several goroutines at
	// once; nil discards them.
	Log func(ServerEvent)
}

// ServerEvent describes one connection to the probe server.
type ServerEvent struct {
	Time   time.Time `json:"time"`
	Remote string    `json:"remote"`
	SNI    string    `json:"sni,omitempty"`
	// ClientMaxVersion is the highest version in the client's hello.
	ClientMaxVersion Version `json:"client_max_version"`
	// FallbackSCSV: the hello carried TLS_FALLBACK_SCSV (RFC 7507).
	FallbackSCSV bool `json:"fallback_scsv"`
	// TicketOffered: the client offered a ticket (TLS 1.2 session_ticket
	// extension or a TLS 1.3 PSK identity), i.e. tried to resume.
	TicketOffered bool `json:"ticket_offered"`
	// SessionIDOffered: a hello offering TLS 1.2 at most, without the
	// session_ticket extension, carried a session ID: it tried to resume a
	// session by its ID (RFC 5246 §7.4.1.2), as curl does; this server
	// assigns no IDs, so it never resumes one. (A hello with the ticket
	// extension may carry a random ID, RFC 5077 §3.4, and one that offers
	// TLS 1.3 does, RFC 8446 §4.1.2: neither is counted.)
	SessionIDOffered bool    `json:"session_id_offered"`
	Resumed          bool    `json:"resumed"`
	Version          Version `json:"version,omitempty"`
	// TicketsIssued counts the tickets sent; in a resumed TLS 1.2
	// handshake that is the renewal of advisory 3109853.
	TicketsIssued int `json:"tickets_issued"`
	// Fallback: the client came back with a lower highest version than in
	// an earlier connection in which it tried to resume and gave up (the
	// WinInet fallback of advisory 3109853), with no successful handshake
	// in between. FallbackFrom is that earlier version.
	Fallback     bool    `json:"fallback"`
	FallbackFrom Version `json:"fallback_from,omitempty"`
	Error        string  `json:"error,omitempty"`
}

// Serve accepts TLS connections on ln until ctx is done or ln fails. Its
// server issues session tickets and renews them in every abbreviated
// handshake (crypto/tls servers do so since Go 1.21; RFC 5077 §3.1
// figure 2), the behaviour that broke the clients of advisory 3109853. It
// answers an HTTP request with a plain-text description of the connection
// and closes; other clients are closed after their first read.
//
// Clients are told apart by IP address only: clients behind one address
// share a history, which is kept for the last 4096 addresses. A successful
// handshake clears the history of its address.
func Serve(ctx context.Context, ln net.Listener, opts ServerOptions) error {
	cert := opts.Certificate
	if cert == nil {
		c, err := SelfSignedCertificate("localhost", "127.0.0.1", "::1")
		if err != nil {
			return err
		}
		cert = &c
	}
	minVersion := opts.MinVersion
	if minVersion == 0 {
		minVersion = tls.VersionTLS10
	}
	hsTimeout := opts.HandshakeTimeout
	if hsTimeout <= 0 {
		hsTimeout = 10 * time.Second
	}
	s := &server{
		base: &tls.Config{
			Certificates: []tls.Certificate{*cert},
			MinVersion:   minVersion,
			MaxVersion:   tls.VersionTLS13,
		},
		log:     opts.Log,
		history: map[string]uint16{},
	}
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			return err
		}
		wg.Go(func() {
			s.handle(ctx, conn, hsTimeout)
		})
	}
}

type server struct {
	base    *tls.Config
	log     func(ServerEvent)
	mu      sync.Mutex
	history map[string]uint16 // client IP → highest version offered in a failed resumption attempt
	order   []string          // the addresses of history, oldest first
}

// helloConn keeps the first bytes the client sends: the start of its
// ClientHello, whose session ID crypto/tls does not show.
type helloConn struct {
	net.Conn
	mu   sync.Mutex
	head []byte
}

// helloHead is enough of a ClientHello for its session ID: record header
// (5), handshake header (4), version (2), random (32), session ID (1+32).
const helloHead = 5 + 4 + 2 + 32 + 1 + 32

func (c *helloConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	if room := helloHead - len(c.head); room > 0 {
		c.head = append(c.head, p[:min(n, room)]...)
	}
	c.mu.Unlock()
	return n, err
}

// sessionID returns the session ID of the ClientHello read so far, nil
// when there is none or it cannot be read.
func (c *helloConn) sessionID() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := cryptobyte.String(c.head)
	var typ uint8
	var id cryptobyte.String
	if !s.ReadUint8(&typ) || typ != recordHandshake || !s.Skip(4) || // record header
		!s.ReadUint8(&typ) || typ != typeClientHello || !s.Skip(3+2+32) ||
		!s.ReadUint8LengthPrefixed(&id) {
		return nil
	}
	return id
}

// connState collects one connection's event while crypto/tls runs.
type connState struct {
	mu sync.Mutex
	ev ServerEvent
}

func (s *server) handle(ctx context.Context, conn net.Conn, hsTimeout time.Duration) {
	defer conn.Close()
	cs := &connState{ev: ServerEvent{Time: time.Now(), Remote: conn.RemoteAddr().String()}}
	hc := &helloConn{Conn: conn}
	cfg := s.base.Clone()
	cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		cs.mu.Lock()
		defer cs.mu.Unlock()
		cs.ev.SNI = hello.ServerName
		for _, v := range hello.SupportedVersions {
			if v&0x0f0f != 0x0a0a && Version(v) > cs.ev.ClientMaxVersion { // skip GREASE (RFC 8701)
				cs.ev.ClientMaxVersion = Version(v)
			}
		}
		// A hello with a ticket extension may carry a random session ID
		// (RFC 5077 §3.4; crypto/tls always does): only a hello without
		// one is surely resuming by ID.
		cs.ev.SessionIDOffered = cs.ev.ClientMaxVersion <= tls.VersionTLS12 && len(hc.sessionID()) > 0 &&
			!slices.Contains(hello.Extensions, extSessionTicket)
		cs.ev.FallbackSCSV = slices.Contains(hello.CipherSuites, fallbackSCSV)
		c := s.base.Clone()
		c.UnwrapSession = func(identity []byte, st tls.ConnectionState) (*tls.SessionState, error) {
			if len(identity) > 0 { // crypto/tls asks even when the extension is empty
				cs.mu.Lock()
				cs.ev.TicketOffered = true
				cs.mu.Unlock()
			}
			return s.base.DecryptTicket(identity, st)
		}
		c.WrapSession = func(st tls.ConnectionState, ss *tls.SessionState) ([]byte, error) {
			cs.mu.Lock()
			cs.ev.TicketsIssued++
			cs.mu.Unlock()
			return s.base.EncryptTicket(st, ss)
		}
		return c, nil
	}
	tc := tls.Server(hc, cfg)
	hctx, cancel := context.WithTimeout(ctx, hsTimeout)
	err := tc.HandshakeContext(hctx)
	cancel()
	cs.mu.Lock()
	if err == nil {
		st := tc.ConnectionState()
		cs.ev.Resumed = st.DidResume
		cs.ev.Version = Version(st.Version)
	} else {
		cs.ev.Error = err.Error()
	}
	ev := cs.ev
	cs.mu.Unlock()
	// Log before reading on, so that a client that sees the connection
	// end knows its event was logged.
	s.checkFallback(conn, &ev)
	if s.log != nil {
		s.log(ev)
	}
	if err != nil {
		return
	}
	// TLS 1.3 tickets are written after the handshake, on the first Read
	// or Write; read the client's first bytes.
	tc.SetReadDeadline(time.Now().Add(hsTimeout))
	br := bufio.NewReaderSize(tc, 1024)
	first, _ := br.Peek(4)
	if isHTTP(first) {
		s.answerHTTP(tc, br, ev)
	}
}

// checkFallback compares the client's highest version with the one it
// offered when a resumption attempt of its last failed (the client gave up
// on the abbreviated handshake, as Schannel clients without KB3109853 do
// when the ticket is renewed). A successful handshake ends that story:
// the address's history is cleared.
func (s *server) checkFallback(conn net.Conn, ev *ServerEvent) {
	host, _, err := net.SplitHostPort(conn.RemoteAddr().String())
	if err != nil || ev.ClientMaxVersion == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prev, seen := s.history[host]
	if seen && uint16(ev.ClientMaxVersion) < prev {
		ev.Fallback = true
		ev.FallbackFrom = Version(prev)
	}
	if ev.Error == "" {
		if seen {
			delete(s.history, host)
			s.order = slices.DeleteFunc(s.order, func(h string) bool { return h == host })
		}
		return
	}
	if (ev.TicketOffered || ev.SessionIDOffered) && uint16(ev.ClientMaxVersion) > prev {
		if !seen {
			s.order = append(s.order, host)
			if len(s.order) > 4096 {
				delete(s.history, s.order[0])
				s.order = s.order[1:]
			}
		}
		s.history[host] = uint16(ev.ClientMaxVersion)
	}
}

func isHTTP(b []byte) bool {
	for _, m := range []string{"GET ", "HEAD", "POST", "PUT ", "OPTI"} {
		if bytes.HasPrefix(b, []byte(m)) {
			return true
		}
	}
	return false
}

func (s *server) answerHTTP(tc *tls.Conn, br *bufio.Reader, ev ServerEvent) {
	// Read the request head (bounded), then describe the connection.
	for n := 0; n < 100; n++ {
		line, err := br.ReadSlice('\n')
		if err != nil || len(bytes.TrimSpace(line)) == 0 {
			break
		}
	}
	body := fmt.Sprintf("affected tls serve\nversion: %s\nclient max version: %s\nticket offered: %t\nresumed: %t\ntickets issued: %d\nfallback_scsv: %t\n",
		ev.Version, ev.ClientMaxVersion, ev.TicketOffered, ev.Resumed, ev.TicketsIssued, ev.FallbackSCSV)
	fmt.Fprintf(tc, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body)
}

// SelfSignedCertificate returns an ECDSA P-256 certificate for hosts (names
// or IP addresses), valid from an hour ago for 30 days.
func SelfSignedCertificate(hosts ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "affected tls serve"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(30 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

// LoadCertificate loads a PEM certificate chain and key.
func LoadCertificate(certFile, keyFile string) (tls.Certificate, error) {
	c, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return c, i18n.Errorf(msgCertKey, certFile, keyFile, err)
	}
	return c, nil
}
