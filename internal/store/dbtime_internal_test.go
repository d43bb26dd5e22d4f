package store

import (
	"testing"
	"time"
)

func TestParseDBTime(t *testing.T) {
	want := time.Date(2026, 12, 4, 15, 52, 23, 982115000, time.UTC)
	for _, s := range []string{"2026-12-04 15:52:23.982115+00:00", "2026-12-04 15:52:23.982115+00", "2026-12-04T22:52:23.982115+07:00",
		"2026-12-04 22:52:23.982115+07", "2026-12-04 15:52:23.982115Z", "2026-12-04 15:52:23.982115", "2026-12-04 10:52:23.982115-05"} {
		got, err := parseDBTime(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("%q: %v %v", s, got, err)
		}
	}
	if got, err := parseDBTime("2026-01-02 03:04:05+00"); err != nil || !got.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("no fraction: %v %v", got, err)
	}
	for _, bad := range []string{"", "2026-12-04", "2026-12-04 15:52", "2026-12-04 15:52:2x", "2026-12-04 15:52:23+7", "2026/12/04 15:52:23", "2026-12-04 15:52:23 UTC"} {
		if _, err := parseDBTime(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
