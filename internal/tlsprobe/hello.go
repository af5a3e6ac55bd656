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

// helloCipherSuites are the TLS 1.0–1.2 suites of every hello of the
// probe, in this order in the raw hellos (crypto/tls uses its own order):
// all the suites crypto/tls implements, so that a session made by a
// crypto/tls handshake can be resumed by a raw hello, and so that servers
// of every age answer. Go 1.22 and later leave RSA key exchange (and 1.23
// 3DES) out of their default hello; the servers of advisory 3109853 are
// old ones, some with nothing else.
var helloCipherSuites = []uint16{
	0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, // ECDHE AEAD
	0xc009, 0xc013, 0xc00a, 0xc014, // ECDHE CBC SHA
	0x009c, 0x009d, 0x002f, 0x0035, // RSA key exchange
	0xc023, 0xc027, 0x003c, // SHA-256 CBC
	0xc012, 0x000a, // 3DES
	0xc007, 0xc011, 0x0005, // RC4
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
