package tlsprobe

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"
)

func certificate(t testing.TB) tls.Certificate { return testCertificate(t, ecdsaKey, false) }

// expiredCertificate is the certificate of a server that renews its ticket
// keys but forgot its certificate: it expired 35 days ago.
func expiredCertificate(t testing.TB) tls.Certificate { return testCertificate(t, ecdsaKey, true) }

// rsaCertificate is an RSA certificate, which RSA key exchange
// (TLS_RSA_WITH_*) needs.
func rsaCertificate(t testing.TB) tls.Certificate { return testCertificate(t, rsaKey, false) }

type keyKind int

const (
	ecdsaKey keyKind = iota
	rsaKey
)

var (
	certMu    sync.Mutex
	testCerts = map[[2]int]tls.Certificate{}
)

// testCertificate returns a self-signed certificate for localhost and
// 127.0.0.1, made once per test binary for each kind.
func testCertificate(t testing.TB, kind keyKind, expired bool) tls.Certificate {
	t.Helper()
	certMu.Lock()
	defer certMu.Unlock()
	id := [2]int{int(kind), 0}
	if expired {
		id[1] = 1
	}
	if c, ok := testCerts[id]; ok {
		return c
	}
	var key crypto.Signer
	var err error
	usage := x509.KeyUsageDigitalSignature
	if kind == rsaKey {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
		usage |= x509.KeyUsageKeyEncipherment // RSA key exchange encrypts to the key
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		t.Fatal(err)
	}
	notBefore, notAfter := time.Now().Add(-time.Hour), time.Now().Add(30*24*time.Hour)
	if expired {
		notBefore, notAfter = time.Now().Add(-400*24*time.Hour), time.Now().Add(-35*24*time.Hour)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "localhost"},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              usage,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	c := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
	testCerts[id] = c
	return c
}

// goServer is an in-process crypto/tls server on a loopback port: it
// completes the handshake, reads until the client closes, and closes.
type goServer struct {
	ln     net.Listener
	Config *tls.Config
	wg     sync.WaitGroup
}

func (s *goServer) Addr() string { return s.ln.Addr().String() }

// Target returns the server as a probe target.
func (s *goServer) Target() Target {
	host, port, _ := net.SplitHostPort(s.Addr())
	n, _ := strconv.Atoi(port)
	return Target{Host: host, Port: n}
}

// startGoServer starts a server with cfg (its certificate is filled in).
func startGoServer(t testing.TB, cfg *tls.Config) *goServer {
	t.Helper()
	if cfg == nil {
		cfg = &tls.Config{}
	}
	if len(cfg.Certificates) == 0 && cfg.GetCertificate == nil {
		cfg.Certificates = []tls.Certificate{certificate(t)}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &goServer{ln: ln, Config: cfg}
	s.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Go(func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				tc := tls.Server(c, cfg)
				if tc.HandshakeContext(context.Background()) != nil {
					return
				}
				io.Copy(io.Discard, tc)
			})
		}
	})
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

// startRawServer starts a loopback listener whose connections are handled
// by handle (a hostile server); it returns the target.
func startRawServer(t testing.TB, handle func(net.Conn)) Target {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				stop := make(chan struct{})
				go func() {
					select {
					case <-done:
						c.Close()
					case <-stop:
					}
				}()
				handle(c)
				close(stop)
			})
		}
	})
	t.Cleanup(func() {
		close(done)
		ln.Close()
		wg.Wait()
	})
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	n, _ := strconv.Atoi(port)
	return Target{Host: host, Port: n}
}
