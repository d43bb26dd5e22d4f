package discipline

import (
	"math/rand/v2"
	"slices"
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/refdata"
)

func holidays(t testing.TB) *calendar.Calendar {
	t.Helper()
	days, err := refdata.ParseHolidays(refdata.NationalHolidays())
	if err != nil {
		t.Fatal(err)
	}
	return calendar.New(days)
}

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Ps 26(2), 26(3), 26(4), 37(3), 38(1), counted on the 2026 national
// holidays and cuti bersama (Nyepi and Idul Fitri in March, Ascension,
// Idul Adha and Pancasila Day in May and June).
func TestProcedureDeadlines2026(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	c := &Case{Stage: StageOpen}
	// Summons on Monday 16 March: the 17th is a working day, then Nyepi,
	// Idul Fitri and their cuti bersama close the 18th to the 24th; the
	// seventh working day is Wednesday 1 April.
	if err := p.Summon(c, cal, day("2026-03-16"), day("2026-04-02")); apperr.As(err).Key != "case.summons.too_late" {
		t.Fatalf("Ps 26(2) examination on the 8th working day: %v", err)
	}
	if err := p.Summon(c, cal, day("2026-03-16"), day("2026-04-01")); err != nil {
		t.Fatalf("Ps 26(2) examination on the 7th working day: %v", err)
	}
	if d, _ := p.NextDue(c, cal, day("2026-03-20")); d.What != "case.due.examination" || d.By != day("2026-04-01") || d.Late {
		t.Errorf("due %+v", d)
	}
	// Ps 26(3): absent; the second examination at most 7 working days after
	// the first should have been: 2, 6, 7, 8, 9, 10, 13 April (3 April is
	// Good Friday).
	if err := p.Missed(c); err != nil {
		t.Fatal(err)
	}
	if err := p.Summon(c, cal, day("2026-04-02"), day("2026-04-14")); apperr.As(err).Key != "case.summons.too_late" {
		t.Fatalf("Ps 26(3) second examination too late: %v", err)
	}
	if err := p.Summon(c, cal, day("2026-04-02"), day("2026-04-13")); err != nil {
		t.Fatalf("Ps 26(3): %v", err)
	}
	// Ps 26(4): absent again, decided on the evidence without examination.
	if err := p.Missed(c); err != nil || c.Stage != StageUnheard {
		t.Fatalf("Ps 26(4): %v %s", err, c.Stage)
	}
	if err := p.Decide(c, day("2026-05-11"), S1, []Sanction{S1, S2, S3}, []Sanction{R1, R2, R3, S1, S2, S3}); err != nil {
		t.Fatal(err)
	}
	// Ps 37(3): delivery within 14 working days of Monday 11 May: Ascension
	// (14–15 May), Idul Adha (27–28 May) and Pancasila Day (1 June) fall
	// inside, so the last day is Friday 5 June.
	if d, _ := p.NextDue(c, cal, day("2026-06-08")); d.What != "case.due.delivery" || d.By != day("2026-06-05") || !d.Late {
		t.Errorf("Ps 37(3) delivery due %+v", d)
	}
	if err := p.Deliver(c, day("2026-06-05"), day("2026-06-08")); err != nil {
		t.Fatal(err)
	}
	// Ps 38(1): the 15th working day after receipt on 8 June; 16 June is
	// 1 Muharam: 9–12, 15, 17–19, 22–26, 29, 30 → 30 June.
	if got := p.EffectiveOn(c, cal); got != day("2026-06-30") {
		t.Errorf("Ps 38(1) effective on %s", got)
	}
	calendarDays := p
	calendarDays.EffectInHK = false
	if got := calendarDays.EffectiveOn(c, cal); got != day("2026-06-23") {
		t.Errorf("Ps 38(1) read as calendar days: %s", got)
	}
	if p.Settle(c, cal, day("2026-06-29")) || !p.Settle(c, cal, day("2026-06-30")) || c.Stage != StageEffective {
		t.Errorf("settle: %s", c.Stage)
	}
}

