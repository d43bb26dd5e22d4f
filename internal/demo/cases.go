package demo

import (
	"context"
	"fmt"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// seedCases gives a government three discipline cases at different points
// of the procedure, so that the case pages, the due list and the deadline
// watch have something to show: a direct superior late to summon (Ps 28),
// a summons out with its examination ahead, and a decision delivered and
// waiting for its day of effect, the objection window open. The accused
// are the first three pelaksana of the made-up roster; a government whose
// first one already has a case gets nothing more.
func seedCases(ctx context.Context, s *store.Store, tenantID int64, examinerName string) (int, error) {
	people, _, err := s.SearchEmployees(ctx, tenantID, store.EmployeeQuery{Limit: 200})
	if err != nil {
		return 0, err
	}
	var accused []roster.Employee
	for _, e := range people {
		if e.Kind == roster.Pelaksana && e.SuperiorID != 0 && len(accused) < 3 {
			accused = append(accused, e)
		}
	}
	if len(accused) < 3 {
		return 0, nil
	}
	if had, err := s.EmployeeCases(ctx, tenantID, accused[0].ID); err != nil || len(had) > 0 {
		return 0, err
	}
	examiner, err := s.UserIDByUsername(ctx, tenantID, examinerName)
	if err != nil {
		return 0, err
	}
	a := store.Actor{UserID: examiner, TenantID: tenantID}
	cal, err := s.Calendar(ctx, tenantID)
	if err != nil {
		return 0, err
	}
	settings, err := s.ProcedureSettings(ctx, tenantID)
	if err != nil {
		return 0, err
	}
	p := settings.Procedure()
	today := calendar.DateOf(time.Now(), time.FixedZone("WIB", 7*3600))
	day := func(n int) calendar.Date { return cal.AddWorkingDays(today, n) }

	open := func(e roster.Employee, ch discipline.Charge, informed calendar.Date) (string, error) {
		c, err := s.OpenCase(ctx, a, tenantID, e.ID)
		if err != nil {
			return "", err
		}
		if err := s.AddCharge(ctx, a, tenantID, c.PublicID, ch); err != nil {
			return "", err
		}
		return c.PublicID, s.SetSuperiorInformed(ctx, a, tenantID, c.PublicID, informed, cal)
	}
	step := func(pid string, st store.Step, check func(*discipline.Case) error) error {
		return s.AddStep(ctx, a, tenantID, pid, st, cal, check)
	}

	// The superior was told nine working days ago and has not summoned.
	if _, err := open(accused[0], discipline.Charge{Code: "K4f", DaysAbsent: 4}, day(-9)); err != nil {
		return 0, fmt.Errorf("late summons case: %w", err)
	}
	// Summoned two working days ago, the examination in three.
	summoned, err := open(accused[1], discipline.Charge{Code: "L5i", Impact: discipline.OnUnit}, day(-4))
	if err == nil {
		letter, exam := day(-2), day(3)
		err = step(summoned, store.Step{Kind: "summon", Day1: letter, Day2: exam}, func(c *discipline.Case) error { return p.Summon(c, cal, letter, exam) })
	}
	if err != nil {
		return 0, fmt.Errorf("summoned case: %w", err)
	}
	// Examined, decided and delivered: in effect in nine working days
	// unless the accused objects.
	charge := discipline.Charge{Code: "K4f", DaysAbsent: 12}
	delivered, err := open(accused[2], charge, day(-20))
	if err != nil {
		return 0, fmt.Errorf("delivered case: %w", err)
	}
	finding, err := discipline.DefaultCatalogue().Assess(charge)
	if err != nil {
		return 0, err
	}
	sanction := discipline.Choices(finding, "")[0]
	letter, exam, decided, handed := day(-18), day(-14), day(-10), day(-6)
	for _, st := range []struct {
		step  store.Step
		check func(*discipline.Case) error
	}{
		{store.Step{Kind: "summon", Day1: letter, Day2: exam}, func(c *discipline.Case) error { return p.Summon(c, cal, letter, exam) }},
		{store.Step{Kind: "examine", Day1: exam}, func(c *discipline.Case) error { return p.Examine(c, exam) }},
		{store.Step{Kind: "decide", Day1: decided, Sanction: sanction}, func(c *discipline.Case) error {
			return p.Decide(c, decided, sanction, []discipline.Sanction{sanction}, []discipline.Sanction{sanction})
		}},
		{store.Step{Kind: "deliver", Day1: handed, Day2: handed}, func(c *discipline.Case) error { return p.Deliver(c, handed, handed) }},
	} {
		if err := step(delivered, st.step, st.check); err != nil {
			return 0, fmt.Errorf("delivered case, %s: %w", st.step.Kind, err)
		}
	}
	return 3, nil
}
