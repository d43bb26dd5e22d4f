package app

import (
	"errors"
	"testing"
	"time"
)

func TestTTLCache(t *testing.T) {
	c := newTTLCache[string, int](time.Minute)
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	loads := 0
	load := func() (int, error) { loads++; return loads, nil }
	for range 3 {
		if v, _ := c.get("kab-serang", now, load); v != 1 {
			t.Fatalf("cached value %d", v)
		}
	}
	if v, _ := c.get("kab-serang", now.Add(61*time.Second), load); v != 2 {
		t.Errorf("after the TTL: %d", v)
	}
	c.drop("kab-serang")
	if v, _ := c.get("kab-serang", now.Add(62*time.Second), load); v != 3 {
		t.Errorf("after drop: %d", v)
	}
	if _, err := c.get("x", now, func() (int, error) { return 0, errors.New("down") }); err == nil {
		t.Error("an error was cached away")
	}
	if v, _ := c.get("x", now, load); v != 4 {
		t.Errorf("a failed load was kept: %d", v)
	}
}
