package app

import (
	"context"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/identity"
	"sigap/internal/store"
)

// UserInput is what an administrator submits for an account.
type UserInput struct {
	TenantID    int64 // only the operator chooses; an admin's own tenant otherwise
	Username    string
	DisplayName string
	Email       string
	Password    string // new accounts only
	Roles       []identity.Role
}

// PrepareUser validates a new account and hashes its password. The command
// line uses it too, so that every way in applies the same rules.
func PrepareUser(in UserInput) (store.NewUser, error) {
	n := store.NewUser{TenantID: in.TenantID, Username: identity.NormalizeUsername(in.Username), Roles: in.Roles}
	if err := identity.ValidateUsername(n.Username); err != nil {
		return n, err
	}
	var err error
	if n.DisplayName, err = identity.CleanDisplayName(in.DisplayName); err != nil {
		return n, err
	}
	if n.Email, err = identity.CleanEmail(in.Email); err != nil {
		return n, err
	}
	if err := identity.CheckRoles(in.Roles, in.TenantID != 0); err != nil {
		return n, err
	}
	n.PasswordHash, err = HashNewPassword(in.Password, n.Username)
	return n, err
}

// scopeTenant returns the tenant whose accounts the caller manages.
func scopeTenant(u identity.User, requested int64) int64 {
	if u.Has(identity.Operator) {
		return requested
	}
	return u.TenantID
}

func checkGrants(u identity.User, tenantID int64, roles []identity.Role) error {
	for _, r := range roles {
		if !access.CanGrant(u, tenantID, r) {
			return apperr.InvalidField("roles", "user.roles.not_yours", map[string]any{"Role": string(r)})
		}
	}
	return nil
}

// Users lists the accounts the caller manages, pageSize at a time.
func (a *App) Users(ctx context.Context, u identity.User, tenantID int64, query string, page, pageSize int) (store.UserPage, error) {
	if err := access.Check(u, access.ManageUsers); err != nil {
		return store.UserPage{}, err
	}
	page = min(max(page, 1), 1_000_000) // far beyond any roster, and no overflow
	return a.Store.Users(ctx, scopeTenant(u, tenantID), query, pageSize, (page-1)*pageSize)
}

// User returns one account the caller manages.
func (a *App) User(ctx context.Context, u identity.User, id int64) (identity.User, error) {
	if err := access.Check(u, access.ManageUsers); err != nil {
		return identity.User{}, err
	}
	target, err := a.Store.User(ctx, id)
	if err != nil {
		return target, err
	}
	// Everyone manages the accounts of their own level only: a tenant's
	// admin its tenant's, the operator the installation's. The operator
	// reaches tenant accounts through the command line on the server.
	if target.TenantID != u.TenantID {
		return identity.User{}, apperr.New(apperr.NotFound, "user.not_found")
	}
	return target, nil
}

// CreateUser adds an account.
func (a *App) CreateUser(ctx context.Context, u identity.User, in UserInput) (identity.User, error) {
	if err := access.Check(u, access.ManageUsers); err != nil {
		return identity.User{}, err
	}
	in.TenantID = scopeTenant(u, in.TenantID)
	n, err := PrepareUser(in)
	if err != nil {
		return identity.User{}, err
	}
	if err := checkGrants(u, in.TenantID, in.Roles); err != nil {
		return identity.User{}, err
	}
	return a.Store.CreateUser(ctx, actor(u), n)
}

// UpdateUser changes name, e-mail and roles of an account of the caller's
// tenant. Admins cannot take their own admin role away, so a tenant is never
// left without one by accident.
func (a *App) UpdateUser(ctx context.Context, u identity.User, id int64, in UserInput) error {
	target, err := a.User(ctx, u, id)
	if err != nil {
		return err
	}
	var up store.UserUpdate
	if up.DisplayName, err = identity.CleanDisplayName(in.DisplayName); err != nil {
		return err
	}
	if up.Email, err = identity.CleanEmail(in.Email); err != nil {
		return err
	}
	if err := identity.CheckRoles(in.Roles, target.TenantID != 0); err != nil {
		return err
	}
	if err := checkGrants(u, target.TenantID, changedRoles(target.Roles, in.Roles)); err != nil {
		return err
	}
	if target.ID == u.ID && u.Has(identity.Admin) && !contains(in.Roles, identity.Admin) {
		return apperr.InvalidField("roles", "user.roles.keep_admin", nil)
	}
	up.Roles = in.Roles
	if err := a.Store.UpdateUser(ctx, actor(u), target.TenantID, id, up); err != nil {
		return err
	}
	// An account given a role that needs a second factor must set one up
	// before it acts in that role: its sessions end now.
	if identity.NeedsTOTP(in.Roles) && !identity.NeedsTOTP(target.Roles) {
		if tf, err := a.Store.TOTP(ctx, target); err != nil {
			return err
		} else if !tf.Enabled {
			return a.Store.EndAllSessions(ctx, id)
		}
	}
	return nil
}

// changedRoles returns the roles added or removed: only those need the
// right to grant them.
func changedRoles(before, after []identity.Role) []identity.Role {
	var out []identity.Role
	for _, r := range after {
		if !contains(before, r) {
			out = append(out, r)
		}
	}
	for _, r := range before {
		if !contains(after, r) {
			out = append(out, r)
		}
	}
	return out
}

func contains(roles []identity.Role, r identity.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// ResetPassword sets a new password for an account the caller manages and
// signs that account out everywhere.
func (a *App) ResetPassword(ctx context.Context, u identity.User, id int64, password string) error {
	target, err := a.User(ctx, u, id)
	if err != nil {
		return err
	}
	hash, err := HashNewPassword(password, target.Username)
	if err != nil {
		return err
	}
	return a.Store.SetPassword(ctx, actor(u), id, hash)
}

// SetUserDisabled disables or enables an account the caller manages. Nobody
// can disable their own account.
func (a *App) SetUserDisabled(ctx context.Context, u identity.User, id int64, disabled bool) error {
	target, err := a.User(ctx, u, id)
	if err != nil {
		return err
	}
	if target.ID == u.ID && disabled {
		return apperr.New(apperr.Conflict, "user.disable.self")
	}
	return a.Store.SetDisabled(ctx, actor(u), id, disabled)
}
