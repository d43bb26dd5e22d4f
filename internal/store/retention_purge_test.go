package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/audit"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/files"
	"sigap/internal/identity"
	"sigap/internal/retention"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// marker is planted in every sealed value of the records under test.
const marker = "ZZPURGEZZ"

// purgeBed plants records with content in every table that holds some,
// and files in a real file store.
type purgeBed struct {
	*retentionRecords
	fs     *files.Store
	master vault.MasterKey
	user   int64
	seq    int
}

func newPurgeBed(t *testing.T, d *db.DB) *purgeBed {
	f, m := vaultFixture(t, d)
	fs, err := files.Open(t.TempDir(), f.s.Keyring())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fs.Close() })
	u := newUser(t, f, f.kab.ID, "admin.kab", identity.Admin)
	return &purgeBed{retentionRecords: &retentionRecords{t: t, f: f, d: d}, fs: fs, master: m, user: u.ID}
}

func (b *purgeBed) exec(q string, args ...any) {
	b.t.Helper()
	if _, err := b.d.W.Exec(q, args...); err != nil {
		b.t.Fatalf("%s: %v", q, err)
	}
}

func (b *purgeBed) pub(prefix string) string {
	b.seq++
	return fmt.Sprintf("%s-%03d", prefix, b.seq)
}

func (b *purgeBed) sealed() []byte { return []byte("sealed " + marker) }

// identity plants a sealed identity with an unseal request.
func (b *purgeBed) identity(role string) int64 {
	b.t.Helper()
	var id int64
	if err := b.d.W.QueryRow(`INSERT INTO sealed_identities (tenant_id, public_id, role, subject_type, subject_id, name_enc, contact_enc, nik_enc, nik_lookup, created_at)
		VALUES ($1, $2, $3, 'x', 'x', $4, $4, $4, $4, $5) RETURNING id`, b.f.kab.ID, b.pub("idn"), role, b.sealed(), b.f.s.Now()).Scan(&id); err != nil {
		b.t.Fatal(err)
	}
	b.exec(`INSERT INTO unseal_requests (tenant_id, public_id, identity_id, requester_id, reason_enc, status, note_enc, created_at)
		VALUES ($1, $2, $3, $4, $5, 'approved', $5, $6)`, b.f.kab.ID, b.pub("uns"), id, b.user, b.sealed(), b.f.s.Now())
	return id
}

// fullReport plants a closed report with content, an identity, a message,
// an outcome and a file; it returns its id, public ID and file ID.
func (b *purgeBed) fullReport(closed time.Time, category, district string) (int64, string, string) {
	b.t.Helper()
	id, pub := b.report("closed", closed)
	fileID, _, err := b.fs.Put(ctx, b.f.kab.ID, 0, strings.NewReader("file "+marker))
	if err != nil {
		b.t.Fatal(err)
	}
	b.exec(`UPDATE reports SET content_enc = $2, identity_id = $3, category = $4, district_code = $5, occurred_on = $6, village_code = '36.04.01.2001' WHERE id = $1`,
		id, b.sealed(), b.identity("reporter"), category, district, calendar.DateOf(closed, time.UTC))
	var msg int64
	if err := b.d.W.QueryRow(`INSERT INTO report_messages (tenant_id, report_id, public_id, author, internal, body_enc, created_at)
		VALUES ($1, $2, $3, 'reporter', FALSE, $4, $5) RETURNING id`, b.f.kab.ID, id, b.pub("msg"), b.sealed(), closed).Scan(&msg); err != nil {
		b.t.Fatal(err)
	}
	b.exec(`INSERT INTO report_files (tenant_id, report_id, message_id, public_id, file_id, name_enc, content_type, size, flagged, scanned, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'image/png', 10, FALSE, TRUE, $7)`, b.f.kab.ID, id, msg, b.pub("fil"), fileID, b.sealed(), closed)
	b.exec(`INSERT INTO report_outcomes (tenant_id, report_id, public_id, kind, note_enc, created_at) VALUES ($1, $2, $3, 'rejection', $4, $5)`,
		b.f.kab.ID, id, b.pub("out"), b.sealed(), closed)
	return id, pub, fileID
}

