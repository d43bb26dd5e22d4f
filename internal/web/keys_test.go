package web

import (
	"fmt"
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/i18n"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/protection"
)

// Templates build some keys from values (printf "role.%s"); each family
// must be complete in the catalogue.
func TestDynamicKeysExist(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range append(append([]identity.Role{}, identity.TenantRoles...), identity.InstallationRoles...) {
		keys = append(keys, "role."+string(r), "role."+string(r)+".desc", "home."+string(r)+".what", "home."+string(r)+".empty")
	}
	for _, k := range org.UnitKinds {
		keys = append(keys, "unit.kind."+string(k))
	}
	for _, k := range []calendar.Kind{calendar.KindHoliday, calendar.KindCutiBersama, calendar.KindLocal} {
		keys = append(keys, "calendar.kind."+string(k))
	}
	keys = append(keys, "identity.role.reporter", "identity.role.victim")
	for _, f := range protection.Forms {
		keys = append(keys, "protection.form."+string(f))
	}
	for _, p := range protection.Places {
		keys = append(keys, "protection.place."+string(p))
	}
	for _, r := range protection.Relations {
		keys = append(keys, "protection.relation."+string(r))
	}
	for _, d := range protection.Disabilities {
		keys = append(keys, "protection.disability."+string(d))
	}
	for _, o := range protection.Outcomes {
		keys = append(keys, "protection.outcome."+string(o))
	}
	for _, r := range protection.Recipients {
		keys = append(keys, "protection.recipient."+string(r))
	}
	for _, sc := range protection.Scopes {
		keys = append(keys, "protection.scope."+string(sc))
	}
	for _, v := range protection.Vias {
		keys = append(keys, "protection.via."+string(v))
	}
	keys = append(keys, "protection.sex.P", "protection.sex.L", "protection.status.open", "protection.status.closed",
		"protection.given_by.victim", "protection.given_by.guardian")
	// The parts of a protection case name their vocabularies by value.
	for _, k := range protection.Services {
		keys = append(keys, "protection.service."+string(k))
	}
	for _, r := range protection.Recipients {
		keys = append(keys, "protection.recipient."+string(r), "protection.referral.no_consent."+string(r))
	}
	for _, sc := range protection.Scopes {
		keys = append(keys, "protection.scope."+string(sc), "protection.scope."+string(sc)+".explain")
	}
	for _, st := range protection.ReferralStatuses {
		keys = append(keys, "protection.referral.status."+string(st))
	}
	keys = append(keys, "protection.consent.given_by."+string(protection.ByVictim), "protection.consent.given_by."+string(protection.ByGuardian),
		"protection.sex."+string(protection.Female), "protection.sex."+string(protection.Male))
	for _, st := range []string{"pending", "approved", "refused"} {
		keys = append(keys, "unseal.status."+st)
	}
	for _, c := range []apperr.Code{apperr.Invalid, apperr.NotFound, apperr.Forbidden, apperr.Unauthorized, apperr.Conflict, apperr.Internal} {
		keys = append(keys, fmt.Sprintf("error.status.%d", apperr.Status(apperr.New(c, "x"))))
	}
	for _, lang := range i18n.Languages {
		for _, k := range keys {
			if !cat.Keys(lang)[k] {
				t.Errorf("%s: %s missing", lang, k)
			}
		}
	}
}
