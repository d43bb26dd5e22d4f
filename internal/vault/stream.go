package vault

import (
	"context"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
)

// The file format, after age and the STREAM construction: a header, then
// chunks of 64 KiB of plaintext, each sealed with AES-256-GCM under a key
// made for this file alone. A chunk's nonce is its number and whether it is
// the last, so chunks cannot be reordered, dropped or cut off at the end
// without the last good chunk failing to open.
const (
	streamMagic      = "SGPF"
	streamFormat     = 1
	streamSaltSize   = 16
	streamHeaderSize = len(streamMagic) + 1 + 4 + streamSaltSize // magic, format, data key version, salt
	// Format 2 is a file of a record: the record key ID (8 bytes) comes
	// after the data key version, and the file key is derived from the key
	// mixed from the data key and the record's secret.
	recordStreamFormat     = 2
	recordStreamHeaderSize = streamHeaderSize + 8
	chunkSize              = 64 << 10
	sealedChunkSize        = chunkSize + tagSize
)

// EncryptStream encrypts src for place p under the tenant's newest data key
// and writes the result to dst: the header (magic "SGPF", format 1, data key
// version, 16-byte random salt) then the sealed chunks. Attachments go
// through it before they touch disk. It returns the plaintext bytes read.
// With p.Record set the file is format 2 (magic, 2, data key version,
// record key ID, salt): its key is derived from the data key mixed with the
// record's secret, so destroying that secret destroys every copy of the file.
func (k *Keyring) EncryptStream(ctx context.Context, p Place, dst io.Writer, src io.Reader) (n int64, err error) {
	if err := p.check(); err != nil {
		return 0, err
	}
	tk, err := k.tenant(ctx, p.TenantID, 0)
	if err != nil {
		return 0, err
	}
	dk := tk.newestData()
	if dk == nil {
		return 0, ErrNoKey
	}
	base, hdr := dk, make([]byte, streamHeaderSize, recordStreamHeaderSize)
	copy(hdr, streamMagic)
	hdr[4] = streamFormat
	binary.BigEndian.PutUint32(hdr[5:], dk.version)
	if p.Record != 0 {
		if base, err = k.recordKey(ctx, p.TenantID, dk, p.Record); err != nil {
			return 0, err
		}
		hdr[4] = recordStreamFormat
		hdr = binary.BigEndian.AppendUint64(hdr[:9], p.Record)
		hdr = hdr[:recordStreamHeaderSize]
	}
	copy(hdr[len(hdr)-streamSaltSize:], randomBytes(streamSaltSize))
	aead, err := fileAEAD(base.key, p, hdr)
	if err != nil {
		return 0, err
	}
	if _, err := dst.Write(hdr); err != nil {
		return 0, err
	}
	r := newChunkReader(src, chunkSize)
	out := make([]byte, 0, sealedChunkSize)
	var nonce [12]byte
	for i := uint64(0); ; i++ {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		chunk, last, err := r.next()
		if err != nil {
			return n, err
		}
		out = aead.Seal(out[:0], chunkNonce(&nonce, i, last), chunk, nil)
		if _, err := dst.Write(out); err != nil {
			return n, err
		}
		n += int64(len(chunk))
		if last {
			return n, nil
		}
	}
}

