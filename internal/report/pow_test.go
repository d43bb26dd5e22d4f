package report

import (
	"strconv"
	"testing"
	"time"

	"sigap/internal/apperr"
)

func solve(challenge string, bits int) string {
	for n := 0; ; n++ {
		if LeadingZeroBits(challenge+":"+strconv.Itoa(n)) >= bits {
			return strconv.Itoa(n)
		}
	}
}

func TestWork(t *testing.T) {
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	w := NewWork(12, []byte("kunci-uji"))
	c := w.Challenge(now)
	n := solve(c, 12)
	key := func(err error) string { return apperr.As(err).Key }
	if err := w.Check(c, "0x", now); key(err) != "report.pow.invalid" && LeadingZeroBits(c+":0x") < 12 {
		t.Errorf("unsolved: %v", err)
	}
	if err := w.Check(c, n, now.Add(time.Minute)); err != nil {
		t.Fatalf("solved: %v", err)
	}
	if err := w.Check(c, n, now.Add(2*time.Minute)); key(err) != "report.pow.expired" {
		t.Errorf("used twice: %v", err)
	}
	old := w.Challenge(now)
	if err := w.Check(old, solve(old, 12), now.Add(2*time.Hour)); key(err) != "report.pow.expired" {
		t.Errorf("expired: %v", err)
	}
	other := NewWork(12, []byte("kunci-lain"))
	forged := other.Challenge(now)
	if err := w.Check(forged, solve(forged, 12), now); key(err) != "report.pow.invalid" {
		t.Errorf("another key's challenge: %v", err)
	}
	if err := (*Work)(nil).Check("", "", now); err != nil {
		t.Errorf("off: %v", err)
	}
	if LeadingZeroBits("abc") != 0 { // sha256("abc") starts with 0xba
		t.Error("leading zero bits of abc")
	}
}
