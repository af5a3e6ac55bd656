package tlsprobe

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// readHello reads the client's first record (bounded), so that a hostile
// server answers after the ClientHello like a real one.
func readHello(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	var hdr [5]byte
	if _, err := io.ReadFull(c, hdr[:]); err != nil {
		return
	}
	n := int(hdr[3])<<8 | int(hdr[4])
	io.CopyN(io.Discard, c, int64(n))
}

// serverHelloRecord is a well-formed TLS 1.2 ServerHello record.
func serverHelloRecord() []byte {
	body := []byte{0x03, 0x03}
	body = append(body, bytes.Repeat([]byte{7}, 32)...) // random
	body = append(body, 0)                              // session_id
	body = append(body, 0xc0, 0x2f, 0)                  // suite, compression
	msg := append([]byte{typeServerHello, 0, 0, byte(len(body))}, body...)
	return append([]byte{recordHandshake, 3, 3, 0, byte(len(msg))}, msg...)
}

// serverHello13Record is a TLS 1.3 ServerHello record (supported_versions
// 0x0304, TLS_AES_128_GCM_SHA256).
func serverHello13Record() []byte {
	body := []byte{0x03, 0x03}
	body = append(body, bytes.Repeat([]byte{9}, 32)...) // random
	body = append(body, 0)                              // session_id
	body = append(body, 0x13, 0x01, 0)                  // suite, compression
	body = append(body, 0, 6, 0, extSupportedVersions, 0, 2, 3, 4)
	msg := append([]byte{typeServerHello, 0, 0, byte(len(body))}, body...)
	return append([]byte{recordHandshake, 3, 3, 0, byte(len(msg))}, msg...)
}

