package vault

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// encryptFile encrypts plain at place1 or fails the test.
func (e *testEnv) encryptFile(t testing.TB, p Place, plain []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := e.kr.EncryptStream(context.Background(), p, &buf, bytes.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(len(plain)) {
		t.Fatalf("EncryptStream returned %d, want %d", n, len(plain))
	}
	return buf.Bytes()
}

// decryptFile decrypts file at p.
func (e *testEnv) decryptFile(p Place, file []byte) ([]byte, error) {
	var buf bytes.Buffer
	n, err := e.kr.DecryptStream(context.Background(), p, &buf, bytes.NewReader(file))
	if err == nil && n != int64(buf.Len()) {
		return nil, errors.New("DecryptStream miscounted")
	}
	return buf.Bytes(), err
}

// plaintext returns n random bytes.
func plaintext(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestStreamRoundTrip(t *testing.T) {
	e := newEnv(t, 1)
	for _, size := range []int{0, 1, 100, chunkSize - 1, chunkSize, chunkSize + 1, 2 * chunkSize, 3 << 20} {
		plain := plaintext(size)
		file := e.encryptFile(t, place1, plain)
		if int64(len(file)) != EncryptedSize(int64(size)) {
			t.Errorf("size %d: file is %d bytes, EncryptedSize says %d", size, len(file), EncryptedSize(int64(size)))
		}
		if n, ok := PlaintextSize(int64(len(file))); !ok || n != int64(size) {
			t.Errorf("size %d: PlaintextSize = %d, %v", size, n, ok)
		}
		got, err := e.decryptFile(place1, file)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("size %d: %v", size, err)
		}
		// Readers that return little at a time must not change anything.
		var out bytes.Buffer
		if _, err := e.kr.DecryptStream(context.Background(), place1, &out, iotest.OneByteReader(bytes.NewReader(file))); size < 1<<20 && (err != nil || !bytes.Equal(out.Bytes(), plain)) {
			t.Fatalf("size %d, one byte at a time: %v", size, err)
		}
	}
	a, b := e.encryptFile(t, place1, []byte("x")), e.encryptFile(t, place1, []byte("x"))
	if bytes.Equal(a, b) {
		t.Fatal("two encryptions of the same file are equal: the salt is not random")
	}
}

func TestStreamEmptyFile(t *testing.T) {
	e := newEnv(t, 1)
	file := e.encryptFile(t, place1, nil)
	if len(file) != streamHeaderSize+tagSize {
		t.Fatalf("empty file is %d bytes, want header and one empty chunk", len(file))
	}
	if got, err := e.decryptFile(place1, file); err != nil || len(got) != 0 {
		t.Fatalf("%q, %v", got, err)
	}
	for n := range len(file) {
		if _, err := e.decryptFile(place1, file[:n]); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("cut to %d bytes: %v", n, err)
		}
	}
	for i := range file {
		if _, err := e.decryptFile(place1, flip(file, i, 3)); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("byte %d flipped: %v", i, err)
		}
	}
}

// threeChunks is the size of a test file of two full chunks and a short one.
const threeChunks = 2*chunkSize + 1000

// chunkStart returns the offset of sealed chunk i in a file.
func chunkStart(i int) int { return streamHeaderSize + i*sealedChunkSize }

func TestStreamTruncated(t *testing.T) {
	e := newEnv(t, 1)
	file := e.encryptFile(t, place1, plaintext(threeChunks))
	cuts := []int{0, 1, 4, streamHeaderSize - 1}
	for i := range 3 { // every chunk boundary, and around it, and mid-chunk
		b := chunkStart(i)
		cuts = append(cuts, b, b+1, b+tagSize-1, b+tagSize, b+tagSize+1, b+500, b-1)
	}
	cuts = append(cuts, chunkStart(1)+chunkSize/2, len(file)-1, len(file)-tagSize)
	for _, n := range cuts {
		if _, err := e.decryptFile(place1, file[:n]); !errors.Is(err, ErrDecrypt) {
			t.Errorf("cut to %d bytes: err = %v, want ErrDecrypt", n, err)
		}
	}
	// A file exactly one chunk long, cut after a full chunk, looks
	// complete; the last-chunk flag is what catches it.
	two := e.encryptFile(t, place1, plaintext(chunkSize+1))
	if _, err := e.decryptFile(place1, two[:chunkStart(1)]); !errors.Is(err, ErrDecrypt) {
		t.Errorf("dropped last chunk: %v", err)
	}
	for _, extra := range [][]byte{{0}, make([]byte, tagSize), two[chunkStart(1):]} {
		if _, err := e.decryptFile(place1, append(bytes.Clone(file), extra...)); !errors.Is(err, ErrDecrypt) {
			t.Errorf("%d trailing bytes: %v", len(extra), err)
		}
	}
}

