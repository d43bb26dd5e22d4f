package store

import (
	"context"
	"database/sql"
	"strings"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/org"
	"sigap/internal/refdata"
)

const tenantCols = `id, code, slug, name, region_code, created_at`

func scanTenant(row interface{ Scan(...any) error }) (org.Tenant, error) {
	var t org.Tenant
	err := row.Scan(&t.ID, &t.Code, &t.Slug, &t.Name, &t.RegionCode, &t.CreatedAt)
	return t, err
}

// CreateTenant adds a government. Its code must name a province or a
// regency/city already in the regions table.
func (s *Store) CreateTenant(ctx context.Context, a Actor, code, slug, name string) (org.Tenant, error) {
	code, slug, name = strings.TrimSpace(code), strings.TrimSpace(slug), strings.TrimSpace(name)
	if err := org.ValidateTenant(code, slug, name); err != nil {
		return org.Tenant{}, err
	}
	r, err := s.Region(ctx, code)
	if apperr.Is(err, apperr.NotFound) {
		return org.Tenant{}, apperr.InvalidField("code", "tenant.code.unknown", map[string]any{"Code": code})
	} else if err != nil {
		return org.Tenant{}, err
	}
	if r.Level != refdata.LevelProvince && r.Level != refdata.LevelRegency {
		return org.Tenant{}, apperr.InvalidField("code", "tenant.code.level", map[string]any{"Code": code})
	}
	var t org.Tenant
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = scanTenant(tx.QueryRowContext(ctx,
			`INSERT INTO tenants (code, slug, name, region_code, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING `+tenantCols,
			code, slug, name, code, s.Now()))
		if err != nil {
			return err
		}
		if err := s.createTenantKeys(ctx, tx, t.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, t.ID, a, "tenant.create", "tenant", code)
	})
	if db.IsUniqueViolation(err) {
		return org.Tenant{}, apperr.InvalidField("code", "tenant.exists", map[string]any{"Code": code})
	}
	return t, apperr.Wrap(err, "create tenant")
}

// Tenants lists every tenant by code.
func (s *Store) Tenants(ctx context.Context) ([]org.Tenant, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+tenantCols+` FROM tenants ORDER BY code`)
	if err != nil {
		return nil, apperr.Wrap(err, "tenants")
	}
	defer rows.Close()
	var out []org.Tenant
	for rows.Next() {
		t, err := scanTenant(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Tenant returns a tenant by ID. Every page shows its user's tenant, and a
// tenant's row never changes once made, so rows are kept once read.
func (s *Store) Tenant(ctx context.Context, id int64) (org.Tenant, error) {
	s.mu.Lock()
	t, ok := s.tenants[id]
	s.mu.Unlock()
	if ok {
		return t, nil
	}
	t, err := scanTenant(s.db.R.QueryRowContext(ctx, `SELECT `+tenantCols+` FROM tenants WHERE id = $1`, id))
	if err != nil {
		return t, notFound(err, "tenant.not_found", "tenant")
	}
	s.mu.Lock()
	if s.tenants == nil {
		s.tenants = map[int64]org.Tenant{}
	}
	s.tenants[id] = t
	s.mu.Unlock()
	return t, nil
}

// TenantByKey returns a tenant by its code or slug.
func (s *Store) TenantByKey(ctx context.Context, key string) (org.Tenant, error) {
	t, err := scanTenant(s.db.QueryRowHot(ctx, `SELECT `+tenantCols+` FROM tenants WHERE code = $1 OR slug = $1`, strings.TrimSpace(key)))
	return t, notFound(err, "tenant.not_found", "tenant")
}