// fullCase plants content on a discipline case: an examination, a
// statement, a party, a charge.
func (b *purgeBed) fullCase(caseID int64) {
	b.exec(`INSERT INTO discipline_examinations (tenant_id, case_id, public_id, mode, signature, content_enc, updated_at) VALUES ($1, $2, $3, 'in_person', 'signed', $4, $5)`,
		b.f.kab.ID, caseID, b.pub("exm"), b.sealed(), b.f.s.Now())
	b.exec(`INSERT INTO discipline_statements (tenant_id, case_id, public_id, role, taken_on, content_enc, created_at) VALUES ($1, $2, $3, 'victim', $4, $5, $6)`,
		b.f.kab.ID, caseID, b.pub("stm"), calendar.NewDate(2018, 12, 5), b.sealed(), b.f.s.Now())
	b.exec(`INSERT INTO case_parties (tenant_id, case_id, public_id, role, name_enc, created_at) VALUES ($1, $2, $3, 'witness', $4, $5)`,
		b.f.kab.ID, caseID, b.pub("pty"), b.sealed(), b.f.s.Now())
	b.exec(`INSERT INTO discipline_charges (tenant_id, case_id, code, created_at) VALUES ($1, $2, 'PP94-3f', $3)`, b.f.kab.ID, caseID, b.f.s.Now())
}

// fullProtection fills a protection case: incident, forms, a victim, a
// perpetrator, a consent, a referral and a service.
func (b *purgeBed) fullProtection(pub string, occurred calendar.Date) {
	var id int64
	if err := b.d.W.QueryRow(`SELECT id FROM protection_cases WHERE public_id = $1`, pub).Scan(&id); err != nil {
		b.t.Fatal(err)
	}
	b.exec(`UPDATE protection_cases SET occurred_on = $2, district_code = '36.04.01', chronology_enc = $3, summary_enc = $3, outcome = 'resolved' WHERE id = $1`,
		id, occurred, b.sealed())
	b.exec(`INSERT INTO protection_case_forms (case_id, tenant_id, form) VALUES ($1, $2, 'psikis')`, id, b.f.kab.ID)
	var victim int64
	if err := b.d.W.QueryRow(`INSERT INTO protection_victims (tenant_id, case_id, public_id, identity_id, sex, age_group, details_enc, created_at)
		VALUES ($1, $2, $3, $4, 'P', '25-44', $5, $6) RETURNING id`, b.f.kab.ID, id, b.pub("vic"), b.identity("victim"), b.sealed(), b.f.s.Now()).Scan(&victim); err != nil {
		b.t.Fatal(err)
	}
	b.exec(`INSERT INTO protection_perpetrators (tenant_id, case_id, public_id, name_enc, relation, created_at) VALUES ($1, $2, $3, $4, 'colleague', $5)`,
		b.f.kab.ID, id, b.pub("ppt"), b.sealed(), b.f.s.Now())
	var consent int64
	if err := b.d.W.QueryRow(`INSERT INTO protection_consents (tenant_id, case_id, public_id, victim_id, recipient, scopes, given_by, given_on, recorded_at)
		VALUES ($1, $2, $3, $4, 'polisi', 'all', 'victim', $5, $5) RETURNING id`, b.f.kab.ID, id, b.pub("cns"), victim, b.f.s.Now()).Scan(&consent); err != nil {
		b.t.Fatal(err)
	}
	b.exec(`INSERT INTO protection_referrals (tenant_id, case_id, public_id, recipient, organisation, referred_at, note_enc, consent_id, created_at)
		VALUES ($1, $2, $3, 'polisi', 'Polres', $4, $5, $6, $4)`, b.f.kab.ID, id, b.pub("ref"), b.f.s.Now(), b.sealed(), consent)
	b.exec(`INSERT INTO protection_services (tenant_id, case_id, public_id, victim_id, kind, given_on, provider, notes_enc, created_at)
		VALUES ($1, $2, $3, $4, 'konseling', $5, 'UPTD PPA', $6, $7)`, b.f.kab.ID, id, b.pub("svc"), victim, occurred, b.sealed(), b.f.s.Now())
}

