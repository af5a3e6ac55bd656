package tlsprobe

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"
)

var (
	certOnce sync.Once
	testCert tls.Certificate
)

func certificate(t testing.TB) tls.Certificate {
	certOnce.Do(func() {
		c, err := SelfSignedCertificate("localhost", "127.0.0.1")
		if err != nil {
			panic(err)
		}
		testCert = c
	})
	return testCert
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
	if len(cfg.Certificates) == 0 {
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
