// Package org holds the rules about tenants (one government each) and their
// units (offices, OPD) arranged as a tree. It has no I/O.
package org

import (
	"regexp"
	"strings"
	"time"

	"sigap/internal/apperr"
)

// Tenant is one government (instansi), keyed by the Kemendagri code of its
// region: 36.04 is Kabupaten Serang, 36.73 Kota Serang, 36 Provinsi Banten.
type Tenant struct {
	ID         int64
	Code       string // Kemendagri code of the region it governs
	Slug       string // short name used in URLs and files, e.g. kab-serang
	Name       string // e.g. Pemerintah Kabupaten Serang
	RegionCode string // equal to Code; kept apart for clarity in joins
	CreatedAt  time.Time
}

var (
	tenantCodeRE = regexp.MustCompile(`^\d{2}(\.\d{2})?$`)
	slugRE       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// ValidateTenant checks the fields a new tenant needs; the region's existence
// is checked by the store.
func ValidateTenant(code, slug, name string) error {
	if !tenantCodeRE.MatchString(code) {
		return apperr.InvalidField("code", "tenant.code.invalid", map[string]any{"Code": code})
	}
	if len(slug) < 2 || len(slug) > 40 || !slugRE.MatchString(slug) {
		return apperr.InvalidField("slug", "tenant.slug.invalid", nil)
	}
	if n := len(strings.TrimSpace(name)); n == 0 || n > 160 {
		return apperr.InvalidField("name", "tenant.name.invalid", nil)
	}
	return nil
}