func TestObjectionLightens(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	c := &Case{Stage: StageOpen}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(p.Summon(c, cal, day("2026-07-01"), day("2026-07-06")))
	must(p.Examine(c, day("2026-07-06")))
	all := slices.Clone(Sanctions)
	if err := p.Decide(c, day("2026-07-10"), B1, []Sanction{R1, R2, R3}, all); apperr.As(err).Key != "case.decide.not_a_choice" {
		t.Errorf("a sanction the findings do not call for: %v", err)
	}
	if err := p.Decide(c, day("2026-07-10"), B1, []Sanction{B1, B2, B3}, []Sanction{R1, R2, R3}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a sanction outside the official's authority: %v", err)
	}
	must(p.Decide(c, day("2026-07-10"), B1, []Sanction{B1, B2, B3}, all))
	must(p.Deliver(c, day("2026-07-13"), day("2026-07-13")))
	must(p.Object(c, cal, day("2026-07-20")))
	if err := p.Resolve(c, Remedy{Outcome: "lighten", Sanction: B2, Date: day("2026-08-03")}); apperr.As(err).Key != "case.remedy.not_lighter" {
		t.Errorf("lighten to a heavier one: %v", err)
	}
	must(p.Resolve(c, Remedy{Outcome: "lighten", Sanction: S3, Date: day("2026-08-03")}))
	if c.Stage != StageEffective || c.Sanction != S3 {
		t.Errorf("after the remedy: %s %s", c.Stage, c.Sanction)
	}
	want := []Stage{StageSummoned, StageExamined, StageDecided, StageDelivered, StageObjected, StageEffective}
	if !slices.Equal(c.History(), want) {
		t.Errorf("history %v", c.History())
	}
}

// Whatever is tried in whatever order: no decision without an examination
// unless both summonses were missed, never a sanction outside the choices
// or the authority, and every accepted step in the history.
func TestProcedureProperties(t *testing.T) {
	cal, p := holidays(t), DefaultProcedure
	r := rand.New(rand.NewPCG(1, 2))
	base := day("2026-01-05")
	decided, unheard := 0, 0
	for range 3000 {
		c := &Case{Stage: StageOpen}
		accepted := 0
		choices := []Sanction{Sanctions[r.IntN(9)]}
		allowed := Sanctions[:r.IntN(10)]
		// Mostly the step the stage calls for, sometimes any step: enough
		// walks reach every stage, and every refusal is tried too.
		next := map[Stage][]int{StageOpen: {0}, StageSummoned: {0, 1, 2}, StageUnheard: {3}, StageExamined: {3, 7},
			StageDecided: {4}, StageDelivered: {5}, StageObjected: {6}}
		for step := range 14 {
			d := base.AddDays(step * 7)
			action := r.IntN(8)
			if n := next[c.Stage]; len(n) > 0 && r.IntN(4) > 0 {
				action = n[r.IntN(len(n))]
			}
			var err error
			switch action {
			case 0:
				err = p.Summon(c, cal, d, d.AddDays(r.IntN(10)))
			case 1:
				err = p.Missed(c)
			case 2:
				err = p.Examine(c, d)
			case 3:
				before := c.Stage
				s := Sanctions[r.IntN(9)]
				if r.IntN(2) == 0 {
					s = choices[0]
				}
				err = p.Decide(c, d, s, choices, allowed)
				if err == nil {
					if before != StageExamined && !(before == StageUnheard && len(c.Summonses) == 2 && c.Summonses[0].Missed && c.Summonses[1].Missed) {
						t.Fatalf("decided from %s", before)
					}
					if !slices.Contains(choices, s) || !slices.Contains(allowed, s) {
						t.Fatalf("decided %s outside %v / %v", s, choices, allowed)
					}
					decided++
					if before == StageUnheard {
						unheard++
					}
				}
			case 4:
				err = p.Deliver(c, d, d.AddDays(r.IntN(3)))
			case 5:
				err = p.Object(c, cal, d)
			case 6:
				err = p.Resolve(c, Remedy{Outcome: Remedies[r.IntN(len(Remedies))], Sanction: Sanctions[r.IntN(9)], Date: d})
			case 7:
				err = p.Dismiss(c)
			}
			if err == nil {
				accepted++
			}
			if len(c.History()) != accepted-countNoMove(c) {
				// Missed on the first summons does not change the stage;
				// every other accepted step adds one.
				t.Fatalf("history %v after %d accepted steps", c.History(), accepted)
			}
		}
	}
	if decided == 0 || unheard == 0 {
		t.Errorf("the walk never decided (%d) or never decided unheard (%d): it tests nothing", decided, unheard)
	}
}

// countNoMove is the number of accepted steps that leave the stage as it
// was: a first missed summons, and a remedy filed too late.
func countNoMove(c *Case) int {
	n := 0
	if len(c.Summonses) > 0 && c.Summonses[0].Missed {
		n++
	}
	if !c.Objection.Filed.IsZero() && !c.Objection.Admissible {
		n++
	}
	return n
}
