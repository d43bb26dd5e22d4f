package roster

import (
	"strings"

	"sigap/internal/org"
)

// UnitMatcher finds the unit a roster row names. Personnel systems write
// the office's full name, its abbreviation, or a path from the office down
// ("Dinas Pendidikan > Bidang SD"); case and spacing do not matter.
type UnitMatcher struct {
	byName map[string][]int64
	parent map[int64]int64
	names  map[int64][]string // folded name and abbreviation of each unit
}

// NewUnitMatcher indexes the active units of one tenant.
func NewUnitMatcher(units []org.Unit) *UnitMatcher {
	m := &UnitMatcher{byName: map[string][]int64{}, parent: map[int64]int64{}, names: map[int64][]string{}}
	for _, u := range units {
		if u.Archived {
			continue
		}
		m.parent[u.ID] = u.ParentID
		for _, n := range []string{u.Name, u.Abbreviation} {
			if f := foldName(n); f != "" && !containsID(m.byName[f], u.ID) {
				m.byName[f] = append(m.byName[f], u.ID)
				m.names[u.ID] = append(m.names[u.ID], f)
			}
		}
	}
	return m
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func foldName(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// Match returns the unit named by s. When nothing matches it returns the
// message key roster.unit.unknown; when several units share the name,
// roster.unit.ambiguous (the file should then give the path).
func (m *UnitMatcher) Match(s string) (int64, string) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '>' || r == '/' })
	if len(parts) == 0 {
		return 0, "roster.unit.unknown"
	}
	if len(parts) > 1 {
		// A name may itself hold a slash ("Bagian Umum/Keuangan"): try it whole first.
		if ids := m.byName[foldName(s)]; len(ids) == 1 {
			return ids[0], ""
		}
	}
	candidates := m.byName[foldName(parts[len(parts)-1])]
	var found []int64
	for _, id := range candidates {
		if m.pathMatches(id, parts[:len(parts)-1]) {
			found = append(found, id)
		}
	}
	switch len(found) {
	case 0:
		return 0, "roster.unit.unknown"
	case 1:
		return found[0], ""
	}
	return 0, "roster.unit.ambiguous"
}

// pathMatches reports whether the given ancestors, outermost first, are
// ancestors of id in that order (not necessarily adjacent).
func (m *UnitMatcher) pathMatches(id int64, ancestors []string) bool {
	at := m.parent[id]
	for i := len(ancestors) - 1; i >= 0; i-- {
		want := foldName(ancestors[i])
		for at != 0 && !containsName(m.names[at], want) {
			at = m.parent[at]
		}
		if at == 0 {
			return false
		}
		at = m.parent[at]
	}
	return true
}

func containsName(names []string, n string) bool {
	for _, x := range names {
		if x == n {
			return true
		}
	}
	return false
}
