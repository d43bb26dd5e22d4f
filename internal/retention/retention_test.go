package retention

import (
	"slices"
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/refdata"
)

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func holidays(t *testing.T) *calendar.Calendar {
	t.Helper()
	days, err := refdata.ParseHolidays(refdata.NationalHolidays())
	if err != nil {
		t.Fatal(err)
	}
	return calendar.New(days)
}

func TestDecideCountsFromTheEndNotFromCreation(t *testing.T) {
	v := Decide(DefaultRules, Life{Kind: RejectedReport, Ended: day("2026-03-10")})
	if v.PurgeOn != day("2028-03-10") || len(v.Blocks) != 0 {
		t.Fatalf("rejected report closed 2026-03-10: %+v, want purge on 2028-03-10", v)
	}
	if v.Due(day("2028-03-09")) || !v.Due(day("2028-03-10")) || !v.Due(day("2029-01-01")) {
		t.Error("due on the wrong days")
	}
	if !v.Within(day("2028-02-10"), 30) || v.Within(day("2028-02-08"), 30) {
		t.Error("the 30-day preview window is wrong")
	}
}

func TestNothingBlockedIsPurged(t *testing.T) {
	rules := DefaultRules
	for _, c := range []struct {
		name string
		life Life
		want []Block
	}{
		{"still running", Life{Kind: DisciplineCase}, []Block{Running}},
		{"held", Life{Kind: DisciplineCase, Ended: day("2020-01-01"), Blocks: []Block{Held}}, []Block{Held}},
		{"court and linked", Life{Kind: ProtectionCase, Ended: day("2020-01-01"), Blocks: []Block{Held, Court, LinkedOpen, Court}}, []Block{LinkedOpen, Court, Held}},
		{"no rule for the kind", Life{Kind: "mystery", Ended: day("2020-01-01")}, []Block{Running}},
	} {
		v := Decide(rules, c.life)
		if !slices.Equal(v.Blocks, c.want) {
			t.Errorf("%s: blocks %v, want %v", c.name, v.Blocks, c.want)
		}
		if v.Due(day("2099-01-01")) {
			t.Errorf("%s: due although blocked", c.name)
		}
	}
	// A hold on a record whose date has come still shows in the preview,
	// so its release is seen coming.
	v := Decide(rules, Life{Kind: RejectedReport, Ended: day("2020-01-01"), Blocks: []Block{Held}})
	if !v.Within(day("2026-01-01"), 30) {
		t.Error("a held record past its date is missing from the preview")
	}
}

