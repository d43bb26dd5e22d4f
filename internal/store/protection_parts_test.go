package store_test

import (
	"regexp"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// protectionFixture opens a walk-in case in Kabupaten Serang whose first
// worker is a new account, and returns the case with that worker and a
// second account of the same office who is not assigned to it.
func protectionFixture(t *testing.T, f *fixture) (store.ProtectionCase, store.Actor, store.Actor) {
	t.Helper()
	var actors []store.Actor
	for _, name := range []string{"pendamping.satu", "pendamping.dua"} {
		u, err := f.s.CreateUser(ctx, store.System, store.NewUser{TenantID: f.kab.ID, Username: name, DisplayName: name, Roles: []identity.Role{identity.Protection}, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		actors = append(actors, store.Actor{UserID: u.ID, TenantID: f.kab.ID})
	}
	c, err := f.s.OpenProtectionCase(ctx, actors[0], f.kab.ID, store.ProtectionInput{
		Via: protection.ViaWalkIn,
		Incident: protection.Incident{OccurredOn: calendar.NewDate(2026, 2, 27), ReportedAt: time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC),
			VillageCode: "36.04.05.2001", Place: protection.Household, Forms: []protection.Form{protection.Physical}},
		Victims: []protection.Victim{{Name: "Korban", Sex: protection.Female, Age: 30}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, actors[0], actors[1]
}

func countRows(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Services: notes sealed, opened only for the case's workers and that
// reading audited; removal; another government's case is not found.
func TestProtectionServices(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		c, worker, other := protectionFixture(t, f)
		victims, _ := f.s.ProtectionVictims(ctx, c.ID)
		sv, err := f.s.AddService(ctx, worker, f.kab.ID, c.PublicID, store.ProtectionService{Kind: "kesehatan_psikologis", VictimID: victims[0].ID,
			GivenOn: calendar.NewDate(2026, 3, 2), Provider: "Psikolog UPTD", Notes: vault.NewSecret("ZZKONSELINGZZ")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddService(ctx, worker, f.kab.ID, c.PublicID, store.ProtectionService{Kind: "pengaduan", GivenOn: calendar.NewDate(2026, 3, 1), Provider: "UPTD PPA"}); err != nil {
			t.Fatal(err)
		}
		// A victim of another case is refused, nothing written.
		wantCode(t, func() error {
			_, err := f.s.AddService(ctx, worker, f.kab.ID, c.PublicID, store.ProtectionService{Kind: "pengaduan", VictimID: victims[0].ID + 1000,
				GivenOn: calendar.NewDate(2026, 3, 1), Provider: "X"})
			return err
		}(), apperr.Invalid)
		// Another government's case is not found, and gets nothing.
		wantCode(t, func() error {
			_, err := f.s.AddService(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, c.PublicID, store.ProtectionService{Kind: "pengaduan", GivenOn: calendar.NewDate(2026, 3, 1), Provider: "X"})
			return err
		}(), apperr.NotFound)
		if n := countRows(t, d, `SELECT COUNT(*) FROM protection_services`); n != 2 {
			t.Fatalf("%d services", n)
		}

		list, err := f.s.Services(ctx, worker, f.kab.ID, c.PublicID)
		if err != nil || len(list) != 2 || list[0].PublicID != sv.PublicID || list[0].Notes.Reveal() != "ZZKONSELINGZZ" || list[0].VictimPublicID != victims[0].PublicID || list[1].HasNotes {
			t.Fatalf("worker's list %+v %v", list, err)
		}
		// Someone who is not the case's worker (the lead, say) sees that
		// there are notes, not what they say; that reading is not audited
		// as an opening.
		list, err = f.s.Services(ctx, other, f.kab.ID, c.PublicID)
		if err != nil || len(list) != 2 || !list[0].HasNotes || !list[0].Notes.IsZero() {
			t.Fatalf("other's list %+v %v", list, err)
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM audit_events WHERE action = 'protection.services.read'`); n != 1 {
			t.Errorf("%d service reads audited, want 1", n)
		}
		if _, err := f.s.Services(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, c.PublicID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another government listed the services: %v", err)
		}
		if _, err := f.s.Service(ctx, f.kot.ID, c.ID, sv.PublicID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another government read a service: %v", err)
		}

		wantCode(t, f.s.RemoveService(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, c.PublicID, sv.PublicID), apperr.NotFound)
		wantCode(t, f.s.RemoveService(ctx, worker, f.kab.ID, c.PublicID, "tidak-ada"), apperr.NotFound)
		if err := f.s.RemoveService(ctx, worker, f.kab.ID, c.PublicID, sv.PublicID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.RemoveService(ctx, worker, f.kab.ID, c.PublicID, sv.PublicID), apperr.NotFound)
		for action, want := range map[string]int{"protection.service.add": 2, "protection.service.remove": 1} {
			if n := countRows(t, d, `SELECT COUNT(*) FROM audit_events WHERE action = $1`, action); n != want {
				t.Errorf("%s: %d audit events, want %d", action, n, want)
			}
		}
	})
}

// Referrals: refused without a consent in force (nothing written), an
// override needs a reason of 20 characters and is audited on its own in
// the same transaction, a withdrawn consent blocks, the partner's answer
// moves only forward, and the police clock reads the first referral.
func TestProtectionReferrals(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		c, worker, lead := protectionFixture(t, f)
		at := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
		if got, err := f.s.PoliceReferredAt(ctx, c.ID); err != nil || !got.IsZero() {
			t.Fatalf("never referred: %v %v", got, err)
		}
		police := store.ReferralInput{Recipient: protection.Police, Organisation: "Polres Serang", ReferredAt: at, Note: vault.NewSecret("ZZCATATANZZ")}
		_, err := f.s.Refer(ctx, worker, f.kab.ID, c.PublicID, police)
		wantCode(t, err, apperr.Conflict)
		if ae := apperr.As(err); ae.Key != "protection.referral.no_consent.polisi" {
			t.Errorf("refusal says %q", ae.Key)
		}
		short := police
		short.Override, short.Reason = true, vault.NewSecret("terlalu singkat")
		_, err = f.s.Refer(ctx, lead, f.kab.ID, c.PublicID, short)
		wantCode(t, err, apperr.Invalid)
		nothing := func(when string) {
			t.Helper()
			if n := countRows(t, d, `SELECT COUNT(*) FROM protection_referrals`); n != 0 {
				t.Fatalf("%s: %d referrals written", when, n)
			}
			if n := countRows(t, d, `SELECT COUNT(*) FROM audit_events WHERE action LIKE 'protection.referral%'`); n != 0 {
				t.Fatalf("%s: %d referral events audited", when, n)
			}
		}
		nothing("refused")
		early := police
		early.ReferredAt, early.Override, early.Reason = time.Date(2026, 3, 1, 1, 0, 0, 0, time.UTC), true, vault.NewSecret("alasan yang cukup panjang untuk izin")
		_, err = f.s.Refer(ctx, lead, f.kab.ID, c.PublicID, early)
		wantCode(t, err, apperr.Invalid)
		nothing("dated before the victim reported")

		// The lead overrides with a reason.
		over := police
		over.Recipient, over.Organisation, over.Override, over.Reason = protection.Health, "RSUD dr. Dradjat Prawiranegara", true, vault.NewSecret("ZZALASANZZ korban terancam dan perlu visum segera")
		r1, err := f.s.Refer(ctx, lead, f.kab.ID, c.PublicID, over)
		if err != nil || !r1.Overridden() {
			t.Fatalf("override: %+v %v", r1, err)
		}
		var adds, overrides []int64
		for _, q := range []struct {
			action string
			into   *[]int64
		}{{"protection.referral.add", &adds}, {"protection.referral.override", &overrides}} {
			rows, _ := d.R.Query(`SELECT seq FROM audit_events WHERE action = $1`, q.action)
			for rows.Next() {
				var seq int64
				rows.Scan(&seq)
				*q.into = append(*q.into, seq)
			}
			rows.Close()
		}
		if len(adds) != 1 || len(overrides) != 1 || overrides[0] != adds[0]-1 {
			t.Fatalf("override audited apart from the referral: adds %v overrides %v", adds, overrides)
		}

		// With consent the worker refers; the consent is on the row.
		consent, err := f.s.RecordConsent(ctx, worker, f.kab.ID, c.PublicID, protection.Consent{Recipient: protection.Police,
			Scopes: []protection.Scope{protection.ScopeSummary, protection.ScopeIdentity}, GivenBy: protection.ByVictim, GivenOn: f.s.Now()})
		if err != nil {
			t.Fatal(err)
		}
		r2, err := f.s.Refer(ctx, worker, f.kab.ID, c.PublicID, police)
		if err != nil || r2.ConsentID != consent.ID || r2.Overridden() {
			t.Fatalf("with consent: %+v %v", r2, err)
		}
		later := police
		later.ReferredAt = at.Add(48 * time.Hour)
		// Another government cannot refer this case, whatever it says.
		_, err = f.s.Refer(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, c.PublicID, later)
		wantCode(t, err, apperr.NotFound)

		// Withdrawn: no new referral to the police.
		if err := f.s.WithdrawConsent(ctx, worker, f.kab.ID, c.PublicID, consent.PublicID); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.Refer(ctx, worker, f.kab.ID, c.PublicID, later)
		wantCode(t, err, apperr.Conflict)
		if got, err := f.s.PoliceReferredAt(ctx, c.ID); err != nil || !got.Equal(at) {
			t.Fatalf("police referred at %v %v, want %v", got, err, at)
		}
		// The referral is the report to the police: the 3×24-hour clock is met.
		if m, err := f.s.ClockMoments(ctx, f.kab.ID, c.ID); err != nil || !m.PoliceReported.Equal(at) {
			t.Fatalf("police reported at %v %v, want %v", m.PoliceReported, err, at)
		}

		list, err := f.s.Referrals(ctx, worker, f.kab.ID, c.PublicID)
		if err != nil || len(list) != 2 {
			t.Fatalf("referrals %d %v", len(list), err)
		}
		var overridden store.Referral
		for _, r := range list {
			if r.Overridden() {
				overridden = r
			}
		}
		if overridden.OverrideReason.Reveal() != over.Reason.Reveal() || overridden.OverriddenBy != lead.UserID || overridden.Note.Reveal() != "ZZCATATANZZ" {
			t.Fatalf("overridden referral %+v", overridden)
		}
		if other, err := f.s.Referrals(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, c.PublicID); len(other) != 0 || apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another government listed the referrals: %v", err)
		}
		// Someone who is not the case's worker (here the account that
		// overrode, not assigned) sees that there is a note and a reason, not
		// what they say; only the worker's reading is audited, in its own
		// transaction's event.
		list, err = f.s.Referrals(ctx, lead, f.kab.ID, c.PublicID)
		if err != nil || len(list) != 2 {
			t.Fatalf("other's referrals %d %v", len(list), err)
		}
		for _, r := range list {
			if !r.HasNote || !r.Note.IsZero() || r.Overridden() && (!r.HasReason || !r.OverrideReason.IsZero()) {
				t.Fatalf("a referral opened for someone not on the case: %+v", r)
			}
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM audit_events WHERE action = 'protection.referrals.read' AND actor_id = $1`, worker.UserID); n != 1 {
			t.Errorf("%d referral reads audited for the worker, want 1", n)
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM audit_events WHERE action = 'protection.referrals.read'`); n != 1 {
			t.Errorf("%d referral reads audited, want 1", n)
		}

		// The partner's answer, arriving after the case was closed.
		if err := f.s.CloseProtectionCase(ctx, worker, f.kab.ID, c.PublicID, "referred", calendar.NewDate(2026, 4, 1)); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetReferralStatus(ctx, worker, f.kab.ID, c.PublicID, r2.PublicID, protection.ReferralAccepted); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ReopenProtectionCase(ctx, worker, f.kab.ID, c.PublicID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.SetReferralStatus(ctx, worker, f.kab.ID, c.PublicID, r2.PublicID, protection.ReferralSent), apperr.Invalid)
		wantCode(t, f.s.SetReferralStatus(ctx, worker, f.kab.ID, c.PublicID, "tidak-ada", protection.ReferralDone), apperr.NotFound)
		wantCode(t, f.s.SetReferralStatus(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, c.PublicID, r2.PublicID, protection.ReferralDone), apperr.NotFound)
		if err := f.s.SetReferralStatus(ctx, worker, f.kab.ID, c.PublicID, r2.PublicID, protection.ReferralDone); err != nil {
			t.Fatal(err)
		}
		list, _ = f.s.Referrals(ctx, worker, f.kab.ID, c.PublicID)
		for _, r := range list {
			if r.PublicID == r2.PublicID && (r.Status != protection.ReferralDone || r.RespondedAt.IsZero()) {
				t.Fatalf("answered referral %+v", r)
			}
		}

		// A closed case takes no referral and no answer.
		if err := f.s.CloseProtectionCase(ctx, worker, f.kab.ID, c.PublicID, "referred", calendar.Date{}); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.Refer(ctx, lead, f.kab.ID, c.PublicID, over)
		wantCode(t, err, apperr.Conflict)

		// Nothing typed is in any table in clear.
		planted := regexp.MustCompile(`ZZ[A-Z]{3,}ZZ`)
		for _, table := range []string{"protection_referrals", "protection_services", "protection_consents", "audit_events"} {
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
	})
}

// The services' notes and the referrals' sealed fields are resealed with
// a new data key like every other sealed column.
func TestProtectionPartsReseal(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		c, worker, lead := protectionFixture(t, f)
		if _, err := f.s.AddService(ctx, worker, f.kab.ID, c.PublicID, store.ProtectionService{Kind: "pengaduan", GivenOn: calendar.NewDate(2026, 3, 1),
			Provider: "UPTD PPA", Notes: vault.NewSecret("catatan")}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Refer(ctx, lead, f.kab.ID, c.PublicID, store.ReferralInput{Recipient: protection.LPSK, Organisation: "LPSK", ReferredAt: f.s.Now(),
			Note: vault.NewSecret("catatan rujukan"), Override: true, Reason: vault.NewSecret("alasan yang cukup panjang untuk izin")}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddDataKeyVersion(ctx, store.System, f.kab.ID); err != nil {
			t.Fatal(err)
		}
		n, err := f.s.ResealTenant(ctx, f.kab.ID, 10)
		if err != nil || n < 3 {
			t.Fatalf("resealed %d fields: %v", n, err)
		}
		list, err := f.s.Services(ctx, worker, f.kab.ID, c.PublicID)
		if err != nil || list[0].Notes.Reveal() != "catatan" {
			t.Fatalf("notes after reseal: %v", err)
		}
		refs, err := f.s.Referrals(ctx, lead, f.kab.ID, c.PublicID)
		if err != nil || !refs[0].HasNote || !refs[0].Note.IsZero() {
			t.Fatalf("referral for someone not on the case after reseal: %v", err)
		}
		refs, err = f.s.Referrals(ctx, worker, f.kab.ID, c.PublicID)
		if err != nil || refs[0].Note.Reveal() != "catatan rujukan" || refs[0].OverrideReason.Reveal() != "alasan yang cukup panjang untuk izin" {
			t.Fatalf("referral after reseal: %v", err)
		}
	})
}
