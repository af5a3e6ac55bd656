package tlsprobe

import (
	"crypto/rand"
	"crypto/tls"
	"net"

	"golang.org/x/crypto/cryptobyte"
)

// rawHello describes a ClientHello that crypto/tls cannot send: one that
// carries TLS_FALLBACK_SCSV (RFC 7507 §4), or that offers a session ID for
// stateful resumption (RFC 5246 §7.4.1.2). It never offers TLS 1.3
// (no supported_versions extension), so client_version is the highest
// version the hello asks for.
type rawHello struct {
	version      uint16 // client_version
	sessionID    []byte
	fallbackSCSV bool
	serverName   string
	// extMasterSecret offers RFC 7627; a session made with it can only be
	// resumed by a hello that offers it again, and one made without it
	// only by a hello without it (RFC 7627 §5.3).
	extMasterSecret bool
}

// helloCipherSuites are offered by every raw hello: the suites crypto/tls
// clients offer for TLS 1.2 (so that a session made by the probe's
// crypto/tls handshake can be resumed), then CBC suites that TLS 1.0 and
// 1.1 servers accept.
var helloCipherSuites = []uint16{
	0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, // ECDHE AEAD
	0xc009, 0xc013, 0xc00a, 0xc014, // ECDHE CBC SHA
	0x009c, 0x009d, 0x002f, 0x0035, 0x000a, // RSA key exchange
	0xc023, 0xc027, 0x003c, // SHA-256 CBC
}

// signatureSchemes for the signature_algorithms extension (TLS 1.2 only).
var signatureSchemes = []uint16{
	0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0203, 0x0201,
}

// marshal returns the hello as one handshake record.
func (h rawHello) marshal() []byte {
	random := make([]byte, 32)
	rand.Read(random)
	var body cryptobyte.Builder
	body.AddUint16(h.version)
	body.AddBytes(random)
	body.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(h.sessionID) })
	body.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		for _, s := range helloCipherSuites {
			b.AddUint16(s)
		}
		if h.fallbackSCSV {
			b.AddUint16(fallbackSCSV) // last, as RFC 7507 §4 recommends
		}
	})
	body.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddUint8(0) }) // null compression
	body.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		if h.serverName != "" && net.ParseIP(h.serverName) == nil {
			b.AddUint16(extServerName) // RFC 6066 §3
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					b.AddUint8(0) // host_name
					b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes([]byte(h.serverName)) })
				})
			})
		}
		b.AddUint16(extSupportedGroups) // RFC 8422 §5.1.1: x25519, secp256r1, secp384r1
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint16(29)
				b.AddUint16(23)
				b.AddUint16(24)
			})
		})
		b.AddUint16(extECPointFormats) // uncompressed
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddUint8(0) })
		})
		if h.version >= tls.VersionTLS12 {
			b.AddUint16(extSignatureAlgorithms)
			b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
				b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
					for _, s := range signatureSchemes {
						b.AddUint16(s)
					}
				})
			})
		}
		if h.extMasterSecret {
			b.AddUint16(extExtendedMasterSecret)
			b.AddUint16(0)
		}
		b.AddUint16(extRenegotiationInfo) // RFC 5746 §3.4: empty renegotiated_connection
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddUint8(0) })
	})

	var rec cryptobyte.Builder
	rec.AddUint8(recordHandshake)
	rec.AddUint16(tls.VersionTLS10) // record version of a first ClientHello, as browsers send it
	rec.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint8(typeClientHello)
		b.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(body.BytesOrPanic()) })
	})
	return rec.BytesOrPanic()
}
