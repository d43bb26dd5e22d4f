package evidence

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net"
	"strings"
	"testing"
	"unicode/utf8"

	"sigap/internal/apperr"
	"sigap/internal/evidence/testphoto"
)

func TestPhotoLosesItsMetadataAndStaysUpright(t *testing.T) {
	in := testphoto.JPEG(40, 20, 6) // taken sideways: rotate 90° clockwise to view
	if jpegOrientation(in) != 6 || !bytes.Contains(in, []byte("Exif")) {
		t.Fatal("the test photo has no EXIF")
	}
	f, err := Clean(Upload{Name: "C:\\Users\\siti\\IMG_2031.JPG", Data: in}, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if f.ContentType != "image/jpeg" || f.Flagged || f.Name != "IMG_2031.jpg" {
		t.Errorf("%s %v %q", f.ContentType, f.Flagged, f.Name)
	}
	if bytes.Contains(f.Data, []byte("Exif")) || bytes.Contains(f.Data, testphoto.GPSMarker) || !bytes.Contains(in, testphoto.GPSMarker) || jpegOrientation(f.Data) != 1 {
		t.Error("EXIF survived")
	}
	img, err := jpeg.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 20 || b.Dy() != 40 {
		t.Fatalf("not rotated: %v", b)
	}
	// Rotated 90° clockwise, the red top-left corner is now top-right.
	if r, _, bl, _ := img.At(18, 1).RGBA(); r < 0xc000 || bl > 0x4000 {
		t.Errorf("top-right pixel is not red: %x %x", r, bl)
	}
}

func TestOrientations(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	src.Set(0, 0, color.RGBA{255, 0, 0, 255})
	// Where the top-left pixel lands for each orientation, in the output.
	want := map[int]image.Point{1: {0, 0}, 2: {2, 0}, 3: {2, 1}, 4: {0, 1}, 5: {0, 0}, 6: {1, 0}, 7: {1, 2}, 8: {0, 2}}
	for o, p := range want {
		out := orient(src, o)
		if r, _, _, _ := out.At(p.X, p.Y).RGBA(); r != 0xffff {
			t.Errorf("orientation %d: red not at %v", o, p)
		}
	}
}

func TestPNGAndPDF(t *testing.T) {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)))
	// A text chunk after the header: "Comment" with a location in it.
	b := buf.Bytes()
	chunk := []byte("tEXtComment\x00Desa Kragilan -6.12,106.30")
	text := binary.BigEndian.AppendUint32(nil, uint32(len(chunk)-4))
	text = binary.BigEndian.AppendUint32(append(text, chunk...), crc32.ChecksumIEEE(chunk))
	withText := append(append(append([]byte{}, b[:33]...), text...), b[33:]...)
	f, err := Clean(Upload{Name: "peta.png", Data: withText}, DefaultLimits)
	if err != nil || f.ContentType != "image/png" || bytes.Contains(f.Data, []byte("Kragilan")) {
		t.Fatalf("png: %v %s", err, f.ContentType)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj << /Author (Siti) >> endobj\n%%EOF\n")
	f, err = Clean(Upload{Name: "surat.pdf", Data: pdf}, DefaultLimits)
	if err != nil || !f.Flagged || !bytes.Equal(f.Data, pdf) {
		t.Fatalf("pdf: %v %+v", err, f.Flagged)
	}
}

func TestRefused(t *testing.T) {
	exe := append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0}, 100)...)
	var bomb bytes.Buffer
	png.Encode(&bomb, image.NewGray(image.Rect(0, 0, 1, 1)))
	big := bomb.Bytes()
	binary.BigEndian.PutUint32(big[16:], 100000) // the header claims 100,000 × 1
	binary.BigEndian.PutUint32(big[20:], 100000)
	binary.BigEndian.PutUint32(big[29:], crc32.ChecksumIEEE(big[12:29])) // the header's checksum, so only the size is wrong
	for _, c := range []struct {
		name string
		data []byte
		key  string
	}{
		{"foto.jpg", exe, "evidence.type"},
		{"catatan.txt", []byte("hanya teks biasa"), "evidence.type"},
		{"kosong.jpg", nil, "evidence.empty"},
		{"rusak.jpg", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{1}, 50)...), "evidence.broken"},
		{"besar.png", big, "evidence.too_many_pixels"},
		{"besar.pdf", append([]byte("%PDF-"), make([]byte, 11<<20)...), "evidence.too_large"},
	} {
		_, err := Clean(Upload{Name: c.name, Data: c.data}, DefaultLimits)
		if e := apperr.As(err); err == nil || e.Key != c.key || e.Field != "files" {
			t.Errorf("%s: %v, want %s", c.name, err, c.key)
		}
	}
	_, err := CleanAll(make([]Upload, 6), DefaultLimits)
	if apperr.As(err).Key != "evidence.too_many" {
		t.Errorf("six files: %v", err)
	}
	// Every bad file is reported, not only the first.
	_, err = CleanAll([]Upload{{"a.txt", []byte("x")}, {"b.exe", exe}}, DefaultLimits)
	if fs := apperr.FieldsOf(err); len(fs) != 2 {
		t.Errorf("two bad files: %v", err)
	}
}

