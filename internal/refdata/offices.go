package refdata

// Office is one Perangkat Daerah (regional government unit) of a tenant.
type Office struct {
	// Tenant is the tenant's slug, e.g. "kab-serang".
	Tenant string
	// Name is the unit's full name, e.g. "Dinas Kesehatan".
	Name string
	// Abbreviation is the customary short name, e.g. "Dinkes"; empty for
	// kecamatan, which have none.
	Abbreviation string
	// Kind is the unit's type; see ValidOfficeKind.
	Kind string
}

// Office kinds, as used in OfficesFile: the types of Perangkat Daerah of
// PP 18/2016 (sekretariat, inspektorat, badan, dinas, kecamatan), with
// Satpol PP and the RSUD as kinds of their own because their legal basis
// differs from an ordinary dinas. Kecamatan are included because cases are
// routed to them like to any other unit.
const (
	OfficeSekretariat = "sekretariat"
	OfficeInspektorat = "inspektorat"
	OfficeBadan       = "badan"
	OfficeDinas       = "dinas"
	OfficeSatpolPP    = "satpol_pp"
	OfficeRSUD        = "rsud"
	OfficeKecamatan   = "kecamatan"
)

// ValidOfficeKind reports whether kind is one of the Office* kinds.
func ValidOfficeKind(kind string) bool {
	switch kind {
	case OfficeSekretariat, OfficeInspektorat, OfficeBadan, OfficeDinas,
		OfficeSatpolPP, OfficeRSUD, OfficeKecamatan:
		return true
	}
	return false
}

// maxTenant and maxAbbreviation bound the short fields; tenant slugs end up
// in URLs and abbreviations in narrow table columns.
const (
	maxTenant       = 63
	maxAbbreviation = 50
)

// validTenant reports whether s is a tenant slug: lowercase ASCII letters
// and digits in hyphen-separated groups, at most 63 characters (so it can
// serve as a DNS label). ParseOffices accepts any such slug rather than a
// fixed list, so the same format serves tenants added later.
func validTenant(s string) bool {
	if s == "" || len(s) > maxTenant || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}