// sealedWithMarker counts the sealed values of the whole schema that
// still hold the marker.
func sealedWithMarker(t *testing.T, d *db.DB) int {
	t.Helper()
	n := 0
	for col := range store.SealedColumns() {
		table, column, _ := strings.Cut(col, ".")
		rows, err := d.R.Query(`SELECT ` + column + ` FROM ` + table + ` WHERE ` + column + ` IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v []byte
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(v, []byte(marker)) {
				n++
				t.Logf("%s still holds the marker", col)
			}
		}
		rows.Close()
	}
	return n
}

func wibDay(t time.Time) calendar.Date { return calendar.DateOf(t, time.FixedZone("WIB", 7*3600)) }

func (b *purgeBed) purge(t *testing.T) store.PurgeResult {
	t.Helper()
	cal, err := b.f.s.Calendar(ctx, b.f.kab.ID)
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.f.s.Purge(ctx, store.Actor{TenantID: b.f.kab.ID}, b.f.kab.ID, wibDay(b.f.s.Now()), cal, b.fs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func purgedAt(t *testing.T, d *db.DB, table, pub string) bool {
	t.Helper()
	var at sql.NullTime
	if err := d.R.QueryRow(`SELECT purged_at FROM `+table+` WHERE public_id = $1`, pub).Scan(&at); err != nil {
		t.Fatal(err)
	}
	return at.Valid
}

func fileThere(t *testing.T, fs *files.Store, tenantID int64, id string) bool {
	var buf bytes.Buffer
	_, err := fs.Get(ctx, tenantID, id, &buf)
	return err == nil
}

// A rejected report goes on its date and not the day before; a held one
// stays; a case with an objection pending stays until it is decided and
// its period has passed; the tombstones hold nothing sealed, the files
// are gone from the disk, and purging again changes nothing.
func TestPurge(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		b := newPurgeBed(t, d)
		f := b.f
		now := f.s.Now()
		// Closed two years ago to the day: due today (24 months).
		_, rejected, rejectedFile := b.fullReport(now.AddDate(-2, 0, 0), "other", "36.04.01")
		_, held, _ := b.fullReport(now.AddDate(-3, 0, 0), "other", "36.04.01")
		if _, err := f.s.SetLegalHold(ctx, store.Actor{TenantID: f.kab.ID}, f.kab.ID, "report", held, "hold", vault.NewSecret("pemeriksaan BPK")); err != nil {
			t.Fatal(err)
		}
		// A case with an objection filed in 2019 and not decided.
		rep, repPub, caseFile := b.fullReport(now.AddDate(-7, 0, 0), "other", "36.04.01")
		objectedID, objected := b.disciplineCase(rep, "open",
			[5]string{"summon", "2018-12-03", "2018-12-07"}, [5]string{"examine", "2018-12-07"},
			[5]string{"decide", "2018-12-20", "", "S3"}, [5]string{"deliver", "2019-01-07", "2019-01-07"},
			[5]string{"object", "2019-01-10", "", "", "admissible"})
		b.fullCase(objectedID)
		// A closed protection case, five years and more ago.
		pc := b.protectionCase(0, "closed", now.AddDate(-5, 0, -3))
		b.fullProtection(pc, calendar.NewDate(2020, 6, 1))

		// The day before: nothing of the rejected report goes (the
		// protection case, due three days ago, does).
		*f.clock = now.AddDate(0, 0, -1)
		if res := b.purge(t); purgedAt(t, d, "reports", rejected) || res.Reports != 0 || res.ProtectionCases != 1 {
			t.Fatalf("purged the day before its date: %+v", res)
		}
		*f.clock = now
		res := b.purge(t)
		if res.Reports != 1 || res.ProtectionCases != 0 || res.DisciplineCases != 0 || res.Files != 1 || res.FilesLeft != 0 {
			t.Errorf("first purge: %+v", res)
		}
		if !purgedAt(t, d, "reports", rejected) || purgedAt(t, d, "reports", held) || purgedAt(t, d, "discipline_cases", objected) ||
			purgedAt(t, d, "reports", repPub) || !purgedAt(t, d, "protection_cases", pc) {
			t.Fatal("the wrong records were purged")
		}
		if fileThere(t, b.fs, f.kab.ID, rejectedFile) || !fileThere(t, b.fs, f.kab.ID, caseFile) {
			t.Error("the purged report's file is still on disk, or the kept one's is gone")
		}
		// A purged report is named as destroyed, not simply missing.
		_, err := f.s.OpenReport(ctx, store.Actor{TenantID: f.kab.ID}, f.kab.ID, rejected)
		if p, ok := store.PurgedOf(err); !ok || apperr.As(err).Code != apperr.NotFound || !p.At.Equal(now) {
			t.Errorf("opening a purged report: %v", err)
		}
		if _, err := f.s.ProtectionCaseByID(ctx, f.kab.ID, pc); err == nil {
			t.Error("a purged protection case opens")
		} else if _, ok := store.PurgedOf(err); !ok {
			t.Errorf("purged protection case: %v", err)
		}
		// Nor is it reopened.
		if err := f.s.ReopenProtectionCase(ctx, store.Actor{TenantID: f.kab.ID}, f.kab.ID, pc); err == nil {
			t.Error("a purged protection case was reopened")
		} else if _, ok := store.PurgedOf(err); !ok {
			t.Errorf("reopening a purged protection case: %v", err)
		}
		list, _, err := f.s.ProtectionCases(ctx, f.kab.ID, store.ProtectionFilter{Limit: 50})
		if err != nil || len(list) != 0 {
			t.Errorf("purged protection case still listed: %d %v", len(list), err)
		}

		// The objection is decided in March 2019; the case is closed. Its
		// 60 months then run from the decision: not due today.
		b.exec(`INSERT INTO discipline_steps (tenant_id, case_id, kind, day1, outcome, created_at) VALUES ($1, $2, 'resolve', $3, 'uphold', $4)`,
			f.kab.ID, objectedID, calendar.NewDate(2021, 3, 1), now)
		b.exec(`UPDATE discipline_cases SET status = 'closed' WHERE id = $1`, objectedID)
		// Its files' 24 months have passed, though: they go now.
		if res := b.purge(t); res.DisciplineCases != 0 || res.Attachments != 1 || res.Files != 1 {
			t.Fatalf("case purged before its period passed, or its files kept: %+v", res)
		}
		if fileThere(t, b.fs, f.kab.ID, caseFile) {
			t.Error("the case's report file is still on disk")
		}
		// Five years and more later it goes, with its report and files;
		// the held report still stays.
		*f.clock = now.AddDate(6, 0, 0)
		res = b.purge(t)
		if res.DisciplineCases != 1 || res.Reports != 1 || res.Files != 0 {
			t.Errorf("after the windows: %+v", res)
		}
		if !purgedAt(t, d, "discipline_cases", objected) || !purgedAt(t, d, "reports", repPub) || purgedAt(t, d, "reports", held) {
			t.Fatal("the case and its report are not purged, or the held report is")
		}
		if _, err := f.s.DisciplineCaseByID(ctx, f.kab.ID, objected); err == nil {
			t.Error("a purged case opens")
		}

		// Nothing sealed of the purged records is left: the marker is only
		// in the held report's rows (content, identity x3, unseal x2,
		// message, file name, outcome note).
		if n := sealedWithMarker(t, d); n != 9 {
			t.Errorf("%d sealed values hold the marker, want the held report's 9", n)
		}
		for _, q := range []string{
			`SELECT COUNT(*) FROM reports WHERE purged_at IS NOT NULL AND (length(content_enc) > 0 OR occurred_on IS NOT NULL OR village_code <> '')`,
			`SELECT COUNT(*) FROM report_messages m JOIN reports r ON r.id = m.report_id WHERE r.purged_at IS NOT NULL`,
			`SELECT COUNT(*) FROM report_files m JOIN reports r ON r.id = m.report_id WHERE r.purged_at IS NOT NULL`,
			`SELECT COUNT(*) FROM sealed_identities i JOIN reports r ON r.identity_id = i.id WHERE r.purged_at IS NOT NULL AND (i.name_enc IS NOT NULL OR i.nik_lookup IS NOT NULL)`,
			`SELECT COUNT(*) FROM discipline_examinations`, `SELECT COUNT(*) FROM discipline_statements`, `SELECT COUNT(*) FROM case_parties`,
			`SELECT COUNT(*) FROM protection_perpetrators`, `SELECT COUNT(*) FROM protection_referrals`, `SELECT COUNT(*) FROM protection_consents`,
			`SELECT COUNT(*) FROM protection_victims WHERE length(details_enc) > 0`, `SELECT COUNT(*) FROM file_deletions`,
		} {
			var n int
			if err := d.R.QueryRow(q).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s: %d (%v)", q, n, err)
			}
		}
		// What the statistics count stays.
		for q, want := range map[string]int{
			`SELECT COUNT(*) FROM discipline_charges`: 1, `SELECT COUNT(*) FROM discipline_steps WHERE case_id = ` + fmt.Sprint(objectedID): 6,
			`SELECT COUNT(*) FROM protection_victims`: 1, `SELECT COUNT(*) FROM protection_case_forms`: 1, `SELECT COUNT(*) FROM protection_services`: 1,
			`SELECT COUNT(*) FROM report_outcomes`: 3, `SELECT COUNT(*) FROM retention_purges`: 5, `SELECT COUNT(*) FROM retention_purges WHERE shredded = 1`: 5,
		} {
			var n int
			if err := d.R.QueryRow(q).Scan(&n); err != nil || n != want {
				t.Errorf("%s: %d, want %d (%v)", q, n, want, err)
			}
		}
		// Every purge is audited with the kind and the reference only.
		var audited int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action LIKE 'retention.purged.%'`).Scan(&audited)
		if audited != 5 {
			t.Errorf("%d purge audit events, want 5", audited)
		}
		log, err := f.s.RetentionPurges(ctx, f.kab.ID, 10)
		if err != nil || len(log) != 5 || log[0].Reference == "" {
			t.Errorf("purge log %+v %v", log, err)
		}

		// Again: nothing more.
		if res := b.purge(t); res.Total() != 0 || res.Files != 0 {
			t.Errorf("second purge: %+v", res)
		}
		var events int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action LIKE 'retention.purged.%'`).Scan(&events)
		if events != 5 {
			t.Errorf("%d purge events after purging again", events)
		}
		verifyChain(t, f.s, f.kab.ID)
	})
}

func verifyChain(t *testing.T, s *store.Store, chain int64) {
	t.Helper()
	v := audit.NewVerifier(chain, nil)
	if err := s.ScanAudit(ctx, chain, func(e audit.Event) error { v.Add(e); return nil }); err != nil {
		t.Fatal(err)
	}
	if p := v.Finish(); p != nil {
		t.Errorf("audit chain: %v", p)
	}
}

// Files due ahead of their record go while the record stays; a file the
// store fails to delete is deleted at the next run.
func TestPurgeAttachments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		b := newPurgeBed(t, d)
		f := b.f
		admin := store.Actor{TenantID: f.kab.ID}
		if err := f.s.SetRetentionRules(ctx, admin, f.kab.ID, retention.Rules{retention.RejectedReport: 60, retention.Attachment: 24}); err != nil {
			t.Fatal(err)
		}
		now := f.s.Now()
		_, pub, file := b.fullReport(now.AddDate(-3, 0, 0), "other", "36.04.01")
		cal, _ := f.s.Calendar(ctx, f.kab.ID)
		due, err := f.s.PurgeDue(ctx, f.kab.ID, wibDay(now), cal)
		if err != nil || len(due) != 1 || due[0].Kind != "attachment" || due[0].PublicID != pub {
			t.Fatalf("due %+v %v", due, err)
		}
		failing := &flakyFiles{fs: b.fs, fail: true}
		res, err := f.s.Purge(ctx, admin, f.kab.ID, wibDay(now), cal, failing)
		if err == nil || res.Attachments != 1 || res.Files != 0 || res.FilesLeft != 1 {
			t.Fatalf("purge with a failing file store: %+v %v", res, err)
		}
		if purgedAt(t, d, "reports", pub) || !fileThere(t, b.fs, f.kab.ID, file) {
			t.Fatal("the report went with its files, or the file went though the store failed")
		}
		failing.fail = false
		res, err = f.s.Purge(ctx, admin, f.kab.ID, wibDay(now), cal, failing)
		if err != nil || res.Files != 1 || res.FilesLeft != 0 || fileThere(t, b.fs, f.kab.ID, file) {
			t.Fatalf("retry: %+v %v", res, err)
		}
		// The report itself stays, without its files.
		id, err := f.s.ReportID(ctx, f.kab.ID, pub)
		if err != nil {
			t.Fatal(err)
		}
		if atts, _ := f.s.ReportAttachments(ctx, f.kab.ID, id); len(atts) != 0 {
			t.Errorf("%d attachments left", len(atts))
		}
	})
}

type flakyFiles struct {
	fs   *files.Store
	fail bool
}

func (f *flakyFiles) Delete(tenantID int64, id string) error {
	if f.fail {
		return fmt.Errorf("object store down")
	}
	return f.fs.Delete(tenantID, id)
}

// Two purges at once purge each record once.
func TestPurgeConcurrent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		b := newPurgeBed(t, d)
		f := b.f
		now := f.s.Now()
		for i := range 6 {
			b.fullReport(now.AddDate(-3, 0, -i), "other", "36.04.01")
		}
		// A second instance: its own store over the same database.
		other := store.New(d, f.s.Now)
		other.UseVault(b.master)
		cal, _ := f.s.Calendar(ctx, f.kab.ID)
		var wg sync.WaitGroup
		results := make([]store.PurgeResult, 2)
		errs := make([]error, 2)
		for i, s := range []*store.Store{f.s, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = s.Purge(context.Background(), store.Actor{TenantID: f.kab.ID}, f.kab.ID, wibDay(now), cal, b.fs)
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatal(errs)
		}
		if n := results[0].Reports + results[1].Reports; n != 6 {
			t.Errorf("%d reports purged in all, want 6: %+v", n, results)
		}
		var logged, audited int
		d.R.QueryRow(`SELECT COUNT(*) FROM retention_purges`).Scan(&logged)
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'retention.purged.rejected_report'`).Scan(&audited)
		if logged != 6 || audited != 6 {
			t.Errorf("%d logged and %d audited, want 6 each", logged, audited)
		}
		verifyChain(t, f.s, f.kab.ID)
	})
}