func TestRulesCheck(t *testing.T) {
	if err := DefaultRules.Check(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, c := range []struct {
		rules Rules
		field string
		key   string
	}{
		{Rules{DisciplineCase: 11}, "discipline_case", "retention.months.range"},
		{Rules{AuditEvent: 1201}, "audit_event", "retention.months.range"},
		{Rules{"case_notes": 24}, "case_notes", "retention.kind.invalid"},
		{Rules{RejectedReport: 24, Attachment: 36}, "attachment", "retention.attachment.longer"},
	} {
		err := c.rules.Check()
		fs, ok := err.(apperr.Fields)
		if !ok || len(fs) != 1 || fs[0].Field != c.field || fs[0].Key != c.key {
			t.Errorf("%v: %v, want %s on %s", c.rules, err, c.key, c.field)
		}
	}
	got := DefaultRules.With(Rules{Export: 18})
	if got[Export] != 18 || got[DisciplineCase] != 60 || len(got) != len(Kinds) {
		t.Errorf("With: %v", got)
	}
}

// A case through the whole procedure on the 2026 calendar: received on
// Monday 6 April, in effect 15 working days later; the 12-month sanction
// is served a year after that, and only then does the period start.
func TestDisciplineEnd(t *testing.T) {
	cal, p := holidays(t), discipline.DefaultProcedure
	decided := func(s discipline.Sanction) *discipline.Case {
		c := &discipline.Case{Stage: discipline.StageExamined}
		if err := p.Decide(c, day("2026-03-30"), s, discipline.Sanctions, discipline.Sanctions); err != nil {
			t.Fatal(err)
		}
		if err := p.Deliver(c, day("2026-04-06"), day("2026-04-06")); err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := decided(discipline.B1)
	final := p.EffectiveOn(c, cal)
	if final.IsZero() {
		t.Fatal("no effective day")
	}
	// Before the decision is final the case runs: an objection may come.
	if end, b := DisciplineEnd(p, c, cal, calendar.Date{}, final.AddDays(-1)); !end.IsZero() || b != Running {
		t.Fatalf("before final: %s %s", end, b)
	}
	end, b := DisciplineEnd(p, c, cal, calendar.Date{}, final)
	if b != "" || end != final.AddMonths(12) {
		t.Fatalf("B1 served: %s %s, want %s", end, b, final.AddMonths(12))
	}
	// A reprimand is served the day it takes effect.
	r := decided(discipline.R2)
	if end, _ := DisciplineEnd(p, r, cal, calendar.Date{}, final); end != final {
		t.Errorf("R2: %s, want %s", end, final)
	}
	// An objection filed in time keeps the case running until decided;
	// revoking the sanction ends it that day.
	o := decided(discipline.S2)
	if err := p.Object(o, cal, day("2026-04-08")); err != nil {
		t.Fatal(err)
	}
	if end, b := DisciplineEnd(p, o, cal, calendar.Date{}, day("2030-01-01")); !end.IsZero() || b != Objection {
		t.Fatalf("objection pending: %s %s", end, b)
	}
	if err := p.Resolve(o, discipline.Remedy{Outcome: "lighten", Sanction: discipline.S1, Date: day("2026-05-04")}); err != nil {
		t.Fatal(err)
	}
	// Lightened to S1, imposed (by default) as its PP 53/2010 substitute:
	// a year from the remedy decision.
	if end, b := DisciplineEnd(p, o, cal, calendar.Date{}, day("2030-01-01")); b != "" || end != day("2027-05-04") {
		t.Errorf("lightened to S1: %s %s, want 2027-05-04", end, b)
	}
	o.SedangPP53 = false // the PP 94 cut itself: six months
	if end, _ := DisciplineEnd(p, o, cal, calendar.Date{}, day("2030-01-01")); end != day("2026-11-04") {
		t.Errorf("lightened to the S1 cut: %s, want 2026-11-04", end)
	}
	rv := decided(discipline.R3)
	if err := p.Object(rv, cal, day("2026-04-07")); err != nil {
		t.Fatal(err)
	}
	if err := p.Resolve(rv, discipline.Remedy{Outcome: "revoke", Date: day("2026-05-05")}); err != nil {
		t.Fatal(err)
	}
	if end, b := DisciplineEnd(p, rv, cal, calendar.Date{}, day("2026-05-05")); b != "" || end != day("2026-05-05") {
		t.Errorf("revoked: %s %s", end, b)
	}
	// Dismissal against dismissal goes to appeal (banding).
	bd := decided(discipline.B3)
	if err := p.Object(bd, cal, day("2026-04-08")); err != nil {
		t.Fatal(err)
	}
	if _, b := DisciplineEnd(p, bd, cal, calendar.Date{}, day("2030-01-01")); b != Appeal {
		t.Errorf("banding pending: %s", b)
	}
	// Not proven: ends the day it was dismissed.
	ds := &discipline.Case{Stage: discipline.StageDismissed}
	if end, b := DisciplineEnd(p, ds, cal, day("2026-02-02"), day("2026-02-02")); b != "" || end != day("2026-02-02") {
		t.Errorf("dismissed: %s %s", end, b)
	}
	if _, b := DisciplineEnd(p, &discipline.Case{Stage: discipline.StageSummoned}, cal, calendar.Date{}, day("2030-01-01")); b != Running {
		t.Errorf("summoned: %s", b)
	}
}

func TestSanctionMonths(t *testing.T) {
	want := map[discipline.Sanction][2]int{
		discipline.R1: {0, 0}, discipline.R3: {0, 0},
		discipline.S1: {6, 12}, discipline.S2: {9, 12}, discipline.S3: {12, 12},
		discipline.B1: {12, 12}, discipline.B2: {12, 12}, discipline.B3: {0, 0},
	}
	for s, w := range want {
		if s.Months(false) != w[0] || s.Months(true) != w[1] {
			t.Errorf("%s: %d/%d, want %v", s, s.Months(false), s.Months(true), w)
		}
	}
}
