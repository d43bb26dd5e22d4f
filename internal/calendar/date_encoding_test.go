package calendar

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"testing"
	"time"
)

// Compile-time checks that Date plugs into database/sql and encoding.
var (
	_ driver.Valuer = Date{}
	_ sql.Scanner   = (*Date)(nil)
)

func TestValue(t *testing.T) {
	v, err := NewDate(2025, 3, 27).Value()
	if err != nil || v != "2025-03-27" {
		t.Errorf("Value() = %#v, %v; want \"2025-03-27\"", v, err)
	}
	v, err = Date{}.Value()
	if err != nil || v != nil {
		t.Errorf("zero Value() = %#v, %v; want nil (NULL)", v, err)
	}
}

func TestScanRoundTrip(t *testing.T) {
	want := NewDate(2026, 3, 17)
	wib := time.FixedZone("WIB", 7*3600)
	west := time.FixedZone("UTC-5", -5*3600)
	tests := []struct {
		name string
		src  any
		want Date
	}{
		{"Value output", mustValue(t, want), want},
		{"string", "2026-03-17", want},
		{"[]byte", []byte("2026-03-17"), want},
		{"SQLite timestamp T", "2026-03-17T00:00:00Z", want},
		{"SQLite timestamp space", "2026-03-17 00:00:00+00:00", want},
		{"time UTC midnight", time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC), want},
		// Y/M/D are taken as-is, without converting the zone.
		{"time WIB just after midnight", time.Date(2026, 3, 17, 0, 30, 0, 0, wib), want},
		{"time UTC-5 late evening", time.Date(2026, 3, 17, 23, 0, 0, 0, west), want},
		{"nil", nil, Date{}},
		{"empty string", "", Date{}},
		{"zero time", time.Time{}, Date{}},
	}
	for _, tt := range tests {
		d := NewDate(2000, 1, 1) // Scan must overwrite, including with zero
		if err := d.Scan(tt.src); err != nil {
			t.Errorf("%s: Scan(%#v): %v", tt.name, tt.src, err)
			continue
		}
		if d != tt.want {
			t.Errorf("%s: Scan(%#v) = %q, want %q", tt.name, tt.src, d, tt.want)
		}
	}
}

func TestScanRejects(t *testing.T) {
	for _, src := range []any{"2026-3-17", []byte("17/03/2026"), "2026-03-17X", int64(20250101), 3.5, true} {
		var d Date
		if err := d.Scan(src); err == nil {
			t.Errorf("Scan(%#v) = %s, want error", src, d)
		}
	}
}

func mustValue(t *testing.T, d Date) driver.Value {
	t.Helper()
	v, err := d.Value()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestJSON(t *testing.T) {
	type doc struct {
		Due  Date `json:"due"`
		Done Date `json:"done"`
	}
	in := doc{Due: NewDate(2025, 4, 10)}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"due":"2025-04-10","done":""}` {
		t.Errorf("Marshal = %s", b)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("Unmarshal(%s) = %+v, %v; want %+v", b, out, err, in)
	}
	if err := json.Unmarshal([]byte(`{"due":"2025-04-31"}`), &out); err == nil {
		t.Error("Unmarshal of an impossible date should fail")
	}
}