func TestStreamReordered(t *testing.T) {
	e := newEnv(t, 1)
	file := e.encryptFile(t, place1, plaintext(3*chunkSize))
	chunk := func(i int) []byte { return file[chunkStart(i):chunkStart(i+1)] }
	hdr := file[:streamHeaderSize]
	join := func(parts ...[]byte) []byte { return bytes.Join(append([][]byte{hdr}, parts...), nil) }
	other := e.encryptFile(t, place1, plaintext(3*chunkSize))
	tests := map[string][]byte{
		"swap 0 and 1":      join(chunk(1), chunk(0), chunk(2)),
		"swap 1 and 2":      join(chunk(0), chunk(2), chunk(1)),
		"repeat 0":          join(chunk(0), chunk(0), chunk(1), chunk(2)),
		"drop 1":            join(chunk(0), chunk(2)),
		"drop last":         join(chunk(0), chunk(1)),
		"other file header": append(bytes.Clone(other[:streamHeaderSize]), file[streamHeaderSize:]...),
		"other file chunk":  join(chunk(0), other[chunkStart(1):chunkStart(2)], chunk(2)),
	}
	for name, f := range tests {
		if _, err := e.decryptFile(place1, f); !errors.Is(err, ErrDecrypt) {
			t.Errorf("%s: err = %v, want ErrDecrypt", name, err)
		}
	}
	if _, err := e.decryptFile(place1, join(chunk(0), chunk(1), chunk(2))); err != nil {
		t.Fatalf("the untouched file: %v", err)
	}
}

func TestStreamBitFlips(t *testing.T) {
	e := newEnv(t, 1)
	small := e.encryptFile(t, place1, plaintext(100))
	for i := range small {
		for bit := range 8 {
			if _, err := e.decryptFile(place1, flip(small, i, bit)); !errors.Is(err, ErrDecrypt) {
				t.Fatalf("small file, byte %d bit %d: %v", i, bit, err)
			}
		}
	}
	file := e.encryptFile(t, place1, plaintext(threeChunks))
	// Every header byte, the edges of each chunk, and a stride through the
	// bodies: every byte of 130 KiB decrypted 130 thousand times is too slow.
	stride := 509
	if testing.Short() {
		stride = 4093
	}
	for i := range file {
		off := (i - streamHeaderSize) % sealedChunkSize
		edge := i < streamHeaderSize || off < 32 || off > sealedChunkSize-32 || i > len(file)-64
		if !edge && i%stride != 0 {
			continue
		}
		if _, err := e.decryptFile(place1, flip(file, i, i%8)); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("byte %d flipped: %v", i, err)
		}
	}
}

func TestStreamElsewhere(t *testing.T) {
	e := newEnv(t, 1, 2)
	file := e.encryptFile(t, place1, []byte(victim))
	at := func(f func(p *Place)) Place { p := place1; f(&p); return p }
	for name, p := range map[string]Place{
		"other row":    at(func(p *Place) { p.RowKey = "r-other" }),
		"other column": at(func(p *Place) { p.Column = "evidence" }),
		"other table":  at(func(p *Place) { p.Table = "attachments" }),
		"other tenant": at(func(p *Place) { p.TenantID = 2 }),
		"no tenant":    at(func(p *Place) { p.TenantID = 9 }),
	} {
		if got, err := e.decryptFile(p, file); !errors.Is(err, ErrDecrypt) || len(got) > 0 {
			t.Errorf("%s: err = %v, %d bytes out", name, err, len(got))
		}
	}
	// A field ciphertext is not a file, nor the other way round.
	c := e.seal(t, place1, victim)
	if _, err := e.decryptFile(place1, c); !errors.Is(err, ErrDecrypt) {
		t.Errorf("field as file: %v", err)
	}
	if _, err := e.kr.Open(context.Background(), place1, file); !errors.Is(err, ErrDecrypt) {
		t.Errorf("file as field: %v", err)
	}
}

