package app

import (
	"context"
	"slices"
	"time"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/store"
)

// The TPKS clocks of a case (UU 12/2022 Ps 41–45) are seen and kept by
// those who may work on the case: its workers and the office's lead.

// ClocksView is a case's clocks at the present.
type ClocksView struct {
	Case    store.ProtectionCase
	Moments protection.Moments
	Clocks  []protection.ClockStatus
	Now     time.Time
}

// ProtectionClocks returns a case's clocks for its worker or the lead.
func (a *App) ProtectionClocks(ctx context.Context, u identity.User, publicID string) (ClocksView, error) {
	var v ClocksView
	var err error
	if v.Case, err = a.protectionCase(ctx, u, publicID); err != nil {
		return v, err
	}
	if v.Moments, err = a.Store.ClockMoments(ctx, u.TenantID, v.Case.ID); err != nil {
		return v, err
	}
	v.Now = a.Store.Now()
	v.Clocks = protection.StatusOf(v.Moments, v.Now)
	return v, a.Store.MarkNotificationsRead(ctx, u.ID, publicID)
}

// momentLayouts are what a form's date and time come as: the browser's
// datetime-local field, with or without seconds, in WIB.
var momentLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"}

// parseMoment reads a form's moment in WIB; "" is zero.
func parseMoment(field, s string, fields *apperr.Fields) time.Time {
	if s == "" {
		return time.Time{}
	}
	for _, l := range momentLayouts {
		if t, err := time.ParseInLocation(l, s, protection.WIB); err == nil {
			return t.UTC()
		}
	}
	fields.Add(field, "protection.clock.format", nil)
	return time.Time{}
}

// RecordClockStep records (or corrects) one step of a case's clocks from
// its form: at and until are dates and times in WIB.
func (a *App) RecordClockStep(ctx context.Context, u identity.User, publicID, step, at, until string) error {
	c, err := a.protectionCase(ctx, u, publicID)
	if err != nil {
		return err
	}
	s := protection.Step(step)
	if !slices.Contains(protection.Steps, s) {
		return apperr.InvalidField("step", "protection.clock.step", nil)
	}
	var fields apperr.Fields
	t0 := parseMoment("at", at, &fields)
	var t1 time.Time
	if s.HasUntil() {
		t1 = parseMoment("until", until, &fields)
	}
	if err := fields.Err(); err != nil {
		return err
	}
	return a.Store.RecordClockStep(ctx, actor(u), u.TenantID, c.PublicID, s, t0, t1)
}

// WatchProtectionClocks does one pass of the TPKS clock watch over every
// government. The server runs it next to the deadline watch; every
// instance may, as each alert is taken under its case's lock and sent
// once per due time.
func (a *App) WatchProtectionClocks(ctx context.Context) (store.ClockWatchResult, error) {
	var total store.ClockWatchResult
	tenants, err := a.Store.Tenants(ctx)
	if err != nil {
		return total, err
	}
	for _, t := range tenants {
		r, err := a.Store.WatchProtectionClocks(ctx, t.ID)
		total.Reminded += r.Reminded
		total.Escalated += r.Escalated
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// DashboardClock is a clock waiting on one of the worker's cases.
type DashboardClock struct {
	CasePublicID string
	CaseNumber   string
	protection.ClockStatus
}

// ProtectionDashboard is a case worker's desk: their open cases, their
// clocks still waiting (the earliest first, the late ones flagged), the
// services given this month on their cases; the lead sees the office's
// totals too.
type ProtectionDashboard struct {
	Cases      []store.ProtectionCase
	CasesTotal int
	Clocks     []DashboardClock
	Services   []store.ServiceCount
	Month      calendar.Date // the first day of this month, in WIB
	Now        time.Time
	Lead       bool
	Office     store.ClockTotals
	OfficeSvc  []store.ServiceCount
	// FollowUps are my closed cases whose follow-up day is within a week
	// either side of today: the victim is to be contacted again.
	FollowUps []store.ProtectionCase
}

// ProtectionDashboard returns the caller's dashboard, with one page of
// their open cases.
func (a *App) ProtectionDashboard(ctx context.Context, u identity.User, offset, limit int) (ProtectionDashboard, error) {
	var d ProtectionDashboard
	if err := access.Check(u, access.WorkProtection); err != nil {
		return d, err
	}
	var err error
	if d.Cases, d.CasesTotal, err = a.Store.ProtectionCases(ctx, u.TenantID, store.ProtectionFilter{WorkerID: u.ID, Status: protection.Open,
		Offset: offset, Limit: limit}); err != nil {
		return d, err
	}
	d.Now = a.Store.Now()
	cases, err := a.Store.WorkerClocks(ctx, u.TenantID, u.ID)
	if err != nil {
		return d, err
	}
	for _, c := range cases {
		for _, s := range protection.Pending(protection.StatusOf(c.Moments, d.Now)) {
			d.Clocks = append(d.Clocks, DashboardClock{CasePublicID: c.PublicID, CaseNumber: c.Number, ClockStatus: s})
		}
	}
	slices.SortStableFunc(d.Clocks, func(x, y DashboardClock) int { return x.Due.Compare(y.Due) })
	today := calendar.DateOf(d.Now, protection.WIB)
	d.Month = calendar.NewDate(today.Year(), today.Month(), 1)
	next := calendar.NewDate(today.Year(), today.Month()+1, 1) // December rolls into January
	if d.Services, err = a.Store.ServiceCounts(ctx, u.TenantID, u.ID, d.Month, next); err != nil {
		return d, err
	}
	if d.FollowUps, _, err = a.Store.ProtectionCases(ctx, u.TenantID, store.ProtectionFilter{WorkerID: u.ID, Status: protection.Closed,
		FollowUpFrom: today.AddDays(-7), FollowUpTo: today.AddDays(7), Limit: 100}); err != nil {
		return d, err
	}
	if d.Lead = access.Can(u, access.SuperviseProtection); d.Lead {
		if d.Office, err = a.Store.ProtectionClockTotals(ctx, u.TenantID); err != nil {
			return d, err
		}
		if d.OfficeSvc, err = a.Store.ServiceCounts(ctx, u.TenantID, 0, d.Month, next); err != nil {
			return d, err
		}
	}
	return d, nil
}
