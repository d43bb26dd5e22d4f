package report

import (
	"fmt"
	"strings"
	"testing"

	"sigap/internal/apperr"
)

func TestNewReceipt(t *testing.T) {
	seen := map[Receipt]bool{}
	digits := [10]int{}
	for range 2000 {
		r := NewReceipt()
		if len(r.Digits()) != ReceiptDigits {
			t.Fatalf("length %d", len(r.Digits()))
		}
		if seen[r] {
			t.Fatal("the same receipt twice")
		}
		seen[r] = true
		for _, c := range r.Digits() {
			digits[c-'0']++
		}
	}
	// 32,000 digits: each of the ten should come about 3,200 times.
	for d, n := range digits {
		if n < 2800 || n > 3600 {
			t.Errorf("digit %d came %d times in 32,000", d, n)
		}
	}
}

func TestParseReceipt(t *testing.T) {
	for _, c := range []struct {
		in, want, key string
	}{
		{"1234567890123456", "1234567890123456", ""},
		{"1234 5678 9012 3456", "1234567890123456", ""},
		{" 1234-5678-9012-3456 ", "1234567890123456", ""},
		{"1234.5678.9012.3456", "1234567890123456", ""},
		{"1234\u00a05678 9012 3456", "1234567890123456", ""},
		{"", "", "receipt.empty"},
		{" - ", "", "receipt.empty"},
		{"1234 5678 9012 345", "", "receipt.length"},
		{"1234 5678 9012 34567", "", "receipt.length"},
		{"1234 5678 9O12 3456", "", "receipt.not_digits"},
		{"١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦", "", "receipt.not_digits"},
		{strings.Repeat("1", 10000), "", "receipt.length"},
	} {
		r, err := ParseReceipt(c.in)
		if c.key == "" {
			if err != nil || r.Digits() != c.want {
				t.Errorf("%q: %q %v", c.in, r.Digits(), err)
			}
			continue
		}
		if e := apperr.As(err); err == nil || e.Key != c.key || e.Code != apperr.Invalid {
			t.Errorf("%q: error %v, want %s", c.in, err, c.key)
		}
	}
	_, err := ParseReceipt("123")
	if e := apperr.As(err); e.Args["Got"] != 3 || e.Args["Want"] != ReceiptDigits {
		t.Errorf("length args %v", e.Args)
	}
}

func TestReceiptGroupedAndHidden(t *testing.T) {
	r := Receipt("1234567890123456")
	if g := r.Grouped(); g != "1234 5678 9012 3456" {
		t.Errorf("grouped %q", g)
	}
	if back, err := ParseReceipt(r.Grouped()); err != nil || back != r {
		t.Errorf("round trip %v", err)
	}
	if s := fmt.Sprint(r) + fmt.Sprintf("%v %s", r, r); strings.Contains(s, "1234") {
		t.Errorf("printed: %s", s)
	}
}

func FuzzParseReceipt(f *testing.F) {
	for _, s := range []string{"1234 5678 9012 3456", "", "12-34", "x", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReceipt(s)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if len(r.Digits()) != ReceiptDigits || strings.Trim(r.Digits(), "0123456789") != "" {
			t.Fatalf("%q gave %q", s, r.Digits())
		}
		if back, err := ParseReceipt(r.Grouped()); err != nil || back != r {
			t.Fatalf("%q: grouped does not parse back", s)
		}
	})
}
