package store_test

import (
	"regexp"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/org"
	"sigap/internal/protection"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// A protection case opened at the office: numbered, everything sealed that
// describes the victim, the counts' dimensions in clear, changes audited
// and refused once closed, consents recorded and withdrawn, reopening.
func TestProtectionCaseStore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		in := store.ProtectionInput{
			Via: protection.ViaWalkIn,
			Incident: protection.Incident{OccurredOn: calendar.NewDate(2026, 2, 27), ReportedAt: time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC),
				VillageCode: "36.04.05.2001", Place: protection.Workplace, Forms: []protection.Form{protection.Sexual, protection.Psychological}},
			Victims: []protection.Victim{{Name: "ZZKORBANZZ", NIK: "3604054507100001", Sex: protection.Female, BirthDate: calendar.NewDate(2010, 7, 5),
				Age: -1, Contact: "ZZKONTAKZZ", Address: "ZZALAMATZZ", VillageCode: "36.04.05.2001"}},
			Perpetrators: []protection.Perpetrator{{Name: "ZZPELAKUZZ", Sex: protection.Male, Age: 45, Relation: "atasan"}},
			Chronology:   vault.NewSecret("ZZKRONOLOGIZZ"),
			Summary:      vault.NewSecret("ZZRINGKASANZZ"),
		}
		c, err := f.s.OpenProtectionCase(ctx, a, f.kab.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if c.Number != "PPA/2026/0001" {
			t.Errorf("number %q", c.Number)
		}
		got, err := f.s.ProtectionCaseByID(ctx, f.kab.ID, c.PublicID)
		if err != nil || got.DistrictCode != "36.04.05" || got.DistrictName == "" || len(got.Forms) != 2 || got.Forms[0] != protection.Psychological || got.Victims != 1 {
			t.Fatalf("%+v %v", got, err)
		}
		victims, _ := f.s.ProtectionVictims(ctx, c.ID)
		if len(victims) != 1 || victims[0].AgeGroup != "13-17" || victims[0].Sex != protection.Female {
			t.Fatalf("victims %+v", victims)
		}
		det, err := f.s.OpenVictimDetails(ctx, f.kab.ID, victims[0].IdentityID)
		if err != nil || det.Address != "ZZALAMATZZ" || det.BirthDate != "2010-07-05" || det.CaseID != c.PublicID || det.VillageName == "" {
			t.Fatalf("details %+v %v", det, err)
		}
		if _, err := f.s.OpenVictimDetails(ctx, f.kot.ID, victims[0].IdentityID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another government opened the details: %v", err)
		}
		texts, err := f.s.OpenCaseTexts(ctx, a, f.kab.ID, c.PublicID, "protection.read")
		if err != nil || texts.Chronology.Reveal() != "ZZKRONOLOGIZZ" || texts.Summary.Reveal() != "ZZRINGKASANZZ" {
			t.Fatalf("texts %v", err)
		}
		if _, err := f.s.OpenCaseTexts(ctx, a, f.kot.ID, c.PublicID, "protection.read"); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another government read the texts: %v", err)
		}

		// Resealed under a new data key, everything still opens.
		if _, err := f.s.AddDataKeyVersion(ctx, store.System, f.kab.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := f.s.ResealTenant(ctx, f.kab.ID, 10); err != nil || n < 7 {
			t.Fatalf("resealed %d: %v", n, err)
		}
		if det, err := f.s.OpenVictimDetails(ctx, f.kab.ID, victims[0].IdentityID); err != nil || det.Address != "ZZALAMATZZ" {
			t.Fatalf("details after reseal: %v", err)
		}
		if texts, err := f.s.OpenCaseTexts(ctx, a, f.kab.ID, c.PublicID, "protection.read"); err != nil || texts.Summary.Reveal() != "ZZRINGKASANZZ" {
			t.Fatalf("texts after reseal: %v", err)
		}
		if perps, err := f.s.ProtectionPerpetrators(ctx, f.kab.ID, c.ID); err != nil || perps[0].Name.Reveal() != "ZZPELAKUZZ" {
			t.Fatalf("perpetrator after reseal: %v", err)
		}

		// Nothing typed is in any table in clear.
		planted := regexp.MustCompile(`ZZ[A-Z]{3,}ZZ|3604054507100001`)
		for _, table := range []string{"protection_cases", "protection_victims", "protection_perpetrators", "sealed_identities", "audit_events"} {
			rows, err := d.R.Query(`SELECT * FROM ` + table)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			for rows.Next() {
				rows.Scan(ptrs...)
				for i, v := range vals {
					if b, ok := v.([]byte); ok && planted.Match(b) || planted.MatchString(toString(v)) {
						t.Errorf("%s.%s holds clear text", table, cols[i])
					}
				}
			}
			rows.Close()
		}

		// The incident moved to 2023: the victim born in July 2010 was 12
		// then, in 6-12; the counts follow.
		moved := in.Incident
		moved.OccurredOn = calendar.NewDate(2023, 2, 27)
		if err := f.s.SetIncident(ctx, a, f.kab.ID, c.PublicID, moved); err != nil {
			t.Fatal(err)
		}
		if vs, _ := f.s.ProtectionVictims(ctx, c.ID); vs[0].AgeGroup != "6-12" {
			t.Errorf("age group after the incident moved: %q", vs[0].AgeGroup)
		}
		if n, err := f.s.CheckProtectionCounts(ctx, f.kab.ID); err != nil || n != 0 {
			t.Errorf("counts differ from a recount in %d cells: %v", n, err)
		}
		if err := f.s.SetIncident(ctx, a, f.kab.ID, c.PublicID, in.Incident); err != nil {
			t.Fatal(err)
		}
		if vs, _ := f.s.ProtectionVictims(ctx, c.ID); vs[0].AgeGroup != "13-17" {
			t.Errorf("age group after the incident moved back: %q", vs[0].AgeGroup)
		}

		// Consent for a summary to the personnel agency, then withdrawn.
		consent, err := f.s.RecordConsent(ctx, a, f.kab.ID, c.PublicID, protection.Consent{Recipient: protection.Personnel,
			Scopes: []protection.Scope{protection.ScopeSummary}, GivenBy: protection.ByGuardian, GivenOn: f.s.Now()})
		if err != nil {
			t.Fatal(err)
		}
		cs, _ := f.s.Consents(ctx, c.ID)
		if !protection.Allows(cs, protection.Personnel, protection.ScopeSummary) || protection.Allows(cs, protection.Personnel, protection.ScopeChronology) {
			t.Fatalf("consents %+v", cs)
		}
		if err := f.s.WithdrawConsent(ctx, a, f.kab.ID, c.PublicID, consent.PublicID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.WithdrawConsent(ctx, a, f.kab.ID, c.PublicID, consent.PublicID), apperr.NotFound)
		cs, _ = f.s.Consents(ctx, c.ID)
		if protection.Allows(cs, protection.Personnel, protection.ScopeSummary) || len(cs) != 1 {
			t.Fatalf("withdrawn consent still holds: %+v", cs)
		}

		// Closed: changes refused; reopened: allowed again, history kept.
		wantCode(t, f.s.ReopenProtectionCase(ctx, a, f.kab.ID, c.PublicID), apperr.Conflict)
		if err := f.s.CloseProtectionCase(ctx, a, f.kab.ID, c.PublicID, "services_done", calendar.NewDate(2026, 6, 1)); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.SetCaseTexts(ctx, a, f.kab.ID, c.PublicID, vault.NewSecret("x"), vault.Secret{}), apperr.Conflict)
		if err := f.s.ReopenProtectionCase(ctx, a, f.kab.ID, c.PublicID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetCaseTexts(ctx, a, f.kab.ID, c.PublicID, vault.NewSecret("baru"), vault.Secret{}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.SetCaseTexts(ctx, a, f.kot.ID, c.PublicID, vault.NewSecret("x"), vault.Secret{}), apperr.NotFound)
		for action, want := range map[string]int{"protection.open": 1, "protection.close": 1, "protection.reopen": 1, "protection.texts": 1, "protection.incident": 2,
			"protection.consent.record": 1, "protection.consent.withdraw": 1, "protection.read": 2, "identity.seal": 1} {
			var n int
			d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = $1`, action).Scan(&n)
			if n != want {
				t.Errorf("%s: %d audit events, want %d", action, n, want)
			}
		}

		// A second case takes the next number; the other government starts its own.
		c2, err := f.s.OpenProtectionCase(ctx, a, f.kab.ID, in)
		if err != nil || c2.Number != "PPA/2026/0002" {
			t.Fatalf("%q %v", c2.Number, err)
		}
		c3, err := f.s.OpenProtectionCase(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, in)
		if err != nil || c3.Number != "PPA/2026/0001" {
			t.Fatalf("%q %v", c3.Number, err)
		}
		list, total, err := f.s.ProtectionCases(ctx, f.kab.ID, store.ProtectionFilter{Limit: 50})
		if err != nil || total != 2 || len(list) != 2 || list[0].PublicID != c2.PublicID {
			t.Fatalf("list %d %v", total, err)
		}
	})
}

// A worker who turns out to be a perpetrator of the case is taken off it
// in the same transaction, and cannot be assigned again.
func TestProtectionAccusedWorker(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		n, _ := nip.Parse("198504042010031004")
		if _, err := f.s.CreateUnit(ctx, a, f.kab.ID, org.UnitInput{Name: "Dinas", Kind: org.KindDinas}); err != nil {
			t.Fatal(err)
		}
		if _, problems, err := f.s.ImportEmployees(ctx, store.System, f.kab.ID, []roster.Row{{Line: 2, NIP: n, Name: "Staf Uji", Status: roster.PNS,
			Position: "Pengadministrasi Umum", Kind: roster.Pelaksana, Unit: "Dinas", State: roster.Active}}, store.ImportOptions{}); err != nil || len(problems) > 0 {
			t.Fatal(err, problems)
		}
		staff, _ := f.s.EmployeeByNIP(ctx, f.kab.ID, n.String())
		u, err := f.s.CreateUser(ctx, store.System, store.NewUser{TenantID: f.kab.ID, Username: "pendamping", DisplayName: "Pendamping",
			Roles: []identity.Role{identity.Protection}, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.LinkUserEmployee(ctx, a, f.kab.ID, u.ID, staff.ID); err != nil {
			t.Fatal(err)
		}
		c, err := f.s.OpenProtectionCase(ctx, store.Actor{UserID: u.ID, TenantID: f.kab.ID}, f.kab.ID, store.ProtectionInput{Via: protection.ViaWalkIn,
			Incident: protection.Incident{OccurredOn: calendar.NewDate(2026, 3, 1), ReportedAt: f.s.Now(), VillageCode: "36.04.05.2001",
				Place: protection.Workplace, Forms: []protection.Form{protection.Sexual}},
			Victims: []protection.Victim{{Name: "Korban", Sex: protection.Female, Age: 30}}})
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := f.s.IsProtectionWorker(ctx, c.ID, u.ID); !ok {
			t.Fatal("the opener is not the first worker")
		}
		if err := f.s.AddPerpetrator(ctx, a, f.kab.ID, c.PublicID, protection.Perpetrator{Age: -1, Relation: "rekan_kerja", EmployeeID: staff.ID}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := f.s.IsProtectionWorker(ctx, c.ID, u.ID); ok {
			t.Error("a perpetrator still works on the case")
		}
		wantCode(t, f.s.AssignWorker(ctx, a, f.kab.ID, c.PublicID, u.ID), apperr.Invalid)
		if staffList, _ := f.s.ProtectionStaff(ctx, f.kab.ID, c.ID); len(staffList) != 0 {
			t.Errorf("the perpetrator is offered as a worker: %+v", staffList)
		}
	})
}