// figures gathers every count a purge must not change: the dashboard's
// reports and cases, the public figures, the oversight rows, the
// protection counts and services.
func figures(t *testing.T, b *purgeBed) string {
	t.Helper()
	f := b.f
	cal, err := f.s.Calendar(ctx, f.kab.ID)
	if err != nil {
		t.Fatal(err)
	}
	today := wibDay(f.s.Now())
	window := store.StatsFilter{From: calendar.NewDate(2010, 1, 1), To: calendar.NewDate(2026, 12, 31)}
	var out []string
	add := func(name string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, fmt.Sprintf("%s: %+v", name, v))
	}
	rs, err := f.s.ReportStats(ctx, f.kab.ID, window, cal)
	add("reports", rs, err)
	rs, err = f.s.ReportStats(ctx, f.kab.ID, store.StatsFilter{From: window.From, To: window.To, District: "36.04.01", Category: "other"}, cal)
	add("reports in a district", rs, err)
	cs, err := f.s.CaseStats(ctx, f.kab.ID, window, cal, today)
	add("cases", cs, err)
	for _, year := range []int{2018, 2019, 2020, 2021, 2023, 2026} {
		pf, err := f.s.PublicFigures(ctx, f.kab.ID, year, f.s.Now())
		add(fmt.Sprint("public ", year), pf, err)
		of, err := f.s.OversightFigures(ctx, "36", year, today)
		add(fmt.Sprint("oversight ", year), of, err)
	}
	for _, dim := range []store.CountDimension{store.ByTotal, store.ByDistrict, store.ByForm, store.ByAgeSex, store.ByMonth} {
		pc, err := f.s.ProtectionCounts(ctx, f.kab.ID, store.CountFilter{From: window.From, To: window.To}, dim)
		add("protection "+string(dim), pc, err)
	}
	sc, err := f.s.ServiceCounts(ctx, f.kab.ID, 0, window.From, window.To)
	add("services", sc, err)
	return strings.Join(out, "\n")
}