// DecryptStream decrypts what EncryptStream wrote for place p, writing the
// plaintext to dst and returning its length. Any sign of tampering,
// truncation, reordering, trailing bytes or another place is ErrDecrypt;
// errors reading src or writing dst are returned as they are.
//
// Chunks are checked one at a time, so on error dst may already hold the
// plaintext of the chunks before the bad one: each is genuine, but the file
// is not whole. The caller must then discard what it wrote (delete the
// temporary file, abort the HTTP response rather than end it cleanly).
func (k *Keyring) DecryptStream(ctx context.Context, p Place, dst io.Writer, src io.Reader) (int64, error) {
	if err := p.check(); err != nil {
		return 0, err
	}
	hdr := make([]byte, streamHeaderSize, recordStreamHeaderSize)
	if _, err := io.ReadFull(src, hdr); err != nil {
		return 0, eofAsDecrypt(err)
	}
	if string(hdr[:4]) != streamMagic || (hdr[4] != streamFormat && hdr[4] != recordStreamFormat) {
		return 0, ErrDecrypt
	}
	if hdr[4] == recordStreamFormat {
		hdr = hdr[:recordStreamHeaderSize]
		if _, err := io.ReadFull(src, hdr[streamHeaderSize:]); err != nil {
			return 0, eofAsDecrypt(err)
		}
	}
	v := binary.BigEndian.Uint32(hdr[5:])
	tk, err := k.tenant(ctx, p.TenantID, v)
	if err != nil {
		return 0, err
	}
	dk := tk.data[v]
	if dk == nil {
		return 0, ErrDecrypt
	}
	if hdr[4] == recordStreamFormat {
		if dk, err = k.recordKey(ctx, p.TenantID, dk, binary.BigEndian.Uint64(hdr[9:])); err != nil {
			return 0, err
		}
	}
	aead, err := fileAEAD(dk.key, p, hdr)
	if err != nil {
		return 0, err
	}
	r := newChunkReader(src, sealedChunkSize)
	out := make([]byte, 0, chunkSize)
	var nonce [12]byte
	var n int64
	for i := uint64(0); ; i++ {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		chunk, last, err := r.next()
		if err != nil {
			return n, err
		}
		// Only an empty file ends with an empty chunk; refusing one
		// elsewhere keeps exactly one encoding per file.
		if len(chunk) < tagSize || (last && len(chunk) == tagSize && i > 0) {
			return n, ErrDecrypt
		}
		out, err = aead.Open(out[:0], chunkNonce(&nonce, i, last), chunk, nil)
		if err != nil {
			return n, ErrDecrypt
		}
		if _, err := dst.Write(out); err != nil {
			return n, err
		}
		n += int64(len(out))
		if last {
			return n, nil
		}
	}
}

// fileAEAD derives the file's own key from the data key (for format 2 the
// key mixed from it and the record's secret), the header's salt,
// the place and the whole header, so a file moved to another place or given
// another header opens nothing, and no two files share a key (which is what
// makes counter nonces safe).
func fileAEAD(dataKey hidden, p Place, hdr []byte) (cipher.AEAD, error) {
	info := p.appendAAD(nil, fileLabel, hdr)
	key, err := hkdf.Key(sha256.New, dataKey.view(), hdr[len(hdr)-streamSaltSize:], string(info), keySize)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	return newGCM(key)
}

// chunkNonce writes the nonce of chunk i into n: an 11-byte big-endian
// counter, then 1 if the chunk is the last, else 0.
func chunkNonce(n *[12]byte, i uint64, last bool) []byte {
	clear(n[:3])
	binary.BigEndian.PutUint64(n[3:11], i)
	n[11] = 0
	if last {
		n[11] = 1
	}
	return n[:]
}

// eofAsDecrypt turns a short read into ErrDecrypt: the input was cut off.
func eofAsDecrypt(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return ErrDecrypt
	}
	return err
}

// chunkReader cuts a reader into pieces of size bytes and says which piece
// is the last. It reads one byte past each piece to know, so a stream whose
// length is a multiple of size needs no empty piece at the end.
type chunkReader struct {
	r     io.Reader
	buf   []byte // size+1 bytes: a piece and the byte after it
	size  int
	carry bool // buf[size] holds the first byte of the next piece
}

// newChunkReader returns a chunkReader over r.
func newChunkReader(r io.Reader, size int) *chunkReader {
	return &chunkReader{r: r, buf: make([]byte, size+1), size: size}
}

// next returns the next piece, valid until the following call, and whether
// it is the last (possibly empty) one.
func (c *chunkReader) next() ([]byte, bool, error) {
	start := 0
	if c.carry {
		c.buf[0] = c.buf[c.size]
		start = 1
	}
	m, err := io.ReadFull(c.r, c.buf[start:])
	switch {
	case err == nil:
		c.carry = true
		return c.buf[:c.size], false, nil
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		c.carry = false
		return c.buf[:start+m], true, nil
	default:
		return nil, false, err
	}
}
