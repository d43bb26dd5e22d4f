package protection

import (
	"testing"
	"time"

	"sigap/internal/apperr"
)

// report is when the victim's report reached the office in the tests:
// 2 March 2026, 10:00 WIB.
var report = time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)

func h(n float64) time.Time { return report.Add(time.Duration(n * float64(time.Hour))) }

func statusOf(t *testing.T, m Moments, now time.Time, k ClockKind) ClockStatus {
	t.Helper()
	for _, s := range StatusOf(m, now) {
		if s.Kind == k {
			return s
		}
	}
	t.Fatalf("no clock %s", k)
	return ClockStatus{}
}

// Each clock at its exact hour boundaries: running up to and at its due
// time, late the instant after; met in time at the due time exactly, late
// a second after.
func TestClockBoundaries(t *testing.T) {
	police := h(70)
	temp := h(93)
	until := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		m       Moments
		now     time.Time
		kind    ClockKind
		state   State
		due     time.Time
		metLate bool
	}{
		{"no report yet", Moments{}, h(1), ClockPoliceReport, NotStarted, time.Time{}, false},
		{"police: just reported", Moments{Reported: report}, report, ClockPoliceReport, Running, h(72), false},
		{"police: 71h59m", Moments{Reported: report}, h(71).Add(59 * time.Minute), ClockPoliceReport, Running, h(72), false},
		{"police: at 72h exactly", Moments{Reported: report}, h(72), ClockPoliceReport, Running, h(72), false},
		{"police: 72h and a microsecond", Moments{Reported: report}, h(72).Add(time.Microsecond), ClockPoliceReport, Late, h(72), false},
		{"police: met at 72h", Moments{Reported: report, PoliceReported: h(72)}, h(200), ClockPoliceReport, Met, h(72), false},
		{"police: met at 72h01s", Moments{Reported: report, PoliceReported: h(72).Add(time.Second)}, h(200), ClockPoliceReport, Met, h(72), true},
		{"temp: not before the police report", Moments{Reported: report}, h(80), ClockTempProtection, NotStarted, time.Time{}, false},
		{"temp: 24h from the police report", Moments{Reported: report, PoliceReported: police}, h(94), ClockTempProtection, Running, h(94), false},
		{"temp: 24h and a microsecond", Moments{Reported: report, PoliceReported: police}, h(94).Add(time.Microsecond), ClockTempProtection, Late, h(94), false},
		{"temp: granted in 23h", Moments{Reported: report, PoliceReported: police, TempProtectionFrom: temp}, h(95), ClockTempProtection, Met, h(94), false},
		{"lpsk: 24h from the protection", Moments{Reported: report, PoliceReported: police, TempProtectionFrom: temp}, h(117), ClockLPSKRequest, Running, h(117), false},
		{"lpsk: late", Moments{Reported: report, PoliceReported: police, TempProtectionFrom: temp}, h(117).Add(time.Second), ClockLPSKRequest, Late, h(117), false},
		{"lpsk: asked late", Moments{Reported: report, PoliceReported: police, TempProtectionFrom: temp, LPSKRequested: h(118)}, h(118), ClockLPSKRequest, Met, h(117), true},
		{"renewal: 7 days before the end", Moments{RestraintUntil: until}, until.Add(-8 * 24 * time.Hour), ClockRestraintRenewal, Running, until.Add(-7 * 24 * time.Hour), false},
		{"renewal: at 7 days before exactly", Moments{RestraintUntil: until}, until.Add(-7 * 24 * time.Hour), ClockRestraintRenewal, Running, until.Add(-168 * time.Hour), false},
		{"renewal: 6 days 23 hours before", Moments{RestraintUntil: until}, until.Add(-167 * time.Hour), ClockRestraintRenewal, Late, until.Add(-168 * time.Hour), false},
		{"renewal: asked 8 days before", Moments{RestraintUntil: until, RenewalRequested: until.Add(-8 * 24 * time.Hour)}, until, ClockRestraintRenewal, Met, until.Add(-168 * time.Hour), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := statusOf(t, c.m, c.now, c.kind)
			if s.State != c.state || !s.Due.Equal(c.due) || s.MetLate != c.metLate {
				t.Errorf("got %s due %v late %v; want %s due %v late %v", s.State, s.Due, s.MetLate, c.state, c.due, c.metLate)
			}
		})
	}
}

func TestClocksAreTheLaw(t *testing.T) {
	want := map[ClockKind]struct {
		article string
		window  time.Duration
	}{
		ClockPoliceReport:     {"UU 12/2022 Ps 41(3)", 72 * time.Hour},
		ClockTempProtection:   {"UU 12/2022 Ps 42(1)", 24 * time.Hour},
		ClockLPSKRequest:      {"UU 12/2022 Ps 43(1)", 24 * time.Hour},
		ClockRestraintRenewal: {"UU 12/2022 Ps 45", 7 * 24 * time.Hour},
	}
	if len(Clocks) != len(want) {
		t.Fatalf("%d clocks", len(Clocks))
	}
	for _, c := range Clocks {
		if w := want[c.Kind]; c.Article != w.article || c.Window() != w.window {
			t.Errorf("%s: %s %v", c.Kind, c.Article, c.Window())
		}
	}
}

