// Package evidence checks the files a reporter sends before anything is
// kept: the type is read from the bytes, never from the name; photos are
// decoded and encoded again, which drops EXIF (the camera's GPS position,
// its serial number, the time) and every other kind of metadata; PDFs are
// kept as they are but flagged, since they can carry both; anything else
// is refused. An optional virus scan through clamd runs on what remains.
package evidence

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"sigap/internal/apperr"
)

// Limits bound what a report may carry.
type Limits struct {
	MaxFiles  int   // per submission or message
	MaxBytes  int64 // per file
	MaxPixels int   // per image, against decompression bombs
}

// DefaultLimits: five files of up to 10 MB, images up to 50 megapixels
// (a phone camera makes 12 to 50).
var DefaultLimits = Limits{MaxFiles: 5, MaxBytes: 10 << 20, MaxPixels: 50_000_000}

// Upload is a file as it arrived.
type Upload struct {
	Name string
	Data []byte
}

// File is a file ready to be kept.
type File struct {
	Name        string // the sender's name for it, cleaned
	ContentType string // image/jpeg, image/png or application/pdf
	Data        []byte
	// Flagged marks a file kept as sent (a PDF): it may hold metadata or
	// active content, and is opened with care.
	Flagged bool
}

// Clean checks one upload and returns what may be kept. Errors name the
// file's field and say what is wrong in the user's words.
func Clean(u Upload, lim Limits) (File, error) {
	f := File{Name: cleanName(u.Name)}
	args := map[string]any{"Name": f.Name, "MaxMB": lim.MaxBytes >> 20}
	switch {
	case len(u.Data) == 0:
		return f, apperr.InvalidField("files", "evidence.empty", args)
	case int64(len(u.Data)) > lim.MaxBytes:
		return f, apperr.InvalidField("files", "evidence.too_large", args)
	}
	switch sniffed := http.DetectContentType(u.Data); sniffed {
	case "image/jpeg", "image/png":
		cfg, _, err := image.DecodeConfig(bytes.NewReader(u.Data))
		if err != nil {
			return f, apperr.InvalidField("files", "evidence.broken", args)
		}
		if cfg.Width*cfg.Height > lim.MaxPixels || cfg.Width <= 0 || cfg.Height <= 0 {
			return f, apperr.InvalidField("files", "evidence.too_many_pixels", args)
		}
		// Decoding takes about four bytes a pixel whatever the file's size
		// (a flat 50-megapixel image compresses to a megabyte): only a few
		// images are decoded at once, so a burst of small files cannot
		// exhaust memory.
		decoding <- struct{}{}
		data, err := reencode(u.Data, sniffed, args)
		<-decoding
		if err != nil {
			return f, err
		}
		f.ContentType, f.Data = sniffed, data
	case "application/pdf":
		f.ContentType, f.Data, f.Flagged = sniffed, u.Data, true
	default:
		return f, apperr.InvalidField("files", "evidence.type", args)
	}
	f.Name = strings.TrimSuffix(f.Name, path.Ext(f.Name)) + extension[f.ContentType]
	return f, nil
}

// decoding bounds the images decoded at once.
var decoding = make(chan struct{}, 2)

// reencode decodes an image and encodes it again, upright, without any of
// the original's metadata.
func reencode(data []byte, contentType string, args map[string]any) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, apperr.InvalidField("files", "evidence.broken", args)
	}
	var out bytes.Buffer
	if contentType == "image/jpeg" {
		img = orient(img, jpegOrientation(data))
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 90})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, img)
	}
	if err != nil {
		return nil, apperr.Wrap(err, "re-encode image")
	}
	return out.Bytes(), nil
}

var extension = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}

// cleanName keeps the base of a file name, readable and short; the name is
// sealed with the file, since it can say as much as the file.
func cleanName(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = s[strings.LastIndexAny(s, `/\`)+1:]
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	for utf8.RuneCountInString(s) > 100 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	if s == "" || s == "." || s == ".." {
		s = "berkas"
	}
	return s
}

// CleanAll checks a submission's uploads together: their number first,
// then each, returning every file's problem at once.
func CleanAll(us []Upload, lim Limits) ([]File, error) {
	if len(us) > lim.MaxFiles {
		return nil, apperr.InvalidField("files", "evidence.too_many", map[string]any{"Max": lim.MaxFiles})
	}
	var out []File
	var errs apperr.Fields
	for _, u := range us {
		f, err := Clean(u, lim)
		if err != nil {
			if fe := apperr.FieldsOf(err); len(fe) > 0 {
				errs = append(errs, fe...)
				continue
			}
			return nil, err
		}
		out = append(out, f)
	}
	return out, errs.Err()
}

// Scanner looks for malware in a file.
type Scanner interface {
	Scan(ctx context.Context, data []byte) error
}
