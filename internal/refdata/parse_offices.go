package refdata

import "io"

// officesHeader is the exact header of OfficesFile.
const officesHeader = "tenant,name,abbreviation,kind"

// ParseOffices reads Perangkat Daerah in the format of OfficesFile
// (tenant,name,abbreviation,kind) and returns them in file order.
//
// tenant must be a slug, name non-empty (at most 200 characters), kind one
// of the Office* kinds, and abbreviation is optional (at most 50
// characters). Within a tenant, names must be unique, and so must non-empty
// abbreviations, because users pick units by either. On any problem it
// returns nil and a ParseErrors. Names and abbreviations are trimmed.
func ParseOffices(r io.Reader) ([]Office, error) {
	p := &problems{file: OfficesFile}
	t, ok := openTable(r, p, officesHeader)
	if !ok {
		return nil, p.err()
	}
	type key struct{ tenant, value string }
	names := make(map[key]int)
	abbrevs := make(map[key]int)
	var out []Office
	for {
		rec, line, ok := t.next()
		if !ok {
			break
		}
		before := p.count()
		tenant := rec[0]
		if !validTenant(tenant) {
			p.add(line, "tenant", "%s is not a valid tenant slug (expected lowercase letters, digits and hyphens, e.g. kab-serang)", quote(tenant))
		}
		name, problem := checkText(rec[1], maxName, true)
		if problem != "" {
			p.add(line, "name", "%s", problem)
		}
		abbr, problem := checkText(rec[2], maxAbbreviation, false)
		if problem != "" {
			p.add(line, "abbreviation", "%s", problem)
		}
		if !ValidOfficeKind(rec[3]) {
			p.add(line, "kind", "%s is not a valid kind (expected sekretariat, inspektorat, badan, dinas, satpol_pp, rsud or kecamatan)", quote(rec[3]))
		}
		if first, dup := names[key{tenant, name}]; dup && name != "" {
			p.add(line, "name", "duplicate name %s for tenant %s (first on line %d)", quote(name), quote(tenant), first)
		} else {
			names[key{tenant, name}] = line
		}
		if first, dup := abbrevs[key{tenant, abbr}]; dup && abbr != "" {
			p.add(line, "abbreviation", "duplicate abbreviation %s for tenant %s (first on line %d)", quote(abbr), quote(tenant), first)
		} else if abbr != "" {
			abbrevs[key{tenant, abbr}] = line
		}
		if p.count() == before {
			out = append(out, Office{Tenant: tenant, Name: name, Abbreviation: abbr, Kind: rec[3]})
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}
