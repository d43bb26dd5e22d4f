package app

import (
	"context"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/identity"
)

// LinkAccount records which account an employee of the roster uses (an
// empty username removes the link): the accused then reads their own case,
// and the person cannot examine or decide a case about themself.
func (a *App) LinkAccount(ctx context.Context, u identity.User, employeeID int64, username string) error {
	if err := access.Check(u, access.ManageUsers); err != nil {
		return err
	}
	if _, err := a.Store.Employee(ctx, u.TenantID, employeeID); err != nil {
		return err // another government's employee is not found
	}
	if username == "" {
		current, err := a.Store.EmployeeUser(ctx, u.TenantID, employeeID)
		if err != nil || current == 0 {
			return err
		}
		return a.Store.LinkUserEmployee(ctx, actor(u), u.TenantID, current, 0)
	}
	id, err := a.Store.UserIDByUsername(ctx, u.TenantID, username)
	if err != nil {
		return err
	}
	return a.Store.LinkUserEmployee(ctx, actor(u), u.TenantID, id, employeeID)
}

// OwnCase is a case as its accused sees it: the procedure's dates and
// the letters addressed to them, and nothing about who reported or who
// was harmed.
type OwnCase struct {
	Number      string
	PublicID    string
	Stage       discipline.Stage
	Summonses   []discipline.Summons
	Sanction    discipline.Sanction
	Decided     calendar.Date
	Received    calendar.Date
	Effective   calendar.Date // when a delivered decision takes effect without an objection
	CanObjectTo calendar.Date // the last day to file an objection, before it takes effect
	Sent        calendar.Date // sent by post or messenger, the accused being absent (Ps 37(4)), not known to have arrived
	// Court is the article that opens the administrative court because
	// the remedy was not decided in its window (PP 79 Ps 5(3), 8(7), 18),
	// CourtHigh whether it is the high administrative court.
	Court     string
	CourtHigh bool
	OwnExam   // the letters of the examination and after
}

// OwnCases returns the cases about the caller, when the caller's account
// is linked to the roster.
func (a *App) OwnCases(ctx context.Context, u identity.User) ([]OwnCase, error) {
	employeeID, err := a.Store.UserEmployee(ctx, u.ID)
	if err != nil || employeeID == 0 {
		return nil, err
	}
	cases, err := a.Store.EmployeeCases(ctx, u.TenantID, employeeID)
	if err != nil {
		return nil, err
	}
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return nil, err
	}
	p, err := a.procedure(ctx, u.TenantID)
	if err != nil {
		return nil, err
	}
	today := calendar.DateOf(a.Store.Now(), wib)
	var out []OwnCase
	for _, c := range cases {
		steps, pc, err := a.Store.CaseProcedure(ctx, u.TenantID, c.ID, p, cal)
		if err != nil {
			return nil, err
		}
		p.Settle(pc, cal, today)
		oc := OwnCase{Number: c.Number, PublicID: c.PublicID, Stage: pc.Stage, Summonses: pc.Summonses, Sanction: pc.Sanction,
			Decided: pc.Decided, Received: pc.Received, Effective: p.EffectiveOn(pc, cal)}
		if pc.Stage == discipline.StageDelivered && pc.Objection.Filed.IsZero() {
			oc.CanObjectTo = p.FileBy(pc, cal) // PP 79/2021 Ps 4(2), 11(3)
		}
		if pc.Sent && pc.Received.IsZero() {
			oc.Sent = pc.Delivered
		}
		if p.CourtOpen(pc, cal, today) {
			r := p.Remedy(pc)
			oc.Court, oc.CourtHigh = r.Court, r.CourtHigh
		}
		if oc.OwnExam, err = a.ownExam(ctx, u, c.ID, pc, steps); err != nil {
			return nil, err
		}
		out = append(out, oc)
	}
	return out, nil
}

// OwnCaseLetter returns a letter of a case about the caller: their copy.
func (a *App) OwnCaseLetter(ctx context.Context, u identity.User, casePublicID, kind string) (string, []byte, error) {
	employeeID, err := a.Store.UserEmployee(ctx, u.ID)
	if err != nil {
		return "", nil, err
	}
	c, err := a.Store.DisciplineCaseByID(ctx, u.TenantID, casePublicID)
	if err != nil || employeeID == 0 || c.EmployeeID != employeeID {
		return "", nil, apperr.New(apperr.NotFound, "case.not_found")
	}
	if kind == "team" { // the team's formation is the PPK's internal decision, not addressed to the accused
		return "", nil, apperr.New(apperr.NotFound, "error.not_found")
	}
	return a.caseLetter(ctx, u, casePublicID, kind)
}
