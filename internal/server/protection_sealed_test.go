package server_test

import (
	"maps"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"sigap/internal/access"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
	"sigap/internal/vault"
)

// victimSecrets are what a victim's sealed identity holds, as they would
// appear on a page.
var victimSecrets = []string{"ZZNAMAKORBANZZ", "3604054507960001", "ZZKONTAKZZ", "ZZALAMATZZ", "1996-07-05"}

// No path shows a victim's sealed field to a user without an approved
// unseal. In each round every role signs in, some with an approved
// request for the victim's identity and some without, under consents
// chosen at random (the personnel agency may even hold consent to the
// victim's identity: the bridge still shows only the summary and the
// chronology); every page is walked. The approvals are
// stored directly, whoever the role: only /identities/{id} of a user
// holding a running approval who may also work on the victim's case may
// show the fields, and it must; for any other role an approval opens
// nothing. The same walk holds the bridge to its rule: the chronology and
// summary are on the case page for its workers and on the discipline case
// page exactly when the victim consented to that part; the counselling
// and referral notes only on their own pages, for the case's workers.
func TestSealedVictimFieldsProperty(t *testing.T) {
	env := testserver.Start(t, db.SQLite)
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(7, uint64(time.Now().UnixNano())))
	importRoster(t, env, []roster.Row{{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Kepala Bidang Uji", Status: roster.PNS,
		Position: "Kepala Bidang", Kind: roster.Administrator, Unit: "Inspektorat", State: roster.Active}})
	boss, _ := env.Store.EmployeeByNIP(ctx, env.Kab.ID, "197001011995031001")
	form := env.Client(t).Get("/lapor/kab-serang")
	env.Client(t).Post("/lapor/kab-serang", goodReport(t, form))
	reports, _, _ := env.Store.Reports(ctx, env.Kab.ID, store.ReportQuery{})
	if len(reports) != 1 {
		t.Fatal("no report")
	}
	r := reports[0]
	if err := env.Store.LinkReportEmployee(ctx, store.System, env.Kab.ID, r.PublicID, boss.ID); err != nil {
		t.Fatal(err)
	}
	dc, _ := env.Store.AddOutcome(ctx, store.System, env.Kab.ID, r.PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
	po, err := env.Store.AddOutcome(ctx, store.System, env.Kab.ID, r.PublicID, report.Outcome{Kind: report.OpenProtectionCase})
	if err != nil {
		t.Fatal(err)
	}
	pub := po.CasePublicID
	day := calendar.DateOf(env.Now(), protection.WIB).AddDays(-3)
	if err := env.Store.SetIncident(ctx, store.System, env.Kab.ID, pub, protection.Incident{OccurredOn: day, ReportedAt: env.Now().Add(-time.Hour),
		VillageCode: "36.04.05.2001", Place: protection.Workplace, Forms: []protection.Form{protection.Sexual}}); err != nil {
		t.Fatal(err)
	}
	if err := env.Store.AddVictim(ctx, store.System, env.Kab.ID, pub, protection.Victim{Name: "ZZNAMAKORBANZZ", NIK: "3604054507960001",
		Sex: protection.Female, BirthDate: calendar.NewDate(1996, 7, 5), Age: -1, Contact: "ZZKONTAKZZ", Address: "ZZALAMATZZ",
		VillageCode: "36.04.05.2002"}, day); err != nil {
		t.Fatal(err)
	}
	if err := env.Store.SetCaseTexts(ctx, store.System, env.Kab.ID, pub, vault.NewSecret("ZZKRONOLOGIZZ kejadian."), vault.NewSecret("ZZRINGKASANZZ kejadian.")); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.AddService(ctx, store.System, env.Kab.ID, pub, store.ProtectionService{Kind: "kesehatan_psikologis", GivenOn: day,
		Provider: "Psikolog", Notes: vault.NewSecret("ZZKONSELINGZZ catatan")}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.Refer(ctx, store.System, env.Kab.ID, pub, store.ReferralInput{Recipient: protection.LegalAid, Organisation: "LBH",
		ReferredAt: env.Now(), Note: vault.NewSecret("ZZRUJUKANZZ catatan"), Override: true, Reason: vault.NewSecret("alasan yang cukup panjang untuk izin")}); err != nil {
		t.Fatal(err)
	}
	pc, _ := env.Store.ProtectionCaseByID(ctx, env.Kab.ID, pub)
	victims, _ := env.Store.ProtectionVictims(ctx, pc.ID)
	perps, _ := env.Store.ProtectionPerpetrators(ctx, env.Kab.ID, pc.ID)
	victimIdentity := victims[0].IdentityID
	objects := map[string]string{"protection": pub, "perpetrator": perps[0].PublicID, "case": dc.CasePublicID, "report": r.PublicID,
		"identity": victimIdentity, "employee": itoa(boss.ID), "unit": itoa(env.Units["kab/Inspektorat"].ID), "region": "36.04",
		"user": itoa(env.Users["admin.kab"].ID), "day": day.String()}
	custodian := env.Users["custodian.kab"]

	for round := range 3 {
		// Consents at random, the personnel agency's identity scope among them.
		consents, _ := env.Store.Consents(ctx, pc.ID)
		for _, c := range consents {
			if c.Holds() {
				env.Store.WithdrawConsent(ctx, store.System, env.Kab.ID, pub, c.PublicID)
			}
		}
		var scopes []protection.Scope
		for _, s := range protection.Scopes {
			if rng.IntN(2) == 0 {
				scopes = append(scopes, s)
			}
		}
		if len(scopes) > 0 {
			if _, err := env.Store.RecordConsent(ctx, store.System, env.Kab.ID, pub, protection.Consent{Recipient: protection.Personnel,
				Scopes: scopes, GivenBy: protection.ByVictim, GivenOn: env.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		for _, role := range identity.TenantRoles {
			username := "sealed." + string(role) + "." + itoa(int64(round))
			u := env.AddUser(t, username, env.Kab.ID, role)
			if access.Can(u, access.WorkProtection) {
				if err := env.Store.AssignWorker(ctx, store.System, env.Kab.ID, pub, u.ID); err != nil {
					t.Fatal(err)
				}
			}
			// A case worker and an examiner are always among the granted in the
			// first round: one must see the fields, the other never.
			granted := access.Can(u, access.RequestUnseal) && (rng.IntN(2) == 0 || round == 0 && (role == identity.Protection || role == identity.Examiner))
			if granted {
				req, err := env.Store.RequestUnseal(ctx, store.Actor{UserID: u.ID, TenantID: env.Kab.ID}, env.Kab.ID, victimIdentity, vault.NewSecret("untuk pendampingan korban"))
				if err != nil {
					t.Fatal(err)
				}
				if err := env.Store.DecideUnseal(ctx, store.Actor{UserID: custodian.ID, TenantID: env.Kab.ID}, env.Kab.ID, req.PublicID, true, vault.Secret{}, time.Hour); err != nil {
					t.Fatal(err)
				}
			}
			c := env.Client(t)
			c.SignIn(username)
			for _, pattern := range slices.Sorted(maps.Keys(pageGates)) {
				method, path, _ := strings.Cut(pattern, " ")
				if method != "GET" {
					continue
				}
				path = strings.TrimSuffix(path, "{$}")
				filled, ok := fillObjects(path, objects)
				if !ok {
					continue
				}
				body := c.Get(filled).Body
				identityPage := filled == "/identities/"+victimIdentity
				// Every role that may work on protection cases works on this
				// one (assigned above, or the lead); nobody here is its accused.
				opens := granted && identityPage && access.Can(u, access.WorkProtection)
				// What the case says, and its notes: to its workers on its
				// own pages; to the discipline side only what was consented.
				worker := access.Can(u, access.WorkProtection)
				discipline := filled == "/cases/"+dc.CasePublicID && access.Can(u, access.ViewCases)
				for marker, allowed := range map[string]bool{
					"ZZKRONOLOGIZZ": worker && filled == "/protection/"+pub || discipline && slices.Contains(scopes, protection.ScopeChronology),
					"ZZRINGKASANZZ": worker && filled == "/protection/"+pub || discipline && slices.Contains(scopes, protection.ScopeSummary),
					"ZZKONSELINGZZ": worker && filled == "/protection/"+pub+"/services",
					"ZZRUJUKANZZ":   worker && filled == "/protection/"+pub+"/referrals",
				} {
					if strings.Contains(body, marker) && !allowed {
						t.Errorf("round %d, %s: %s shows %s (scopes %v)", round, role, filled, marker, scopes)
					}
					if !strings.Contains(body, marker) && allowed {
						t.Errorf("round %d, %s: %s does not show %s (scopes %v)", round, role, filled, marker, scopes)
					}
				}
				for _, secret := range victimSecrets {
					shown := strings.Contains(body, secret)
					if shown && !opens {
						t.Errorf("round %d, %s: %s shows the sealed %q without an approved unseal on a case they work on", round, role, filled, secret)
					}
					if !shown && opens {
						t.Errorf("round %d, %s: the approved identity page does not show %q", round, role, secret)
					}
				}
			}
		}
	}
}

// fillObjects puts the objects into a route's path; false when the route
// names an object the walk has none of.
func fillObjects(path string, objects map[string]string) (string, bool) {
	names := map[string]string{"{id}": "", "{perpetrator}": "perpetrator", "{day}": "day", "{code}": "region"}
	for _, kind := range []string{"protection", "case", "report", "identity", "employee", "unit", "user", "request"} {
		if strings.HasPrefix(path, map[string]string{"protection": "/protection/", "case": "/cases/", "report": "/reports/",
			"identity": "/identities/", "employee": "/employees/", "unit": "/admin/units/", "user": "/admin/users/", "request": "/custodian/requests/"}[kind]) {
			names["{id}"] = kind
			break
		}
	}
	for placeholder, kind := range names {
		if !strings.Contains(path, placeholder) {
			continue
		}
		v := objects[kind]
		if v == "" {
			return "", false
		}
		path = strings.ReplaceAll(path, placeholder, url.PathEscape(v))
	}
	return path, !strings.Contains(path, "{")
}
