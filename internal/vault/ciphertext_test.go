package vault

import (
	"bytes"
	"testing"
)

func TestCiphertextValue(t *testing.T) {
	tests := []struct {
		c    Ciphertext
		want any
	}{
		{nil, nil},
		{Ciphertext{}, nil},
		{Ciphertext{1, 2}, []byte{1, 2}},
	}
	for _, tt := range tests {
		v, err := tt.c.Value()
		if err != nil {
			t.Fatal(err)
		}
		if b, ok := v.([]byte); ok != (tt.want != nil) || (ok && !bytes.Equal(b, tt.want.([]byte))) {
			t.Errorf("Value(%v) = %#v, want %#v", tt.c, v, tt.want)
		}
	}
}

func TestCiphertextScan(t *testing.T) {
	src := []byte{1, 2, 3}
	tests := []struct {
		src     any
		want    Ciphertext
		wantErr bool
	}{
		{nil, nil, false},
		{src, Ciphertext{1, 2, 3}, false},
		{[]byte{}, nil, false},
		{"text", nil, true},
		{int64(3), nil, true},
	}
	for _, tt := range tests {
		c := Ciphertext{9}
		err := c.Scan(tt.src)
		if (err != nil) != tt.wantErr {
			t.Errorf("Scan(%#v): err = %v", tt.src, err)
		}
		if !tt.wantErr && !bytes.Equal(c, tt.want) {
			t.Errorf("Scan(%#v) = %v", tt.src, c)
		}
	}
	var c Ciphertext
	c.Scan(src)
	src[0] = 9 // drivers reuse their buffers
	if c[0] != 1 {
		t.Fatal("Scan kept the driver's buffer")
	}
}

func TestKeyVersion(t *testing.T) {
	valid := make(Ciphertext, fieldOverhead)
	valid[0], valid[4] = fieldFormat, 7
	tests := []struct {
		c  Ciphertext
		v  uint32
		ok bool
	}{
		{valid, 7, true},
		{append(Ciphertext{2}, valid[1:]...), 0, false},
		{valid[:fieldOverhead-1], 0, false},
		{nil, 0, false},
	}
	for i, tt := range tests {
		if v, ok := tt.c.KeyVersion(); v != tt.v || ok != tt.ok {
			t.Errorf("%d: KeyVersion = %d, %v", i, v, ok)
		}
	}
}