// A purge of a realistic mix changes no published figure, and neither
// does a rebuild of the derived counts after it.
func TestPurgeKeepsStatistics(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		b := newPurgeBed(t, d)
		f := b.f
		now := f.s.Now()
		admin := store.Actor{TenantID: f.kab.ID}
		cats := []string{"other", "fraud", "harassment"}
		districts := []string{"36.04.01", "36.04.02"}
		for i := range 12 {
			closed := now.AddDate(-2-i%4, -i, 0)
			if i == 8 {
				closed = now.AddDate(0, -8, 0) // a rejected report not due yet
			}
			id, _, _ := b.fullReport(closed, cats[i%3], districts[i%2])
			// An anonymous reporter who came back after the answer: the
			// facts count it, and the message goes with the purge.
			b.exec(`UPDATE reports SET created_at = $2, followed_up_at = $3 WHERE id = $1`, id, closed.AddDate(0, -2, 0), closed.AddDate(0, -1, -1))
			if i%3 == 0 {
				b.exec(`UPDATE report_messages SET created_at = $2 WHERE report_id = $1`, id, closed.AddDate(0, -1, 0))
			}
			switch i % 4 {
			case 0: // a rejected report
			case 1, 2: // a discipline case from it, decided
				caseID, _ := b.disciplineCase(id, "closed",
					[5]string{"summon", "2019-12-02", "2019-12-06"}, [5]string{"examine", "2019-12-06"},
					[5]string{"decide", "2019-12-16", "", []string{"R2", "S1"}[i%2]}, [5]string{"deliver", "2020-01-06", "2020-01-06"})
				b.fullCase(caseID)
				b.exec(`UPDATE discipline_cases SET opened_at = $2, stage = 'effective' WHERE id = $1`, caseID, closed.AddDate(0, -1, 0))
			case 3: // a protection case from it
				pc := b.protectionCase(id, "closed", closed)
				b.fullProtection(pc, calendar.DateOf(closed.AddDate(0, -3, 0), time.UTC))
			}
		}
		// A case still running, and a protection case open.
		rep, _, _ := b.fullReport(now.AddDate(0, -2, 0), "fraud", "36.04.01")
		b.exec(`UPDATE reports SET status = 'in_review', closed_at = NULL WHERE id = $1`, rep)
		b.disciplineCase(rep, "open", [5]string{"summon", "2026-02-02", "2026-02-06"})
		b.protectionCase(0, "open", time.Time{})
		if err := f.s.RebuildReportFacts(ctx, admin, f.kab.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RebuildProtectionCounts(ctx, admin, f.kab.ID); err != nil {
			t.Fatal(err)
		}

		before := figures(t, b)
		res := b.purge(t)
		if res.Reports != 11 || res.DisciplineCases != 6 || res.ProtectionCases != 3 {
			t.Fatalf("too little purged for the test to mean anything: %+v", res)
		}
		if after := figures(t, b); after != before {
			t.Errorf("figures changed by the purge:\nbefore\n%s\nafter\n%s", before, after)
		}
		for table, n := range map[string]func(context.Context, int64) (int, error){"report facts": f.s.CheckReportFacts, "protection counts": f.s.CheckProtectionCounts} {
			if diff, err := n(ctx, f.kab.ID); err != nil || diff != 0 {
				t.Errorf("%s: %d differ (%v)", table, diff, err)
			}
		}
		if err := f.s.RebuildReportFacts(ctx, admin, f.kab.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RebuildProtectionCounts(ctx, admin, f.kab.ID); err != nil {
			t.Fatal(err)
		}
		if after := figures(t, b); after != before {
			t.Errorf("figures changed by a rebuild after the purge:\nbefore\n%s\nafter\n%s", before, after)
		}
		var facts int
		d.R.QueryRow(`SELECT COUNT(*) FROM report_facts WHERE purged = 1`).Scan(&facts)
		if facts != res.Reports {
			t.Errorf("%d facts marked purged, want %d", facts, res.Reports)
		}
		verifyChain(t, f.s, f.kab.ID)
	})
}
