package tlsprobe

// Reading the server's encrypted TLS 1.3 handshake flight. Everything after
// a TLS 1.3 ServerHello is encrypted with the server handshake traffic
// secret (RFC 8446 §7.1), which crypto/tls hands to Config.KeyLogWriter in
// the NSS key log format. With it the probe decrypts the server's flight up
// to its Finished and sees which messages the server sent: a server that
// answers a full handshake without a Certificate (RFC 8446 §4.4.2 requires
// one whenever no PSK was agreed) is named for that, instead of only
// failing in crypto/tls with an error the probe may not interpret.

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"hash"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/cryptobyte"
)

// Handshake message types only seen encrypted (RFC 8446 §4).
const (
	typeEncryptedExtensions = 8
	typeCertificateVerify   = 15
	typeFinished            = 20
)

// keyLog receives the secrets crypto/tls logs for one connection and
// gives the server handshake traffic secret to the connection's observer.
// crypto/tls writes one line per Write.
type keyLog struct{ obs *observer }

func (k keyLog) Write(line []byte) (int, error) {
	fields := bytes.Fields(line)
	if len(fields) == 3 && string(fields[0]) == "SERVER_HANDSHAKE_TRAFFIC_SECRET" {
		secret := make([]byte, hex.DecodedLen(len(fields[2])))
		if n, err := hex.Decode(secret, fields[2]); err == nil {
			k.obs.handshakeSecret(secret[:n])
		}
	}
	return len(line), nil
}

// recordOpener decrypts TLS 1.3 records protected with one traffic secret.
type recordOpener struct {
	aead cipher.AEAD
	iv   []byte
	seq  uint64
}

// newRecordOpener derives the key and IV of secret for the cipher suite
// (RFC 8446 §7.3); nil when the suite is not one crypto/tls offers.
func newRecordOpener(suite uint16, secret []byte) *recordOpener {
	var h func() hash.Hash
	var keyLen int
	switch suite {
	case 0x1301: // TLS_AES_128_GCM_SHA256
		h, keyLen = sha256.New, 16
	case 0x1302: // TLS_AES_256_GCM_SHA384
		h, keyLen = sha512.New384, 32
	case 0x1303: // TLS_CHACHA20_POLY1305_SHA256
		h, keyLen = sha256.New, chacha20poly1305.KeySize
	default:
		return nil
	}
	key, err1 := expandLabel(h, secret, "key", keyLen)
	iv, err2 := expandLabel(h, secret, "iv", 12)
	if err1 != nil || err2 != nil {
		return nil
	}
	var aead cipher.AEAD
	var err error
	if suite == 0x1303 {
		aead, err = chacha20poly1305.New(key)
	} else {
		var block cipher.Block
		if block, err = aes.NewCipher(key); err == nil {
			aead, err = cipher.NewGCM(block)
		}
	}
	if err != nil {
		return nil
	}
	return &recordOpener{aead: aead, iv: iv}
}

// expandLabel is HKDF-Expand-Label (RFC 8446 §7.1) with an empty context.
func expandLabel(h func() hash.Hash, secret []byte, label string, length int) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddUint16(uint16(length))
	b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes([]byte("tls13 " + label)) })
	b.AddUint8LengthPrefixed(func(*cryptobyte.Builder) {})
	return hkdf.Expand(h, secret, string(b.BytesOrPanic()), length)
}

// open decrypts one record (header and payload) and returns the inner
// content type and content (RFC 8446 §5.2, §5.4).
func (o *recordOpener) open(header, payload []byte) (uint8, []byte, bool) {
	nonce := bytes.Clone(o.iv)
	var seq [8]byte
	binary.BigEndian.PutUint64(seq[:], o.seq)
	for i := range seq {
		nonce[len(nonce)-8+i] ^= seq[i]
	}
	o.seq++
	plain, err := o.aead.Open(nil, nonce, payload, header)
	if err != nil {
		return 0, nil, false
	}
	// TLSInnerPlaintext: content, the real type, zero padding.
	i := len(plain) - 1
	for i >= 0 && plain[i] == 0 {
		i--
	}
	if i < 0 {
		return 0, nil, false
	}
	return plain[i], plain[:i], true
}

// handshakeSecret is called (through keyLog) when crypto/tls has the
// server handshake traffic secret: records kept until now are decrypted.
func (o *observer) handshakeSecret(secret []byte) {
	if o.f.hello == nil || o.opener != nil {
		return
	}
	o.opener = newRecordOpener(o.f.hello.cipherSuite, secret)
	if o.opener == nil {
		o.f.sealed = true
		o.sealed = nil
		return
	}
	pending := o.sealed
	o.sealed = nil
	for len(pending) >= 5 && !o.f.done() {
		n := 5 + int(binary.BigEndian.Uint16(pending[3:5]))
		o.encryptedRecord(pending[:5], pending[5:n])
		pending = pending[n:]
	}
}

// encryptedRecord handles an application_data record after a TLS 1.3
// ServerHello: decrypted when the secret is known, kept (bounded) until
// then.
func (o *observer) encryptedRecord(header, payload []byte) {
	if o.opener == nil {
		if len(o.sealed)+len(header)+len(payload) > maxHandshakeBuffer {
			o.f.sealed = true // too much to keep: the flight stays opaque
			o.sealed = nil
			return
		}
		o.sealed = append(append(o.sealed, header...), payload...)
		return
	}
	typ, content, ok := o.opener.open(header, payload)
	if !ok {
		o.f.sealed = true
		return
	}
	switch typ {
	case recordAlert:
		if len(content) >= 2 {
			o.f.alert = &alertRecord{level: content[0], description: content[1]}
		}
	case recordHandshake:
		if len(o.hs13)+len(content) > maxHandshakeBuffer {
			o.f.err = errHandshakeTooLarge()
			return
		}
		o.hs13 = append(o.hs13, content...)
		for !o.f.finished {
			typ, _, rest, ok, err := splitMessage(o.hs13)
			if err != nil {
				o.f.err = err
				return
			}
			if !ok {
				break
			}
			o.f.encrypted = append(o.f.encrypted, typ)
			o.f.finished = typ == typeFinished
			o.hs13 = rest
		}
		if len(o.hs13) == 0 {
			o.hs13 = nil
		}
	}
}
