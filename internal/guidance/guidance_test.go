package guidance

import (
	"testing"

	"sigap/internal/calendar"
)

func TestPeriods(t *testing.T) {
	d, _ := calendar.ParseDate("2026-12-03")
	for _, c := range []struct {
		c          Cadence
		key, start string
		end        string
		prev       string
	}{
		{Quarterly, "2026-Q4", "2026-10-01", "2026-12-31", "2026-Q3"},
		{Monthly, "2026-12", "2026-12-01", "2026-12-31", "2026-11"},
		{HalfYearly, "2026-H2", "2026-07-01", "2026-12-31", "2026-H1"},
	} {
		p := PeriodOf(c.c, d)
		if p.Key() != c.key || p.Start.String() != c.start || p.End.String() != c.end || p.Prev().Key() != c.prev {
			t.Errorf("%s: %s %s..%s prev %s", c.c, p.Key(), p.Start, p.End, p.Prev().Key())
		}
		if p.Next().Start != p.End.AddDays(1) {
			t.Errorf("%s: next %s", c.c, p.Next().Start)
		}
	}
	l := Last(Quarterly, d, 8)
	if len(l) != 8 || l[0].Key() != "2025-Q1" || l[7].Key() != "2026-Q4" {
		t.Fatal(l[0].Key(), l[7].Key())
	}
	jan, _ := calendar.ParseDate("2027-01-01")
	if PeriodOf(Quarterly, jan).Prev().Key() != "2026-Q4" {
		t.Fatal("year boundary")
	}
}

func TestParseTopics(t *testing.T) {
	got, err := ParseTopics(" Etika \n\netika\nNetralitas\n")
	if err != nil || len(got) != 2 || got[0] != "Etika" {
		t.Fatal(got, err)
	}
	if _, err := ParseTopics("  \n"); err == nil {
		t.Fatal("empty accepted")
	}
}
