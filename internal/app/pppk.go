package app

import (
	"context"

	"sigap/internal/access"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/roster"
)

// catalogueFor is the catalogue a charge against e is stated under: the
// government's own PPPK catalogue for a PPPK (PP 94/2021 does not cover
// them; PP 49/2018 Ps 52), PP 94/2021's otherwise, and for a case with
// nobody named yet.
func (a *App) catalogueFor(ctx context.Context, tenantID int64, e *roster.Employee) (*discipline.Catalogue, error) {
	if e == nil || e.Status != roster.PPPK {
		return catalogue, nil
	}
	entries, err := a.Store.PPPKCatalogue(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	return discipline.PPPKCatalogue(entries), nil
}

// PPPKCatalogue returns the tenant's PPPK catalogue for its admin.
func (a *App) PPPKCatalogue(ctx context.Context, u identity.User) ([]discipline.PPPKEntry, error) {
	if err := access.Check(u, access.ManageProcedure); err != nil {
		return nil, err
	}
	return a.Store.PPPKCatalogue(ctx, u.TenantID)
}

// SetPPPKCatalogue checks and replaces the tenant's PPPK catalogue.
func (a *App) SetPPPKCatalogue(ctx context.Context, u identity.User, rows []discipline.PPPKEntry) error {
	if err := access.Check(u, access.ManageProcedure); err != nil {
		return err
	}
	entries, err := discipline.CheckPPPK(rows)
	if err != nil {
		return err
	}
	return a.Store.SetPPPKCatalogue(ctx, actor(u), u.TenantID, entries)
}