// fakeClamd answers one INSTREAM with the given verdict after reading the
// whole stream, as clamd does.
func fakeClamd(t *testing.T, verdict string) (string, *bytes.Buffer) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	got := &bytes.Buffer{}
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		cmd := make([]byte, len("zINSTREAM\x00"))
		io.ReadFull(c, cmd)
		for {
			var size [4]byte
			if _, err := io.ReadFull(c, size[:]); err != nil {
				return
			}
			n := binary.BigEndian.Uint32(size[:])
			if n == 0 {
				break
			}
			io.CopyN(got, c, int64(n))
		}
		c.Write([]byte("stream: " + verdict + "\x00"))
	}()
	return l.Addr().String(), got
}

func TestClamd(t *testing.T) {
	data := bytes.Repeat([]byte("x"), 200_000) // several chunks
	addr, got := fakeClamd(t, "OK")
	if err := (Clamd{Addr: addr}).Scan(context.Background(), data); err != nil || got.Len() != len(data) {
		t.Fatalf("clean file: %v, clamd read %d bytes", err, got.Len())
	}
	addr, _ = fakeClamd(t, "Eicar-Test-Signature FOUND")
	err := (Clamd{Addr: addr}).Scan(context.Background(), []byte("X5O!P%@AP"))
	if !errors.Is(err, ErrInfected) || apperr.As(err).Key != "evidence.infected" {
		t.Fatalf("infected: %v", err)
	}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := l.Addr().String()
	l.Close()
	if err := (Clamd{Addr: dead}).Scan(context.Background(), data); apperr.CodeOf(err) != apperr.Internal {
		t.Fatalf("clamd down: %v", err)
	}
}

func FuzzClean(f *testing.F) {
	f.Add("a.jpg", testphoto.JPEG(8, 8, 3))
	f.Add("b.pdf", []byte("%PDF-1.7"))
	f.Add("c.png", []byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		file, err := Clean(Upload{Name: name, Data: data}, Limits{MaxFiles: 1, MaxBytes: 1 << 20, MaxPixels: 1 << 20})
		if err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid && e.Code != apperr.Internal {
				t.Fatalf("%v", err)
			}
			return
		}
		if !strings.HasPrefix(file.ContentType, "image/") && file.ContentType != "application/pdf" {
			t.Fatalf("kept a %s", file.ContentType)
		}
		if file.ContentType == "image/jpeg" && bytes.Contains(file.Data, []byte("Exif\x00\x00")) {
			t.Fatal("EXIF kept")
		}
		if strings.ContainsAny(file.Name, "/\\\x00") || !utf8.ValidString(file.Name) || utf8.RuneCountInString(file.Name) > 104 ||
			!strings.HasSuffix(file.Name, extension[file.ContentType]) {
			t.Fatalf("name %q", file.Name)
		}
		// What is kept is what it says it is: an image decodes again, as
		// the same type, within the pixel limit.
		if strings.HasPrefix(file.ContentType, "image/") {
			cfg, format, err := image.DecodeConfig(bytes.NewReader(file.Data))
			if err != nil || "image/"+format != file.ContentType || cfg.Width*cfg.Height > 1<<20 {
				t.Fatalf("kept %s does not decode: %v %s %dx%d", file.ContentType, err, format, cfg.Width, cfg.Height)
			}
		} else if !file.Flagged || !bytes.Equal(file.Data, data) {
			t.Fatal("a PDF was changed or not flagged")
		}
	})
}
