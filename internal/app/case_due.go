package app

import (
	"context"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/store"
)

// DuePage is one page of a due list and the size of the whole list.
type DuePage struct {
	Items  []store.DueCase
	Counts store.DueCounts
}

// DueCases lists the open cases that wait for something, the earliest
// date first so the late ones lead: the tenant's, or with mine those the
// caller handles.
func (a *App) DueCases(ctx context.Context, u identity.User, mine bool, offset, limit int) (DuePage, error) {
	if err := access.Check(u, access.ViewCases); err != nil {
		return DuePage{}, err
	}
	f := store.DueFilter{Offset: offset, Limit: limit}
	if mine {
		f.HandlerID = u.ID
	}
	var p DuePage
	var err error
	p.Items, p.Counts, err = a.Store.DueCases(ctx, u.TenantID, a.today(), f)
	return p, err
}

func (a *App) today() calendar.Date { return calendar.DateOf(a.Store.Now(), wib) }

// SetCaseHandler names the examiner who handles a case: the examiners
// (BKPSDM, the Inspektorat) share the cases out among themselves.
func (a *App) SetCaseHandler(ctx context.Context, u identity.User, casePublicID string, handlerID int64) error {
	c, err := a.actOnCase(ctx, u, casePublicID, access.ManageCharges)
	if err != nil {
		return err
	}
	if handlerID != 0 {
		// Nobody handles a case they are in a conflict of interest on.
		_, conflict, err := a.conflictOf(ctx, identity.User{ID: handlerID, TenantID: u.TenantID}, c.ID)
		if err != nil {
			return err
		}
		if conflict {
			return apperr.InvalidField("handler", "case.handler.conflict", nil)
		}
	}
	return a.Store.SetCaseHandler(ctx, actor(u), u.TenantID, casePublicID, handlerID)
}

// SetSuperiorInformed records the day the accused's direct superior was
// told of the violation; the superior must summon within the government's
// window from then (Ps 26(1), 28). Not a day in the future.
func (a *App) SetSuperiorInformed(ctx context.Context, u identity.User, casePublicID, day string) error {
	if _, err := a.actOnCase(ctx, u, casePublicID, access.ManageCharges); err != nil {
		return err
	}
	d, err := stepDate(day, "informed", false)
	if err != nil {
		return err
	}
	if d.After(a.today()) {
		return apperr.InvalidField("informed", "case.informed.future", nil)
	}
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return err
	}
	return a.Store.SetSuperiorInformed(ctx, actor(u), u.TenantID, casePublicID, d, cal)
}

// WatchDeadlines does one pass of the deadline watch over every
// government: decisions whose day came take effect, reminders go out
// before due dates and escalations after them. The server runs it
// periodically; every instance may, as each alert is taken under its
// case's lock and sent once.
func (a *App) WatchDeadlines(ctx context.Context) (store.WatchResult, error) {
	var total store.WatchResult
	tenants, err := a.Store.Tenants(ctx)
	if err != nil {
		return total, err
	}
	today := a.today()
	for _, t := range tenants {
		cal, err := a.Store.Calendar(ctx, t.ID)
		if err != nil {
			return total, err
		}
		st, err := a.Store.ProcedureSettings(ctx, t.ID)
		if err != nil {
			return total, err
		}
		r, err := a.Store.WatchDeadlines(ctx, t.ID, cal, st.Watch(), today)
		total.Reminded += r.Reminded
		total.Escalated += r.Escalated
		total.Settled += r.Settled
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// recountDue counts the open cases' due dates again after the
// government's calendar or settings changed; should this be cut short,
// the deadline watch finishes it.
func (a *App) recountDue(ctx context.Context, tenantID int64) error {
	cal, err := a.Store.Calendar(ctx, tenantID)
	if err != nil {
		return err
	}
	return a.Store.RecountDue(ctx, tenantID, cal)
}

// Handlers returns who may handle the tenant's cases.
func (a *App) Handlers(ctx context.Context, u identity.User) ([]identity.User, error) {
	if err := access.Check(u, access.ViewCases); err != nil {
		return nil, err
	}
	return a.Store.Examiners(ctx, u.TenantID)
}
