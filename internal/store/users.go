package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/identity"
)

const userCols = `id, COALESCE(tenant_id, 0), username, display_name, email, lang, disabled_at, created_at`

func scanUser(row interface{ Scan(...any) error }, extra ...any) (identity.User, error) {
	var u identity.User
	var disabled sql.NullTime
	dest := append([]any{&u.ID, &u.TenantID, &u.Username, &u.DisplayName, &u.Email, &u.Lang, &disabled, &u.CreatedAt}, extra...)
	err := row.Scan(dest...)
	u.Disabled = disabled.Valid
	return u, err
}

// NewUser is what creating an account needs. The password arrives hashed.
type NewUser struct {
	TenantID     int64
	Username     string
	DisplayName  string
	Email        string
	Roles        []identity.Role
	PasswordHash string
}

// CreateUser adds an account with its roles.
func (s *Store) CreateUser(ctx context.Context, a Actor, n NewUser) (identity.User, error) {
	var u identity.User
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := s.Now()
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx,
			`INSERT INTO users (tenant_id, username, display_name, email, password_hash, created_at, updated_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING `+userCols,
			nullID(n.TenantID), n.Username, n.DisplayName, n.Email, n.PasswordHash, now))
		if err != nil {
			return err
		}
		if err := writeRoles(ctx, tx, u.ID, n.Roles); err != nil {
			return err
		}
		u.Roles = sortedRoles(n.Roles)
		return s.audit(ctx, tx, n.TenantID, a, "user.create", "user", strconv.FormatInt(u.ID, 10))
	})
	if db.IsUniqueViolation(err) {
		return identity.User{}, apperr.InvalidField("username", "user.username.taken", nil)
	}
	return u, apperr.Wrap(err, "create user")
}

func writeRoles(ctx context.Context, tx *sql.Tx, userID int64, roles []identity.Role) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, r := range roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING`, userID, string(r)); err != nil {
			return err
		}
	}
	return nil
}

// sortedRoles orders roles as identity lists them, for stable display.
func sortedRoles(roles []identity.Role) []identity.Role {
	order := append(append([]identity.Role{}, identity.TenantRoles...), identity.InstallationRoles...)
	out := slices.Clone(roles)
	slices.SortFunc(out, func(a, b identity.Role) int { return slices.Index(order, a) - slices.Index(order, b) })
	return slices.Compact(out)
}

// loadRoles fills the roles of the given users.
func (s *Store) loadRoles(ctx context.Context, users []identity.User) error {
	if len(users) == 0 {
		return nil
	}
	ids := make([]any, len(users))
	index := make(map[int64]int, len(users))
	for i, u := range users {
		ids[i] = u.ID
		index[u.ID] = i
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT user_id, role FROM user_roles WHERE user_id IN (`+db.Params(1, len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r string
		if err := rows.Scan(&id, &r); err != nil {
			return err
		}
		users[index[id]].Roles = append(users[index[id]].Roles, identity.Role(r))
	}
	for i := range users {
		users[i].Roles = sortedRoles(users[i].Roles)
	}
	return rows.Err()
}

