package app

import (
	"context"

	"sigap/internal/access"
	"sigap/internal/calendar"
	"sigap/internal/identity"
)

// Calendar returns the caller's tenant's working-day calendar.
func (a *App) Calendar(ctx context.Context, u identity.User) (*calendar.Calendar, error) {
	if err := access.Check(u, access.ViewCalendar); err != nil {
		return nil, err
	}
	return a.Store.Calendar(ctx, u.TenantID)
}

// AddDayOff adds a local day off to the caller's tenant.
func (a *App) AddDayOff(ctx context.Context, u identity.User, day calendar.Date, name string) error {
	if err := access.Check(u, access.ManageCalendar); err != nil {
		return err
	}
	if err := a.Store.AddTenantDayOff(ctx, actor(u), u.TenantID, day, name); err != nil {
		return err
	}
	return a.recountDue(ctx, u.TenantID)
}

// RemoveDayOff removes a local day off of the caller's tenant.
func (a *App) RemoveDayOff(ctx context.Context, u identity.User, day calendar.Date) error {
	if err := access.Check(u, access.ManageCalendar); err != nil {
		return err
	}
	if err := a.Store.RemoveTenantDayOff(ctx, actor(u), u.TenantID, day); err != nil {
		return err
	}
	return a.recountDue(ctx, u.TenantID)
}
