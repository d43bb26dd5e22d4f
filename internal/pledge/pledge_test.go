package pledge

import (
	"testing"
	"time"

	"sigap/internal/calendar"
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

// A campaign is due soon from days before its due date to the date itself;
// 0 days never.
func TestDueSoon(t *testing.T) {
	due := calendar.NewDate(2026, 3, 20)
	for _, c := range []struct {
		today calendar.Date
		days  int
		want  bool
	}{
		{calendar.NewDate(2026, 3, 12), 7, false},
		{calendar.NewDate(2026, 3, 13), 7, true},
		{calendar.NewDate(2026, 3, 20), 7, true},
		{calendar.NewDate(2026, 3, 21), 7, false},
		{calendar.NewDate(2026, 3, 20), 0, false},
	} {
		if got := DueSoon(c.today, due, c.days); got != c.want {
			t.Errorf("today %s, %d days: %v", c.today, c.days, got)
		}
	}
}

// A signature of 2 March 2026, 08:00 under a 12-month renewal counts until
// 2 March 2027, 08:00 inclusive: on 24 February it lapses within seven
// days, on 23 February not yet (it still counts on the window's last
// moment). Without renewal nothing lapses.
func TestLapseCutoff(t *testing.T) {
	signed := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	if c := LapseCutoff(time.Date(2027, 2, 24, 8, 0, 0, 0, time.UTC), 12, 7); !signed.Before(c) {
		t.Errorf("on 24 February: cutoff %s", c)
	}
	if c := LapseCutoff(time.Date(2027, 2, 23, 8, 0, 0, 0, time.UTC), 12, 7); signed.Before(c) {
		t.Errorf("on 23 February: cutoff %s", c)
	}
	if c := LapseCutoff(time.Date(2027, 2, 23, 8, 0, 0, 0, time.UTC), 0, 7); !c.IsZero() {
		t.Errorf("without renewal: %s", c)
	}
}
