package store_test

import (
	"fmt"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/retention"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// retentionRecords plants closed reports and cases directly, dated
// relative to the fixture's clock (2 March 2026).
type retentionRecords struct {
	t   *testing.T
	f   *fixture
	d   *db.DB
	seq int
}

func (r *retentionRecords) report(status string, closed time.Time) (int64, string) {
	r.t.Helper()
	r.seq++
	pub := fmt.Sprintf("rpt-%02d", r.seq)
	var closedAt any
	if !closed.IsZero() {
		closedAt = closed
	}
	var id int64
	if err := r.d.W.QueryRow(`INSERT INTO reports (tenant_id, public_id, receipt_lookup, channel, category, mode, status, reporter_is_victim, contact_victim,
		share_identity, content_enc, created_at, updated_at, closed_at) VALUES ($1, $2, $3, 'web', 'other', 'anonymous', $4, FALSE, FALSE, FALSE, $5, $6, $6, $7) RETURNING id`,
		r.f.kab.ID, pub, []byte(pub), status, []byte("x"), closed.AddDate(0, -1, 0), closedAt).Scan(&id); err != nil {
		r.t.Fatal(err)
	}
	return id, pub
}

// disciplineCase plants a case from report with the steps given as
// kind, day1, day2, sanction, outcome.
func (r *retentionRecords) disciplineCase(report int64, status string, steps ...[5]string) (int64, string) {
	r.t.Helper()
	r.seq++
	pub := fmt.Sprintf("dc-%02d", r.seq)
	var id int64
	if err := r.d.W.QueryRow(`INSERT INTO discipline_cases (tenant_id, public_id, number, status, opened_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		r.f.kab.ID, pub, "KD/"+pub, status, r.f.s.Now().AddDate(-8, 0, 0)).Scan(&id); err != nil {
		r.t.Fatal(err)
	}
	if report != 0 {
		if _, err := r.d.W.Exec(`INSERT INTO discipline_case_reports (case_id, report_id) VALUES ($1, $2)`, id, report); err != nil {
			r.t.Fatal(err)
		}
	}
	for _, st := range steps {
		day := func(s string) any {
			if s == "" {
				return nil
			}
			d, err := calendar.ParseDate(s)
			if err != nil {
				r.t.Fatal(err)
			}
			return d
		}
		if _, err := r.d.W.Exec(`INSERT INTO discipline_steps (tenant_id, case_id, kind, day1, day2, sanction, outcome, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			r.f.kab.ID, id, st[0], day(st[1]), day(st[2]), st[3], st[4], r.f.s.Now()); err != nil {
			r.t.Fatal(err)
		}
	}
	return id, pub
}

func (r *retentionRecords) protectionCase(report int64, status string, closed time.Time) string {
	r.t.Helper()
	r.seq++
	pub := fmt.Sprintf("pc-%02d", r.seq)
	var rep, closedAt any
	if report != 0 {
		rep = report
	}
	if !closed.IsZero() {
		closedAt = closed
	}
	if _, err := r.d.W.Exec(`INSERT INTO protection_cases (tenant_id, public_id, number, report_id, status, opened_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		r.f.kab.ID, pub, "PPA/"+pub, rep, status, r.f.s.Now().AddDate(-8, 0, 0), closedAt); err != nil {
		r.t.Fatal(err)
	}
	return pub
}

func previewOf(t *testing.T, f *fixture, days int) map[string]store.PurgeCandidate {
	t.Helper()
	cal, err := f.s.Calendar(ctx, f.kab.ID)
	if err != nil {
		t.Fatal(err)
	}
	today := calendar.DateOf(f.s.Now(), time.FixedZone("WIB", 7*3600))
	list, err := f.s.RetentionPreview(ctx, f.kab.ID, today, days, cal)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.PurgeCandidate{}
	for i, c := range list {
		if i > 0 && c.PurgeOn.Before(list[i-1].PurgeOn) {
			t.Errorf("preview not in date order at %s", c.PublicID)
		}
		out[c.PublicID] = c
	}
	return out
}

// The preview counts from the end of each record's legal life: a report
// from its closing, a discipline case from its final decision and the
// sanction served; an objection pending, an open linked case or a hold
// keeps a record, and releasing the hold lets it go.
func TestRetentionPreview(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		r := &retentionRecords{t: t, f: f, d: d}
		now := f.s.Now()
		admin := store.Actor{TenantID: f.kab.ID}

		_, oldRejected := r.report("closed", now.AddDate(-2, -1, 0))  // period (24 months) ended a month ago
		_, soonRejected := r.report("closed", now.AddDate(-2, 0, 10)) // ends in 10 days
		_, freshRejected := r.report("closed", now.AddDate(0, -1, 0)) // two years to go
		_, heldRejected := r.report("closed", now.AddDate(-3, 0, 0))  // held
		r.report("in_review", time.Time{})                            // running

		// A reprimand received in January 2019: final 15 working days
		// later, served the same day; five years since: due.
		rep, _ := r.report("closed", now.AddDate(-7, 0, 0))
		_, served := r.disciplineCase(rep, "closed",
			[5]string{"summon", "2018-12-03", "2018-12-07"}, [5]string{"examine", "2018-12-07"},
			[5]string{"decide", "2018-12-20", "", "R2"}, [5]string{"deliver", "2019-01-07", "2019-01-07"})
		// The same, but a protection case from its report is still open.
		rep2, _ := r.report("closed", now.AddDate(-7, 0, 0))
		_, linked := r.disciplineCase(rep2, "closed",
			[5]string{"summon", "2018-12-03", "2018-12-07"}, [5]string{"examine", "2018-12-07"},
			[5]string{"decide", "2018-12-20", "", "R2"}, [5]string{"deliver", "2019-01-07", "2019-01-07"})
		openPC := r.protectionCase(rep2, "open", time.Time{})
		// An objection filed in 2019 and never decided: the case is open
		// and stays, however old.
		_, objected := r.disciplineCase(0, "open",
			[5]string{"summon", "2018-12-03", "2018-12-07"}, [5]string{"examine", "2018-12-07"},
			[5]string{"decide", "2018-12-20", "", "S3"}, [5]string{"deliver", "2019-01-07", "2019-01-07"},
			[5]string{"object", "2019-01-10", "", "", "admissible"})
		// A 12-month demotion in effect from February 2020: served February
		// 2021, kept five years from then, so due in February 2026.
		_, demoted := r.disciplineCase(0, "closed",
			[5]string{"summon", "2020-01-06", "2020-01-10"}, [5]string{"examine", "2020-01-10"},
			[5]string{"decide", "2020-01-13", "", "B1"}, [5]string{"deliver", "2020-01-20", "2020-01-20"})
		closedPC := r.protectionCase(0, "closed", now.AddDate(-5, 0, -3))

		got := previewOf(t, f, 30)
		want := map[string]struct {
			due    bool
			blocks []retention.Block
		}{
			oldRejected:  {due: true},
			soonRejected: {},
			heldRejected: {due: true},
			served:       {due: true},
			linked:       {blocks: []retention.Block{retention.LinkedOpen}},
			demoted:      {due: true},
			closedPC:     {due: true},
		}
		today := calendar.DateOf(now, time.FixedZone("WIB", 7*3600))
		for pub, w := range want {
			c, ok := got[pub]
			if !ok {
				t.Errorf("%s missing from the preview", pub)
				continue
			}
			if c.Due(today) != (w.due && len(w.blocks) == 0) || fmt.Sprint(c.Blocks) != fmt.Sprint(w.blocks) {
				t.Errorf("%s: due %v blocks %v (purge on %s), want due %v blocks %v", pub, c.Due(today), c.Blocks, c.PurgeOn, w.due, w.blocks)
			}
		}
		for _, pub := range []string{freshRejected, objected} {
			if _, ok := got[pub]; ok {
				t.Errorf("%s is in the preview", pub)
			}
		}
		// Received Monday 20 January 2020; the 15th working day after
		// (weekends only in this fixture) is Monday 10 February, when it
		// took effect; the demotion was served twelve months later.
		if c := got[demoted]; c.Ended.String() != "2021-02-10" || c.PurgeOn.String() != "2026-02-10" {
			t.Errorf("demotion ended %s, purge on %s; want 2021-02-10 and 2026-02-10", c.Ended, c.PurgeOn)
		}
		if c := got[served]; c.Kind != retention.DisciplineCase || c.Number != "KD/"+served {
			t.Errorf("served case %+v", c)
		}

		// A hold keeps a due record and is audited; its reason is sealed.
		hold, err := f.s.SetLegalHold(ctx, admin, f.kab.ID, "report", heldRejected, "hold", vault.NewSecret("ZZHOLDZZ gugatan di PTUN"))
		if err != nil {
			t.Fatal(err)
		}
		// A case is found by its number as well.
		if _, err := f.s.SetLegalHold(ctx, admin, f.kab.ID, "discipline_case", "KD/"+served, "court", vault.NewSecret("perkara")); err != nil {
			t.Fatal(err)
		}
		got = previewOf(t, f, 30)
		if c := got[heldRejected]; c.Due(today) || fmt.Sprint(c.Blocks) != "[held]" {
			t.Errorf("held report: due %v blocks %v", c.Due(today), c.Blocks)
		}
		if c := got[served]; c.Due(today) || fmt.Sprint(c.Blocks) != "[court]" {
			t.Errorf("case in court: due %v blocks %v", c.Due(today), c.Blocks)
		}
		var plain int
		d.R.QueryRow(`SELECT COUNT(*) FROM legal_holds WHERE CAST(reason_enc AS TEXT) LIKE '%ZZHOLDZZ%'`).Scan(&plain)
		if plain != 0 {
			t.Error("the hold's reason is stored in clear")
		}
		holds, err := f.s.LegalHolds(ctx, f.kab.ID, false)
		if err != nil || len(holds) != 2 || holds[1].ObjectPublicID != heldRejected || holds[1].Reason.Reveal() != "ZZHOLDZZ gugatan di PTUN" {
			t.Fatalf("holds %+v %v", holds, err)
		}
		if err := f.s.ReleaseLegalHold(ctx, admin, f.kab.ID, hold, vault.Secret{}); apperr.As(err).Code != apperr.Invalid {
			t.Errorf("release without a reason: %v", err)
		}
		if err := f.s.ReleaseLegalHold(ctx, admin, f.kab.ID, hold, vault.NewSecret("putusan inkracht")); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ReleaseLegalHold(ctx, admin, f.kab.ID, hold, vault.NewSecret("lagi")); apperr.As(err).Code != apperr.Conflict {
			t.Errorf("second release: %v", err)
		}
		if c := previewOf(t, f, 30)[heldRejected]; !c.Due(today) {
			t.Errorf("released hold still keeps the report: %v", c.Blocks)
		}
		// Closing the linked protection case frees the discipline case.
		if _, err := d.W.Exec(`UPDATE protection_cases SET status = 'closed', closed_at = $2 WHERE public_id = $1`, openPC, now); err != nil {
			t.Fatal(err)
		}
		if c := previewOf(t, f, 30)[linked]; !c.Due(today) {
			t.Errorf("case with its linked protection case closed: %v", c.Blocks)
		}
		// Another government cannot hold this one's records.
		if _, err := f.s.SetLegalHold(ctx, store.Actor{TenantID: f.kot.ID}, f.kot.ID, "report", oldRejected, "hold", vault.NewSecret("x")); apperr.As(err).Code != apperr.NotFound {
			t.Errorf("hold across governments: %v", err)
		}
		var audits int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action LIKE 'retention.hold.%'`).Scan(&audits)
		if audits != 3 {
			t.Errorf("%d hold audit events, want 3", audits)
		}
	})
}

func TestRetentionRulesStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		a := store.Actor{TenantID: f.kab.ID}
		if err := f.s.SetRetentionRules(ctx, a, f.kab.ID, retention.Rules{retention.DisciplineCase: 120, retention.RejectedReport: 36, retention.Attachment: 36}); err != nil {
			t.Fatal(err)
		}
		r, err := f.s.RetentionRules(ctx, f.kab.ID)
		if err != nil || r[retention.DisciplineCase] != 120 || r[retention.Attachment] != 36 || r[retention.ProtectionCase] != 60 {
			t.Fatalf("%v %v", r, err)
		}
		// An attachment kept longer than a rejected report (36) is refused
		// as a whole: nothing changes.
		err = f.s.SetRetentionRules(ctx, a, f.kab.ID, retention.Rules{retention.DisciplineCase: 96, retention.Attachment: 40})
		if apperr.As(err).Code != apperr.Invalid {
			t.Fatalf("attachment longer than a rejected report: %v", err)
		}
		if r, _ := f.s.RetentionRules(ctx, f.kab.ID); r[retention.DisciplineCase] != 120 {
			t.Error("a refused change was partly stored")
		}
		if r, _ := f.s.RetentionRules(ctx, f.kot.ID); r[retention.DisciplineCase] != 60 {
			t.Error("another government's rules changed")
		}
	})
}

