// Package testphoto makes photos as phones write them, with EXIF holding
// an orientation and a GPS position, for tests that check they are gone.
package testphoto

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
)

// GPSMarker is a byte string found in the EXIF of every photo JPEG makes:
// the GPS latitude reference "S" with its tag. It must not survive.
var GPSMarker = []byte{0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 'S'}

// JPEG returns a w×h JPEG, blue with a red 4×4 top-left corner, whose
// EXIF holds orientation o and the latitude 6° 7' 12" S (Serang).
func JPEG(w, h, o int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{0, 0, 255, 255}
			if x < 4 && y < 4 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		panic(err)
	}
	return insertExif(buf.Bytes(), exif(o))
}

// exif builds a little-endian TIFF block: IFD0 with the orientation and a
// pointer to a GPS IFD holding the latitude as three rationals.
func exif(o int) []byte {
	le := binary.LittleEndian
	t := []byte("II*\x00\x08\x00\x00\x00")
	entry := func(b []byte, tag, typ uint16, count, value uint32) []byte {
		e := make([]byte, 12)
		le.PutUint16(e, tag)
		le.PutUint16(e[2:], typ)
		le.PutUint32(e[4:], count)
		le.PutUint32(e[8:], value)
		return append(b, e...)
	}
	t = append(t, 2, 0)
	t = entry(t, 0x0112, 3, 1, uint32(o))
	gpsAt := uint32(8 + 2 + 2*12 + 4)
	t = entry(t, 0x8825, 4, 1, gpsAt)
	t = append(t, 0, 0, 0, 0)
	t = append(t, 2, 0)
	t = entry(t, 0x0001, 2, 2, uint32('S'))
	latAt := gpsAt + 2 + 2*12 + 4
	t = entry(t, 0x0002, 5, 3, latAt)
	t = append(t, 0, 0, 0, 0)
	for _, v := range []uint32{6, 1, 7, 1, 1200, 100} {
		t = le.AppendUint32(t, v)
	}
	return append([]byte("Exif\x00\x00"), t...)
}

func insertExif(j, seg []byte) []byte {
	app1 := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(len(seg)+2))
	out := append([]byte{}, j[:2]...)
	out = append(out, app1...)
	out = append(out, seg...)
	return append(out, j[2:]...)
}
