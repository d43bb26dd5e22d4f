package app

import (
	"context"
	"slices"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/discipline"
)

// RecordEntry is one sanction on an employee's disciplinary record: a case
// whose procedure ended with a sanction in effect.
type RecordEntry struct {
	CaseNumber   string
	CasePublicID string
	Sanction     discipline.Sanction
	From         calendar.Date
	Until        calendar.Date // zero for sanctions without a duration
	Codes        []string      // the violations charged, for the repeat rule
}

// durations are the months a sanction runs (PP 94/2021 Ps 8); reprimands
// and dismissal have none.
var durations = map[discipline.Sanction]int{discipline.S1: 6, discipline.S2: 9, discipline.S3: 12, discipline.B1: 12, discipline.B2: 12}

// sanctionRecord works out an employee's disciplinary record from the
// cases about them: each case is replayed, and one whose sanction is in
// effect is on the record from the day it took effect. except leaves one
// case out (the case being decided).
func (a *App) sanctionRecord(ctx context.Context, tenantID, employeeID, except int64) ([]RecordEntry, error) {
	cases, err := a.Store.EmployeeCases(ctx, tenantID, employeeID)
	if err != nil || len(cases) == 0 {
		return nil, err
	}
	cal, err := a.Store.Calendar(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	p, err := a.procedure(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	today := calendar.DateOf(a.Store.Now(), wib)
	var out []RecordEntry
	for _, c := range cases {
		if c.ID == except {
			continue
		}
		_, pc, err := a.Store.CaseProcedure(ctx, tenantID, c.ID, p, cal)
		if err != nil {
			return nil, err
		}
		p.Settle(pc, cal, today)
		if pc.Stage != discipline.StageEffective || pc.Sanction == "" {
			continue
		}
		e := RecordEntry{CaseNumber: c.Number, CasePublicID: c.PublicID, Sanction: pc.Sanction, From: p.EffectiveOn(pc, cal)}
		if pc.Remedy.Outcome != "" {
			e.From = pc.Remedy.Date // in effect as the remedy decided (Ps 38(2))
		}
		if m, ok := durations[e.Sanction]; ok {
			e.Until = calendar.DateOf(e.From.Time(time.UTC).AddDate(0, m, 0), time.UTC)
		}
		charges, err := a.Store.Charges(ctx, tenantID, c.ID)
		if err != nil {
			return nil, err
		}
		for _, ch := range charges {
			e.Codes = append(e.Codes, ch.Code)
		}
		out = append(out, e)
	}
	return out, nil
}

// repeatFloor is the lightest sanction a decision may impose when the
// accused was sanctioned before for a similar violation (one of the same
// codes): heavier than the last such sanction (Ps 35(2)).
func repeatFloor(record []RecordEntry, codes []string) (discipline.Sanction, *RecordEntry) {
	for i := len(record) - 1; i >= 0; i-- {
		for _, c := range codes {
			if slices.Contains(record[i].Codes, c) {
				return discipline.RepeatFloor(record[i].Sanction), &record[i]
			}
		}
	}
	return "", nil
}