// The admins and the auditor are told once of records newly due; a record
// held is not announced, and is announced when released.
func TestWatchRetention(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		r := &retentionRecords{t: t, f: f, d: d}
		admin := newUser(t, f, f.kab.ID, "admin.kab", identity.Admin)
		newUser(t, f, f.kab.ID, "auditor.kab", identity.Auditor)
		newUser(t, f, f.kab.ID, "intake.kab", identity.Intake)
		now := f.s.Now()
		r.report("closed", now.AddDate(-2, 0, 10))
		_, held := r.report("closed", now.AddDate(-3, 0, 0))
		hold, err := f.s.SetLegalHold(ctx, store.Actor{TenantID: f.kab.ID}, f.kab.ID, "report", held, "hold", vault.NewSecret("audit BPK"))
		if err != nil {
			t.Fatal(err)
		}
		cal, _ := f.s.Calendar(ctx, f.kab.ID)
		today := calendar.DateOf(now, time.FixedZone("WIB", 7*3600))
		notes := func() (admins, others int) {
			d.R.QueryRow(`SELECT COUNT(*) FROM notifications WHERE kind = 'retention.due_soon' AND user_id = $1`, admin.ID).Scan(&admins)
			d.R.QueryRow(`SELECT COUNT(*) FROM notifications WHERE kind = 'retention.due_soon' AND user_id <> $1`, admin.ID).Scan(&others)
			return
		}
		for pass, want := range []int{1, 0} {
			n, err := f.s.WatchRetention(ctx, f.kab.ID, today, 30, cal)
			if err != nil || n != want {
				t.Fatalf("pass %d: %d announced, want %d (%v)", pass, n, want, err)
			}
		}
		if a, o := notes(); a != 1 || o != 1 {
			t.Fatalf("%d notifications to the admin and %d to others, want 1 and 1 (the auditor)", a, o)
		}
		if err := f.s.ReleaseLegalHold(ctx, store.Actor{TenantID: f.kab.ID}, f.kab.ID, hold, vault.NewSecret("selesai")); err != nil {
			t.Fatal(err)
		}
		if n, _ := f.s.WatchRetention(ctx, f.kab.ID, today, 30, cal); n != 1 {
			t.Errorf("after the release: %d announced, want the held report", n)
		}
		if a, _ := notes(); a != 2 {
			t.Errorf("%d notifications to the admin, want 2", a)
		}
	})
}
