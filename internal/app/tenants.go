package app

import (
	"context"

	"sigap/internal/access"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/refdata"
)

// Tenants lists every government of the installation.
func (a *App) Tenants(ctx context.Context, u identity.User) ([]org.Tenant, error) {
	if err := access.Check(u, access.ViewTenants); err != nil {
		return nil, err
	}
	return a.Store.Tenants(ctx)
}

// Tenant returns the caller's own tenant; installation accounts have none.
func (a *App) OwnTenant(ctx context.Context, u identity.User) (org.Tenant, error) {
	if u.TenantID == 0 {
		return org.Tenant{}, nil
	}
	return a.Store.Tenant(ctx, u.TenantID)
}

// CreateTenant adds a government.
func (a *App) CreateTenant(ctx context.Context, u identity.User, code, slug, name string) (org.Tenant, error) {
	if err := access.Check(u, access.ManageTenants); err != nil {
		return org.Tenant{}, err
	}
	return a.Store.CreateTenant(ctx, actor(u), code, slug, name)
}

// Regions lists the regions under parent ("" for provinces).
func (a *App) Regions(ctx context.Context, u identity.User, parent string) ([]refdata.Region, error) {
	if err := access.Check(u, access.ViewRegions); err != nil {
		return nil, err
	}
	return a.Store.RegionChildren(ctx, parent)
}

// Region returns one region.
func (a *App) Region(ctx context.Context, u identity.User, code string) (refdata.Region, error) {
	if err := access.Check(u, access.ViewRegions); err != nil {
		return refdata.Region{}, err
	}
	return a.Store.Region(ctx, code)
}
