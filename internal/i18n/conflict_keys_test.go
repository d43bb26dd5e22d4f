package i18n

import (
	"strings"
	"testing"

	"sigap/internal/discipline"
)

// The conflict-of-interest messages are built from the roles and kinds of
// relation (discipline.Conflict.Key), which the scan of used keys cannot
// see: each one is in both catalogues, and names the relation in its own
// language.
func TestConflictKeysExist(t *testing.T) {
	c := load(t)
	roles := append([]discipline.Role{discipline.Accused}, discipline.PartyRoles...)
	for _, prefix := range []string{"case.conflict", "case.team.conflict"} {
		for _, r := range roles {
			for _, kind := range []string{"", "spouse"} {
				conflict := discipline.Conflict{Role: r, Kind: kind}
				own := r == discipline.Reporter || r == discipline.Victim || r == discipline.Accused
				if prefix == "case.conflict" && !own || kind != "" && !own {
					continue // nobody is in conflict for being a witness, or related to one
				}
				key := conflict.Key(prefix)
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
}