// TestProbeHostileServers checks that every fault ends in a located error
// within the timeout, with bounded reads.
func TestProbeHostileServers(t *testing.T) {
	const timeout = 1500 * time.Millisecond
	tests := []struct {
		name   string
		handle func(net.Conn)
		want   []string // substrings of the error
	}{
		{"silent", func(c net.Conn) {
			readHello(c)
			c.SetReadDeadline(time.Time{})
			io.Copy(io.Discard, c) // until the probe hangs up
		}, []string{"TLS 1.2 full handshake", "no complete answer within", "(0 bytes received)"}},
		{"drip", func(c net.Conn) {
			// A plausible record header, then one byte per 100ms forever:
			// each read succeeds, only the deadline ends it.
			readHello(c)
			rec := append([]byte{recordHandshake, 3, 3, 0x40, 0x00}, bytes.Repeat([]byte{2}, 1<<14)...)
			for _, b := range rec {
				if _, err := c.Write([]byte{b}); err != nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		}, []string{"TLS 1.2 full handshake", "no complete answer within", "bytes received"}},
		{"garbage", func(c net.Conn) {
			readHello(c)
			c.Write([]byte("HTTP/1.1 400 Bad Request\r\n\r\n"))
		}, []string{"handshake offering TLS 1.0–1.3", `not TLS (it starts with "HTTP/1.1 400 Bad`}},
		{"huge-record", func(c net.Conn) {
			readHello(c)
			c.Write([]byte{recordHandshake, 3, 3, 0xff, 0xff})
			c.Write(make([]byte, 1<<16))
		}, []string{"record of 65535 bytes, more than the 18432"}},
		{"huge-handshake-message", func(c net.Conn) {
			// A ServerHello, then a Certificate message that claims 16 MiB
			// and keeps coming in full-size records.
			readHello(c)
			c.Write(serverHelloRecord())
			first := append([]byte{typeCertificate, 0xff, 0xff, 0xff}, make([]byte, 16380)...)
			c.Write(append([]byte{recordHandshake, 3, 3, byte(len(first) >> 8), byte(len(first))}, first...))
			for range 1024 {
				chunk := make([]byte, 16384)
				if _, err := c.Write(append([]byte{recordHandshake, 3, 3, 0x40, 0}, chunk...)); err != nil {
					return
				}
			}
		}, []string{"handshake message larger than 262144 bytes"}},
		{"close-mid-handshake", func(c net.Conn) {
			readHello(c)
			c.Write(serverHelloRecord()[:20])
		}, []string{"handshake offering TLS 1.0–1.3", "the server closed the connection (20 bytes received)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			target := startRawServer(t, tt.handle)
			start := time.Now()
			r, err := Probe(context.Background(), target, Options{Timeout: timeout})
			took := time.Since(start)
			if err == nil {
				t.Fatalf("no error; result %+v", r)
			}
			if took > timeout+2*time.Second { // slack for a loaded machine
				t.Errorf("took %v, timeout %v", took, timeout)
			}
			var se *StepError
			if !errors.As(err, &se) {
				t.Errorf("error %q is not located (no StepError)", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if r.Verdict.Status != StatusUndetermined || r.Verdict.Reason != ReasonProbeFailed {
				t.Errorf("verdict %+v, want undetermined", r.Verdict)
			}
		})
	}
}

// TestProbeUnreachable: nothing listens.
func TestProbeUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	target, _ := ParseTarget(addr)
	r, err := Probe(context.Background(), target, Options{Timeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "connecting to "+addr) {
		t.Fatalf("error %v, want a connection error", err)
	}
	// Nothing was measured: RFC 7507 behaviour is unknown, not "not
	// applicable" (which says the server has no lower version).
	if r.FallbackSCSV != SCSVUnknown {
		t.Errorf("fallback_scsv %q, want %q", r.FallbackSCSV, SCSVUnknown)
	}
}

// TestProbeCancel: cancelling the context ends a probe blocked on a read.
func TestProbeCancel(t *testing.T) {
	target := startRawServer(t, func(c net.Conn) { readHello(c); io.Copy(io.Discard, c) })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := Probe(ctx, target, Options{Timeout: 10 * time.Second})
	if err == nil || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
}

// TestObserverSealedBounded: encrypted TLS 1.3 records whose key never
// comes are kept up to the bound, then the flight is given up as opaque.
func TestObserverSealedBounded(t *testing.T) {
	var o observer
	o.feed(serverHello13Record())
	rec := append([]byte{recordApplicationData, 3, 3, 0x40, 0}, make([]byte, 16384)...)
	for range 100 {
		o.feed(rec)
	}
	if !o.f.sealed || !o.f.done() || len(o.sealed) > maxHandshakeBuffer {
		t.Errorf("sealed %t, done %t, kept %d bytes", o.f.sealed, o.f.done(), len(o.sealed))
	}
	if got, want := o.f.String(), "ServerHello[TLS 1.3] {encrypted}"; got != want {
		t.Errorf("flow %q, want %q", got, want)
	}
}

// TestObserverBounded feeds a long stream of handshake records: the
// observer must stop with an error and keep its buffers bounded.
func TestObserverBounded(t *testing.T) {
	var o observer
	o.feed(serverHelloRecord())
	rec := append([]byte{recordHandshake, 3, 3, 0x40, 0}, make([]byte, 16384)...)
	rec[5] = typeCertificate
	rec[6], rec[7], rec[8] = 0x10, 0, 0 // 1 MiB message
	for range 100 {
		o.feed(rec)
	}
	if o.f.err == nil {
		t.Fatal("no error for a 1 MiB handshake message")
	}
	if len(o.hs) > maxHandshakeBuffer || len(o.rec) > 5+maxRecordPayload {
		t.Errorf("buffers grew: hs %d, rec %d", len(o.hs), len(o.rec))
	}
	if o.f.received != len(serverHelloRecord())+100*len(rec) {
		t.Errorf("received = %d", o.f.received)
	}
}

// TestObserverFlights parses typical server flights, fed one byte at a time.
func TestObserverFlights(t *testing.T) {
	nst := []byte{typeNewSessionTicket, 0, 0, 10, 0, 0, 0x1c, 0x20, 0, 4, 1, 2, 3, 4}
	resumed := append(serverHelloRecord(), append([]byte{recordHandshake, 3, 3, 0, byte(len(nst))}, nst...)...)
	resumed = append(resumed, recordChangeCipherSpec, 3, 3, 0, 1, 1)
	resumed = append(resumed, recordHandshake, 3, 3, 0, 40) // encrypted Finished, not parsed
	var o observer
	for _, b := range resumed {
		o.feed([]byte{b})
	}
	f := &o.f
	if f.err != nil || f.hello == nil || !f.ccs || !f.ticketBeforeCCS() {
		t.Fatalf("flight %+v", f)
	}
	if got, want := f.String(), "ServerHello[TLS 1.2] NewSessionTicket(hint 7200 s, 4 bytes) ChangeCipherSpec"; got != want {
		t.Errorf("flow %q, want %q", got, want)
	}
	// A warning alert (OpenSSL's unrecognized_name for a name it has no
	// certificate for) does not end the flight: the ServerHello follows.
	var w observer
	w.feed(append([]byte{recordAlert, 3, 3, 0, 2, 1, alertUnrecognizedName}, serverHelloRecord()...))
	if w.f.alert != nil || w.f.hello == nil {
		t.Errorf("warning alert ended the flight: %+v", w.f)
	}
	if got, want := w.f.String(), "Alert(warning unrecognized_name) ServerHello[TLS 1.2]"; got != want {
		t.Errorf("flow %q, want %q", got, want)
	}
	var a observer
	a.feed([]byte{recordAlert, 3, 3, 0, 2, 2, alertInappropriateFallback})
	if a.f.alert == nil || a.f.alert.description != alertInappropriateFallback {
		t.Errorf("alert not parsed: %+v", a.f)
	}
}

// FuzzObserver: any byte stream, in any chunking, parses without panic and
// within the buffer bounds.
func FuzzObserver(f *testing.F) {
	f.Add(serverHelloRecord(), uint8(1))
	f.Add([]byte{recordAlert, 3, 3, 0, 2, 2, 86}, uint8(3))
	f.Add([]byte("HTTP/1.1 200 OK\r\n"), uint8(5))
	f.Add(append(serverHelloRecord(), recordChangeCipherSpec, 3, 3, 0, 1, 1), uint8(7))
	f.Add(append(serverHello13Record(), recordApplicationData, 3, 3, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), uint8(9))
	f.Add(append([]byte{recordAlert, 3, 3, 0, 2, 1, alertUnrecognizedName}, serverHelloRecord()...), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		var o observer
		n := int(chunk%64) + 1
		for len(data) > 0 {
			k := min(n, len(data))
			o.feed(data[:k])
			data = data[k:]
		}
		if len(o.hs) > maxHandshakeBuffer || len(o.rec) > 5+maxRecordPayload ||
			len(o.sealed) > maxHandshakeBuffer || len(o.hs13) > maxHandshakeBuffer {
			t.Fatalf("buffers grew: hs %d, rec %d, sealed %d, hs13 %d", len(o.hs), len(o.rec), len(o.sealed), len(o.hs13))
		}
		// The server's secret, as crypto/tls would log it mid-way: what
		// was kept is decrypted (and fails to), without panic.
		o.handshakeSecret(bytes.Repeat([]byte{1}, 32))
		_ = o.f.String()
	})
}

// TestRawHello checks the hand-built ClientHello against crypto/tls's
// server-side view of it.
func TestRawHello(t *testing.T) {
	var got *tls.ClientHelloInfo
	srv := startGoServer(t, &tls.Config{MinVersion: tls.VersionTLS10, GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
		got = h
		return nil, nil
	}})
	p := &prober{t: srv.Target(), opts: &Options{}, res: &Result{}}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	f, err := p.raw(ctx, StepHelloTLS11, rawHello{version: tls.VersionTLS11, fallbackSCSV: true, serverName: "example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if f.alert == nil || f.alert.description != alertInappropriateFallback {
		t.Fatalf("flight %s, want inappropriate_fallback", f)
	}
	if got == nil || got.ServerName != "example.org" || got.CipherSuites[len(got.CipherSuites)-1] != fallbackSCSV {
		t.Fatalf("server saw %+v", got)
	}
	if slices := got.SupportedVersions; len(slices) == 0 || slices[0] != tls.VersionTLS11 {
		t.Errorf("supported versions %v", slices)
	}
}

// TestProbeAlertIsNotRefusal: a server that answers every hello with a
// fatal alert other than protocol_version (a missing certificate for the
// name, no common cipher) has not said that it refuses a version.
func TestProbeAlertIsNotRefusal(t *testing.T) {
	for _, alert := range []uint8{alertHandshakeFailure, alertUnrecognizedName} {
		t.Run(alertName(alert), func(t *testing.T) {
			t.Parallel()
			target := startRawServer(t, func(c net.Conn) {
				readHello(c)
				c.Write([]byte{recordAlert, 3, 3, 0, 2, 2, alert})
			})
			r, err := Probe(context.Background(), target, Options{Timeout: 5 * time.Second})
			if err == nil {
				t.Fatalf("no error; result %+v", r)
			}
			if len(r.Versions.NotSupported) > 0 || len(r.Versions.Supported) > 0 {
				t.Errorf("versions %+v, want none known", r.Versions)
			}
			if r.FallbackSCSV != SCSVUnknown {
				t.Errorf("fallback_scsv %q, want %q", r.FallbackSCSV, SCSVUnknown)
			}
			if r.Verdict.Status != StatusUndetermined {
				t.Errorf("verdict %+v", r.Verdict)
			}
		})
	}
}
