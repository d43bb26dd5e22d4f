package app

import (
	"context"

	"sigap/internal/access"
	"sigap/internal/identity"
	"sigap/internal/org"
)

// UnitTree returns the caller's tenant's units in tree order.
func (a *App) UnitTree(ctx context.Context, u identity.User, withArchived bool) ([]org.TreeNode, error) {
	if err := access.Check(u, access.ViewUnits); err != nil {
		return nil, err
	}
	units, err := a.Store.Units(ctx, u.TenantID, withArchived)
	if err != nil {
		return nil, err
	}
	return org.Tree(units), nil
}

// Unit returns one unit of the caller's tenant.
func (a *App) Unit(ctx context.Context, u identity.User, id int64) (org.Unit, error) {
	if err := access.Check(u, access.ViewUnits); err != nil {
		return org.Unit{}, err
	}
	return a.Store.Unit(ctx, u.TenantID, id)
}

// CreateUnit adds a unit to the caller's tenant.
func (a *App) CreateUnit(ctx context.Context, u identity.User, in org.UnitInput) (org.Unit, error) {
	if err := access.Check(u, access.ManageUnits); err != nil {
		return org.Unit{}, err
	}
	return a.Store.CreateUnit(ctx, actor(u), u.TenantID, in)
}

// UpdateUnit changes a unit of the caller's tenant.
func (a *App) UpdateUnit(ctx context.Context, u identity.User, id int64, in org.UnitInput) (org.Unit, error) {
	if err := access.Check(u, access.ManageUnits); err != nil {
		return org.Unit{}, err
	}
	// Another tenant's unit is not found, whatever the input says.
	if _, err := a.Store.Unit(ctx, u.TenantID, id); err != nil {
		return org.Unit{}, err
	}
	return a.Store.UpdateUnit(ctx, actor(u), u.TenantID, id, in)
}

// SetUnitArchived archives or restores a unit of the caller's tenant.
func (a *App) SetUnitArchived(ctx context.Context, u identity.User, id int64, archived bool) error {
	if err := access.Check(u, access.ManageUnits); err != nil {
		return err
	}
	return a.Store.SetUnitArchived(ctx, actor(u), u.TenantID, id, archived)
}
