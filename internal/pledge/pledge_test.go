package pledge

import (
	"testing"
	"time"
)

func TestHash(t *testing.T) {
	if got := Hash("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Hash(abc) = %s", got)
	}
	if Hash(DefaultText) == Hash(DefaultText+" ") {
		t.Error("a changed text has the same hash")
	}
}

func TestCurrent(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	old := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if !Current(old, now, 0) {
		t.Error("without renewal a signature stays current")
	}
	if Current(old, now, 12) {
		t.Error("a signature older than the period is current")
	}
	if !Current(now.AddDate(0, -11, 0), now, 12) {
		t.Error("a signature within the period is not current")
	}
}