// TestStreamNonCanonical: an empty last chunk after full ones, which
// EncryptStream never writes, is refused even though it authenticates.
func TestStreamNonCanonical(t *testing.T) {
	e := newEnv(t, 1)
	tk, err := e.kr.tenant(context.Background(), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	file := e.encryptFile(t, place1, plaintext(chunkSize))
	aead, err := fileAEAD(tk.newestData().key, place1, file[:streamHeaderSize])
	if err != nil {
		t.Fatal(err)
	}
	var nonce [12]byte
	full := aead.Seal(nil, chunkNonce(&nonce, 0, false), plaintext(chunkSize), nil)
	empty := aead.Seal(nil, chunkNonce(&nonce, 1, true), nil, nil)
	forged := bytes.Join([][]byte{file[:streamHeaderSize], full, empty}, nil)
	if _, err := e.decryptFile(place1, forged); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("err = %v, want ErrDecrypt", err)
	}
}

func TestStreamAfterRotation(t *testing.T) {
	e := newEnv(t, 1)
	plain := plaintext(chunkSize + 5)
	old := e.encryptFile(t, place1, plain)
	e.ks.RotateDataKey(e.m, 1)
	e.kr.Forget(1)
	fresh := e.encryptFile(t, place1, plain)
	if fresh[8] != 2 {
		t.Fatalf("new file under data key v%d", fresh[8])
	}
	for _, f := range [][]byte{old, fresh} {
		if got, err := e.decryptFile(place1, f); err != nil || !bytes.Equal(got, plain) {
			t.Fatal(err)
		}
	}
}

// errIO is an I/O failure, which must come back as itself.
var errIO = errors.New("disk on fire")

// failWriter fails after n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errIO
	}
	w.n -= len(p)
	return len(p), nil
}

func TestStreamIOErrors(t *testing.T) {
	e := newEnv(t, 1)
	ctx := context.Background()
	plain := plaintext(threeChunks)
	file := e.encryptFile(t, place1, plain)
	if _, err := e.kr.EncryptStream(ctx, place1, io.Discard, iotest.TimeoutReader(bytes.NewReader(plain))); !errors.Is(err, iotest.ErrTimeout) {
		t.Errorf("encrypt, reader fails: %v", err)
	}
	if _, err := e.kr.EncryptStream(ctx, place1, &failWriter{chunkSize}, bytes.NewReader(plain)); !errors.Is(err, errIO) {
		t.Errorf("encrypt, writer fails: %v", err)
	}
	src := io.MultiReader(bytes.NewReader(file[:chunkStart(1)+10]), iotest.ErrReader(errIO))
	if _, err := e.kr.DecryptStream(ctx, place1, io.Discard, src); !errors.Is(err, errIO) || errors.Is(err, ErrDecrypt) {
		t.Errorf("decrypt, reader fails: %v", err)
	}
	if _, err := e.kr.DecryptStream(ctx, place1, io.Discard, iotest.ErrReader(errIO)); !errors.Is(err, errIO) {
		t.Errorf("decrypt, reader fails in the header: %v", err)
	}
	if _, err := e.kr.DecryptStream(ctx, place1, &failWriter{10}, bytes.NewReader(file)); !errors.Is(err, errIO) {
		t.Errorf("decrypt, writer fails: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := e.kr.DecryptStream(cancelled, place1, io.Discard, bytes.NewReader(file)); !errors.Is(err, context.Canceled) {
		t.Errorf("decrypt, cancelled: %v", err)
	}
}

func TestPlaintextSize(t *testing.T) {
	tests := []struct {
		enc  int64
		want int64
		ok   bool
	}{
		{0, 0, false},
		{int64(streamHeaderSize), 0, false},
		{int64(streamHeaderSize + tagSize - 1), 0, false},
		{int64(streamHeaderSize + tagSize), 0, true},
		{int64(streamHeaderSize + sealedChunkSize), chunkSize, true},
		{int64(streamHeaderSize + sealedChunkSize + 1), 0, false},
		{int64(streamHeaderSize + sealedChunkSize + tagSize), 0, false}, // empty chunk after a full one
		{int64(streamHeaderSize + sealedChunkSize + tagSize + 1), chunkSize + 1, true},
	}
	for _, tt := range tests {
		if got, ok := PlaintextSize(tt.enc); got != tt.want || ok != tt.ok {
			t.Errorf("PlaintextSize(%d) = %d, %v; want %d, %v", tt.enc, got, ok, tt.want, tt.ok)
		}
	}
	for n := int64(0); n < 3*chunkSize; n += 4099 {
		if got, ok := PlaintextSize(EncryptedSize(n)); !ok || got != n {
			t.Fatalf("PlaintextSize(EncryptedSize(%d)) = %d, %v", n, got, ok)
		}
	}
}