// Reminders: less than 12 hours left; escalations: late; each once per
// due time, and the next instant the watch has work.
func TestAlertsOf(t *testing.T) {
	m := Moments{Reported: report}
	none := func(string) bool { return false }
	key := statusOf(t, m, report, ClockPoliceReport).Key()
	sent := func(k string) bool { return k == key }
	cases := []struct {
		name               string
		now                time.Time
		reminded, escalate func(string) bool
		remind, esc        int
		next               time.Time
	}{
		{"fresh", report, none, none, 0, 0, h(60).Add(time.Microsecond)},
		{"12h left exactly", h(60), none, none, 0, 0, h(60).Add(time.Microsecond)},
		{"under 12h left", h(60).Add(time.Microsecond), none, none, 1, 0, h(72).Add(time.Microsecond)},
		{"reminded already", h(65), sent, none, 0, 0, h(72).Add(time.Microsecond)},
		{"due exactly", h(72), sent, none, 0, 0, h(72).Add(time.Microsecond)},
		{"late", h(72).Add(time.Microsecond), sent, none, 0, 1, time.Time{}},
		{"late, never reminded: escalated only", h(80), none, none, 0, 1, time.Time{}},
		{"escalated already", h(90), sent, sent, 0, 0, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := AlertsOf(StatusOf(m, c.now), c.now, c.reminded, c.escalate)
			if len(a.Remind) != c.remind || len(a.Escalate) != c.esc || !a.Next.Equal(c.next) {
				t.Errorf("remind %d escalate %d next %v", len(a.Remind), len(a.Escalate), a.Next)
			}
		})
	}
	// A late clock escalated does not hide another that runs: the
	// restriction order's renewal is still reminded.
	until := h(72 + 30*24)
	m.RestraintUntil = until
	now := until.Add(-7*24*time.Hour - 11*time.Hour)
	a := AlertsOf(StatusOf(m, now), now, none, sent)
	if len(a.Remind) != 1 || a.Remind[0].Kind != ClockRestraintRenewal || len(a.Escalate) != 0 {
		t.Errorf("%+v", a)
	}
	// A corrected moment moves the due time: a new key, told again.
	m2 := Moments{Reported: report.Add(time.Hour)}
	if k := statusOf(t, m2, report, ClockPoliceReport).Key(); k == key || k == "" {
		t.Errorf("key %q", k)
	}
}

func TestRecord(t *testing.T) {
	now := h(100)
	base := Moments{Reported: report, PoliceReported: h(70)}
	cases := []struct {
		name      string
		m         Moments
		step      Step
		at, until time.Time
		field     string
		key       string
	}{
		{"police in the future", Moments{Reported: report}, StepPoliceReport, now.Add(2 * time.Minute), time.Time{}, "at", "protection.clock.future"},
		{"police before the report", Moments{Reported: report}, StepPoliceReport, h(-1), time.Time{}, "at", "protection.clock.before_report"},
		{"police missing", Moments{Reported: report}, StepPoliceReport, time.Time{}, time.Time{}, "at", "protection.clock.at.required"},
		{"protection without a police report", Moments{Reported: report}, StepTempProtection, h(80), h(90), "at", "protection.clock.police_first"},
		{"protection before the police report", base, StepTempProtection, h(69), h(90), "at", "protection.clock.before_police"},
		{"protection of 14 days and a second", base, StepTempProtection, h(80), h(80 + 14*24).Add(time.Second), "until", "protection.clock.temp_long"},
		{"protection ending before it starts", base, StepTempProtection, h(80), h(80), "until", "protection.clock.until.before"},
		{"protection without an end", base, StepTempProtection, h(80), time.Time{}, "until", "protection.clock.until.required"},
		{"lpsk without protection", base, StepLPSKRequest, h(80), time.Time{}, "at", "protection.clock.protection_first"},
		{"restraint of 6 months and a day", base, StepRestraint, h(80), h(80).AddDate(0, 6, 1), "until", "protection.clock.restraint_long"},
		{"renewal without an order", base, StepRenewal, h(80), time.Time{}, "at", "protection.clock.restraint_first"},
		{"police after the protection", Moments{Reported: report, PoliceReported: h(70), TempProtectionFrom: h(75)}, StepPoliceReport, h(76), time.Time{}, "at", "protection.clock.after_protection"},
		{"unknown step", base, "x", h(80), time.Time{}, "step", "protection.clock.step"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := c.m
			err := m.Record(c.step, c.at, c.until, now)
			if err == nil {
				t.Fatal("accepted")
			}
			found := false
			for _, f := range apperr.FieldsOf(err) {
				if f.Field == c.field && f.Key == c.key {
					found = true
				}
			}
			if !found {
				t.Errorf("got %v", err)
			}
			if m != c.m {
				t.Error("refused, yet the moments changed")
			}
		})
	}
	// The longest allowed and the law's order are accepted.
	m := base
	for _, s := range []struct {
		step      Step
		at, until time.Time
	}{
		{StepTempProtection, h(94), h(94 + 14*24)},
		{StepLPSKRequest, h(95), time.Time{}},
		{StepRestraint, h(96), h(96).AddDate(0, 6, 0)},
		{StepRenewal, h(99), time.Time{}},
		{StepPoliceReport, h(71), time.Time{}}, // corrected, still before the protection
	} {
		if err := m.Record(s.step, s.at, s.until, now); err != nil {
			t.Fatalf("%s: %v", s.step, err)
		}
	}
	if !m.PoliceReported.Equal(h(71)) || !m.RenewalRequested.Equal(h(99)) || !m.TempProtectionUntil.Equal(h(94+14*24)) {
		t.Errorf("%+v", m)
	}
}