// User returns an account by ID, with its roles.
func (s *Store) User(ctx context.Context, id int64) (identity.User, error) {
	u, err := scanUser(s.db.R.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	if err != nil {
		return u, notFound(err, "user.not_found", "user")
	}
	one := []identity.User{u}
	err = s.loadRoles(ctx, one)
	return one[0], apperr.Wrap(err, "user roles")
}

// TenantUser returns an account of the tenant; another tenant's is not found.
func (s *Store) TenantUser(ctx context.Context, tenantID, id int64) (identity.User, error) {
	u, err := s.User(ctx, id)
	if err == nil && u.TenantID != tenantID {
		return identity.User{}, apperr.New(apperr.NotFound, "user.not_found")
	}
	return u, err
}

// UserForSignIn returns the account with username and its password hash.
func (s *Store) UserForSignIn(ctx context.Context, username string) (identity.User, string, error) {
	var hash string
	u, err := scanUser(s.db.R.QueryRowContext(ctx, `SELECT `+userCols+`, password_hash FROM users WHERE username = $1`, username), &hash)
	if err != nil {
		return u, "", notFound(err, "user.not_found", "user for sign-in")
	}
	one := []identity.User{u}
	err = s.loadRoles(ctx, one)
	return one[0], hash, apperr.Wrap(err, "user roles")
}

// UserPage is one page of a user list.
type UserPage struct {
	Users []identity.User
	Total int
}

// Users lists a tenant's accounts (0: installation accounts) by username,
// limit at a time from offset, optionally only those whose username or name
// contains query.
func (s *Store) Users(ctx context.Context, tenantID int64, query string, limit, offset int) (UserPage, error) {
	var args db.Args
	where := `tenant_id IS NULL`
	if tenantID != 0 {
		where = `tenant_id = ` + args.Add(tenantID)
	}
	if q := escapeLike(query); q != "" {
		p := args.Add("%" + q + "%")
		where += ` AND (LOWER(username) LIKE ` + p + ` OR LOWER(display_name) LIKE ` + p + `)`
	}
	var page UserPage
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE `+where, args...).Scan(&page.Total); err != nil {
		return page, apperr.Wrap(err, "count users")
	}
	q := `SELECT ` + userCols + ` FROM users WHERE ` + where + ` ORDER BY username LIMIT ` + args.Add(limit) + ` OFFSET ` + args.Add(offset)
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return page, apperr.Wrap(err, "users")
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return page, err
		}
		page.Users = append(page.Users, u)
	}
	if err := rows.Err(); err != nil {
		return page, err
	}
	return page, apperr.Wrap(s.loadRoles(ctx, page.Users), "user roles")
}

// escapeLike lowercases a search term and makes % and _ literal. Both
// engines treat backslash as LIKE's escape only when told, so the terms are
// simply dropped instead.
func escapeLike(q string) string {
	out := make([]rune, 0, len(q))
	for _, r := range q {
		if r != '%' && r != '_' && r != '\\' {
			out = append(out, r)
		}
	}
	return lower(string(out))
}

// UserUpdate is what an administrator may change on an account.
type UserUpdate struct {
	DisplayName string
	Email       string
	Roles       []identity.Role
}

// UpdateUser changes the name, e-mail and roles of a tenant's account.
func (s *Store) UpdateUser(ctx context.Context, a Actor, tenantID, id int64, up UserUpdate) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET display_name = $3, email = $4, updated_at = $5 WHERE id = $1 AND COALESCE(tenant_id, 0) = $2`,
			id, tenantID, up.DisplayName, up.Email, s.Now())
		if err != nil {
			return apperr.Wrap(err, "update user")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "user.not_found")
		}
		if err := writeRoles(ctx, tx, id, up.Roles); err != nil {
			return apperr.Wrap(err, "user roles")
		}
		return s.audit(ctx, tx, tenantID, a, "user.update", "user", strconv.FormatInt(id, 10))
	})
}

// SetPassword replaces a password hash and ends the account's sessions, so a
// reset locks out whoever knew the old one.
func (s *Store) SetPassword(ctx context.Context, a Actor, id int64, hash string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var tenantID int64
		err := tx.QueryRowContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1 RETURNING COALESCE(tenant_id, 0)`,
			id, hash, s.Now()).Scan(&tenantID)
		if err != nil {
			return notFound(err, "user.not_found", "set password")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
			return apperr.Wrap(err, "end sessions")
		}
		// Whoever knew the old password may have made tokens with it.
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, id, s.Now()); err != nil {
			return apperr.Wrap(err, "revoke tokens")
		}
		return s.audit(ctx, tx, tenantID, a, "user.password", "user", strconv.FormatInt(id, 10))
	})
}

// SetDisabled disables or enables an account. Disabling ends its sessions
// and revokes its API tokens at once.
func (s *Store) SetDisabled(ctx context.Context, a Actor, id int64, disabled bool) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var at any
		action := "user.enable"
		now := s.Now()
		if disabled {
			at, action = now, "user.disable"
		}
		var tenantID int64
		err := tx.QueryRowContext(ctx, `UPDATE users SET disabled_at = $2, updated_at = $3 WHERE id = $1 RETURNING COALESCE(tenant_id, 0)`,
			id, at, now).Scan(&tenantID)
		if err != nil {
			return notFound(err, "user.not_found", "disable user")
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return apperr.Wrap(err, "end sessions")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, id, now); err != nil {
				return apperr.Wrap(err, "revoke tokens")
			}
		}
		return s.audit(ctx, tx, tenantID, a, action, "user", strconv.FormatInt(id, 10))
	})
}

// SetLang stores the language a user chose.
func (s *Store) SetLang(ctx context.Context, id int64, lang string) error {
	_, err := s.db.W.ExecContext(ctx, `UPDATE users SET lang = $2 WHERE id = $1`, id, lang)
	return apperr.Wrap(err, "set language")
}
