package i18n

import (
	"strings"
	"testing"

	"sigap/internal/discipline"
)

// The conflict-of-interest messages are built from the roles and kinds of
// relation (discipline.Conflict.Key), which the scan of used keys cannot
// see: each one the rules can give is in both catalogues, and names the
// relation in its own language. Which roles give one is asked of the rules
// themselves, so a role they come to count is checked here too.
func TestConflictKeysExist(t *testing.T) {
	c := load(t)
	roles := append([]discipline.Role{discipline.Accused}, discipline.PartyRoles...)
	// people puts employee 2 in role r, or in a relation of kind to the
	// one who holds it.
	people := func(r discipline.Role, kind string) discipline.People {
		p := discipline.People{Accused: 1}
		holder := int64(2)
		if kind != "" {
			holder = 3
			p.Ties = []discipline.Tie{{EmployeeID: 2, Kind: kind}}
		}
		if r == discipline.Accused {
			p.Accused = holder
		} else {
			p.Parties = []discipline.Party{{ID: 9, Role: r, EmployeeID: holder}}
			if kind != "" {
				p.Ties[0].PartyID = 9
			}
		}
		return p
	}
	checked := map[string]bool{}
	for _, prefix := range []string{"case.conflict", "case.team.conflict", "case.team.barred"} {
		for _, r := range roles {
			for _, kind := range []string{"", "spouse"} {
				p := people(r, kind)
				conflict, ok := p.ConflictOf(2) // acting on the case
				if prefix != "case.conflict" {
					conflict, ok = p.Barred(2) // sitting on its team
				}
				if !ok {
					continue // nobody is in conflict for being a witness, or related to one
				}
				key := conflict.Key(prefix)
				checked[key] = true
				for _, lang := range []string{"id", "en"} {
					if !c.Keys(lang)[key] {
						t.Errorf("%s missing in %s", key, lang)
						continue
					}
					msg := c.T(lang, key, conflict.Args())
					if kind != "" && !strings.Contains(msg, map[string]string{"id": "Suami/istri", "en": "Spouse"}[lang]) {
						t.Errorf("%s in %s does not name the relation: %s", key, lang, msg)
					}
				}
			}
		}
	}
	for _, k := range []string{"case.conflict.self", "case.conflict.involved", "case.conflict.relation.involved", "case.team.conflict.witness",
		"case.team.barred.relation.victim", "case.team.barred.witness"} {
		if !checked[k] {
			t.Errorf("%s was not checked: the rules or this test changed", k)
		}
	}
	if checked["case.conflict.witness"] || checked["case.conflict.relation.witness"] {
		t.Error("a witness is in conflict")
	}
}
