package store_test

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"testing"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/files"
	"sigap/internal/protection"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// copyDatabase copies the live database as a backup taken now would hold
// it: VACUUM INTO on SQLite, the tables into a schema of their own on
// PostgreSQL.
func copyDatabase(t *testing.T, d *db.DB) *db.DB {
	t.Helper()
	if d.Engine == db.SQLite {
		dir := t.TempDir()
		if _, err := d.W.ExecContext(ctx, `VACUUM INTO '`+db.SQLitePath(dir)+`'`); err != nil {
			t.Fatal(err)
		}
		b, err := db.Open(ctx, db.Options{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		return b
	}
	raw := testdb.PostgresURL(t)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	rows, err := d.R.QueryContext(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	for _, n := range tables {
		if _, err := d.W.ExecContext(ctx, `CREATE TABLE `+schema+`.`+n+` AS TABLE `+n); err != nil {
			t.Fatal(err)
		}
	}
	b, err := db.Open(ctx, db.Options{URL: raw})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// TestShredRecordKeys: a backup taken before a purge cannot decrypt the
// purged record once its record key is destroyed, field by field and file
// by file, while every other record in it still opens.
func TestShredRecordKeys(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, m := vaultFixture(t, d)
		rk := testRecordKeys(t, d.Engine)
		f.s.UseRecordKeys(rk)
		dataDir := t.TempDir()
		fs, err := files.Open(dataDir, f.s.Keyring())
		if err != nil {
			t.Fatal(err)
		}
		defer fs.Close()
		const marker = "ZZSHREDZZ berkas bukti"
		// Two reports, each with its reporter, a file, a message with a
		// file, and an outcome.
		type made struct {
			r                  report.Report
			rec                int64
			fileIDs            []string
			dcase, pcase       string // public IDs
			dcaseRec, pcaseRec int64
		}
		var reports []made
		for i := range 2 {
			c := checkedReport(t, "confidential")
			if c.RecordKey, err = f.s.NewRecordKey(ctx); err != nil || c.RecordKey == 0 {
				t.Fatalf("record key %d, %v", c.RecordKey, err)
			}
			fid, n, err := fs.Put(ctx, f.kab.ID, c.RecordKey, strings.NewReader(marker))
			if err != nil {
				t.Fatal(err)
			}
			c.Files = []report.Attachment{{FileID: fid, Name: vault.NewSecret("bukti.pdf"), ContentType: "application/pdf", Size: n}}
			r, _, err := f.s.CreateReport(ctx, store.System, f.kab.ID, c)
			if err != nil {
				t.Fatal(err)
			}
			rec, err := f.s.ReportRecordKey(ctx, f.kab.ID, r.PublicID)
			if err != nil || rec != c.RecordKey {
				t.Fatalf("report %d record key %d, %v; want %d", i, rec, err, c.RecordKey)
			}
			fid2, n2, err := fs.Put(ctx, f.kab.ID, rec, strings.NewReader(marker))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.AddReportMessage(ctx, store.System, f.kab.ID, r.ID, report.FromReporter, false, vault.NewSecret("ZZSHREDZZ pesan"),
				report.Attachment{FileID: fid2, Name: vault.NewSecret("foto.jpg"), ContentType: "image/jpeg", Size: n2}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.AddOutcome(ctx, store.System, f.kab.ID, r.PublicID, report.Outcome{Kind: report.Refer, ReferralTo: "Polres", Note: vault.NewSecret("ZZSHREDZZ catatan")}); err != nil {
				t.Fatal(err)
			}
			m := made{r: r, rec: int64(rec), fileIDs: []string{fid, fid2}}
			// A discipline case opened from the report, with a statement
			// and a party named in free text.
			o, err := f.s.AddOutcome(ctx, store.System, f.kab.ID, r.PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
			if err != nil {
				t.Fatal(err)
			}
			m.dcase = o.CasePublicID
			if _, err := f.s.AddStatement(ctx, store.System, f.kab.ID, m.dcase, discipline.Statement{Name: "ZZSAKSIZZ", Role: "victim",
				On: calendar.NewDate(2026, 3, 1), Text: "ZZKATANYAZZ"}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.AddCaseParty(ctx, store.System, f.kab.ID, m.dcase, discipline.Victim, 0, vault.NewSecret("ZZRINAZZ")); err != nil {
				t.Fatal(err)
			}
			// A protection case opened at the office, with a victim, a
			// named perpetrator and a chronology.
			pc, err := f.s.OpenProtectionCase(ctx, store.System, f.kab.ID, store.ProtectionInput{Via: protection.ViaWalkIn,
				Incident: protection.Incident{OccurredOn: calendar.NewDate(2026, 3, 1), ReportedAt: *f.clock, VillageCode: "36.04.05.2001",
					Place: protection.Workplace, Forms: []protection.Form{protection.Sexual}},
				Victims:      []protection.Victim{{Name: "ZZKORBANZZ", Contact: "0812", Sex: protection.Female, Age: 30, Address: "ZZALAMATZZ"}},
				Perpetrators: []protection.Perpetrator{{Name: "ZZPELAKUZZ", Relation: "atasan", Age: 40}},
				Chronology:   vault.NewSecret("ZZKRONOLOGIZZ")})
			if err != nil {
				t.Fatal(err)
			}
			m.pcase = pc.PublicID
			for _, x := range []struct {
				table, pub string
				into       *int64
			}{{"discipline_cases", m.dcase, &m.dcaseRec}, {"protection_cases", m.pcase, &m.pcaseRec}} {
				if err := d.R.QueryRowContext(ctx, `SELECT record_key FROM `+x.table+` WHERE public_id = $1`, x.pub).Scan(x.into); err != nil || *x.into == 0 {
					t.Fatalf("%s record key %d, %v", x.table, *x.into, err)
				}
			}
			if m.dcaseRec == m.rec || m.pcaseRec == m.rec || m.dcaseRec == m.pcaseRec {
				t.Fatalf("records share keys: report %d, discipline %d, protection %d", m.rec, m.dcaseRec, m.pcaseRec)
			}
			reports = append(reports, m)
		}
		gone, kept := reports[0], reports[1]

		backup := copyDatabase(t, d) // taken before the purge

		// A key a record still uses is refused.
		// The report and the protection case are purged; the discipline
		// case opened from the report stays (its own key, its own period).
		// Another government cannot destroy their keys.
		if err := f.s.ShredRecordKeys(ctx, f.kot.ID, []int64{gone.pcaseRec}); err == nil {
			t.Fatal("another government shredded a record key")
		}
		// The purge's transaction has committed (the rows stay as
		// tombstones, keeping their record_key); then their keys go, by
		// the record or by the key.
		if _, err := d.W.ExecContext(ctx, `UPDATE reports SET purged_at = $1 WHERE id = $2`, *f.clock, gone.r.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ShredRecordKey(ctx, f.kab.ID, "reports", gone.r.ID); err != nil {
			t.Fatal(err)
		}
		// A record not purged keeps its key (checked below: it opens).
		if err := f.s.ShredRecordKey(ctx, f.kab.ID, "reports", kept.r.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ShredRecordKeys(ctx, f.kab.ID, []int64{gone.pcaseRec}); err != nil {
			t.Fatal(err)
		}
		for range 2 { // repeating is harmless
			if err := f.s.ShredRecordKeys(ctx, f.kab.ID, []int64{gone.rec, gone.pcaseRec}); err != nil {
				t.Fatalf("shredding again: %v", err)
			}
		}
		if err := f.s.ShredRecordKey(ctx, f.kab.ID, "users", 1); err == nil {
			t.Fatal("shredded by a table of no records")
		}

		// The backup, opened with the same master key and the live record
		// key store, as a restore would.
		bs := store.New(backup, nil)
		bs.UseVault(m)
		bs.UseRecordKeys(rk)
		fields, err := bs.OpenAllSealed(ctx, f.kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		shredded := map[string]int{}
		for _, fl := range fields {
			switch {
			case fl.Record == uint64(gone.rec) || fl.Record == uint64(gone.pcaseRec):
				if !errors.Is(fl.Err, vault.ErrShredded) {
					t.Errorf("%s.%s of the purged report: %v, want shredded", fl.Table, fl.Column, fl.Err)
				}
				shredded[fl.Table+"."+fl.Column]++
			case fl.Err != nil:
				t.Errorf("%s.%s (record %d): %v", fl.Table, fl.Column, fl.Record, fl.Err)
			}
		}
		for _, col := range []string{"reports.content_enc", "sealed_identities.name_enc", "sealed_identities.contact_enc",
			"report_messages.body_enc", "report_outcomes.note_enc", "report_files.name_enc", "protection_cases.chronology_enc",
			"protection_victims.details_enc", "protection_perpetrators.name_enc"} {
			if shredded[col] == 0 {
				t.Errorf("no shredded value in %s: %v", col, shredded)
			}
		}
		// The reporter's and the victim's names.
		if shredded["sealed_identities.name_enc"] != 2 {
			t.Errorf("%d identities shredded, want 2", shredded["sealed_identities.name_enc"])
		}
		// The discipline case's own values were all opened above; check
		// they were there to open.
		opened := map[string]bool{}
		for _, fl := range fields {
			if fl.Record == uint64(gone.dcaseRec) && fl.Err == nil {
				opened[fl.Table] = true
			}
		}
		if !opened["discipline_statements"] || !opened["case_parties"] {
			t.Errorf("the discipline case opened from the purged report: %v", opened)
		}
		if shredded["report_files.name_enc"] != 2 {
			t.Errorf("%d file names shredded, want 2", shredded["report_files.name_enc"])
		}
		// Through the store's own reads too.
		if _, err := bs.ReportMessages(ctx, f.kab.ID, gone.r.ID, true); !vault.IsShredded(err) {
			t.Errorf("messages of the purged report: %v", err)
		}
		if _, err := bs.ReportMessages(ctx, f.kab.ID, kept.r.ID, true); err != nil {
			t.Errorf("messages of the kept report: %v", err)
		}
		// The files, as an old copy of the file store holds them.
		bfs, err := files.Open(dataDir, bs.Keyring())
		if err != nil {
			t.Fatal(err)
		}
		defer bfs.Close()
		for _, id := range gone.fileIDs {
			var out bytes.Buffer
			if _, err := bfs.Get(ctx, f.kab.ID, id, &out); !errors.Is(err, vault.ErrShredded) || out.Len() != 0 {
				t.Errorf("file of the purged report: %v, %d bytes", err, out.Len())
			}
		}
		for _, id := range kept.fileIDs {
			var out bytes.Buffer
			if _, err := bfs.Get(ctx, f.kab.ID, id, &out); err != nil || out.String() != marker {
				t.Errorf("file of the kept report: %v", err)
			}
		}
		// The live process forgot the key at once.
		if _, err := f.s.ReportMessages(ctx, f.kab.ID, gone.r.ID, true); !vault.IsShredded(err) {
			t.Errorf("live messages of the purged report: %v", err)
		}
	})
}

// TestRecordKeysForExistingRecords: records sealed before record keys get
// theirs from the reseal pass, every value of theirs moves under it (and
// dies with it), a value added first gives its record a key at once, and
// a second pass changes nothing.
func TestRecordKeysForExistingRecords(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		m, err := vault.GenerateMasterKeyFile(t.TempDir() + "/master.key")
		if err != nil {
			t.Fatal(err)
		}
		old := store.New(d, nil) // an installation before record keys
		old.UseVault(m)
		if _, err := old.ImportRegions(ctx, store.System, testdb.BantenRegions(t)); err != nil {
			t.Fatal(err)
		}
		kab, err := old.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
		if err != nil {
			t.Fatal(err)
		}
		dataDir := t.TempDir()
		oldFiles, err := files.Open(dataDir, old.Keyring())
		if err != nil {
			t.Fatal(err)
		}
		defer oldFiles.Close()
		const evidence = "ZZBUKTILAMAZZ"
		var reports []report.Report
		var fileIDs []string
		for range 3 {
			c := checkedReport(t, "confidential")
			fid, n, err := oldFiles.Put(ctx, kab.ID, 0, strings.NewReader(evidence))
			if err != nil {
				t.Fatal(err)
			}
			fileIDs = append(fileIDs, fid)
			c.Files = []report.Attachment{{FileID: fid, Name: vault.NewSecret("bukti.pdf"), ContentType: "application/pdf", Size: n}}
			r, _, err := old.CreateReport(ctx, store.System, kab.ID, c)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := old.AddReportMessage(ctx, store.System, kab.ID, r.ID, report.FromReporter, false, vault.NewSecret("ZZLAMAZZ")); err != nil {
				t.Fatal(err)
			}
			reports = append(reports, r)
		}
		o, err := old.AddOutcome(ctx, store.System, kab.ID, reports[0].PublicID, report.Outcome{Kind: report.OpenProtectionCase})
		if err != nil {
			t.Fatal(err)
		}
		fields, err := old.OpenAllSealed(ctx, kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, fl := range fields {
			if fl.Record != 0 || fl.Err != nil {
				t.Fatalf("before: %+v", fl)
			}
		}

		// The upgrade: the same database with a record key store.
		s := store.New(d, nil)
		s.UseVault(m)
		s.UseRecordKeys(testRecordKeys(t, d.Engine))
		// A value added to an old record before the pass gives the record
		// its key and is sealed under it.
		msg, err := s.AddReportMessage(ctx, store.System, kab.ID, reports[1].ID, report.FromReporter, false, vault.NewSecret("ZZBARUZZ"))
		if err != nil {
			t.Fatal(err)
		}
		rec1, err := s.ReportRecordKey(ctx, kab.ID, reports[1].PublicID)
		if err != nil || rec1 == 0 {
			t.Fatalf("record key of an old report given a message: %d, %v", rec1, err)
		}
		var body vault.Ciphertext
		if err := d.R.QueryRowContext(ctx, `SELECT body_enc FROM report_messages WHERE public_id = $1`, msg.PublicID).Scan(&body); err != nil {
			t.Fatal(err)
		}
		if got, _ := body.RecordKey(); got != rec1 {
			t.Fatalf("new message sealed under record key %d, want %d", got, rec1)
		}

		if err := s.RefreshKeys(ctx); err != nil {
			t.Fatal(err)
		}
		fields, err = s.OpenAllSealed(ctx, kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		keyOf := map[string]int64{}
		for _, table := range []string{"reports", "protection_cases"} {
			rows, err := d.R.QueryContext(ctx, `SELECT public_id, record_key FROM `+table+` WHERE tenant_id = $1`, kab.ID)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var pub string
				var k *int64
				if err := rows.Scan(&pub, &k); err != nil {
					t.Fatal(err)
				}
				if k == nil || *k == 0 {
					t.Fatalf("%s %s has no record key after the pass", table, pub)
				}
				keyOf[pub] = *k
			}
			rows.Close()
		}
		if keyOf[o.CasePublicID] == keyOf[reports[0].PublicID] {
			t.Fatal("the case opened from a report shares its key")
		}
		n := 0
		for _, fl := range fields {
			if fl.Err != nil || fl.Record == 0 {
				t.Errorf("after the pass: %s.%s record %d: %v", fl.Table, fl.Column, fl.Record, fl.Err)
			}
			n++
		}
		if n < 3*4 {
			t.Fatalf("%d sealed values", n)
		}
		// The files, as the server's pass moves them.
		fs, err := files.Open(dataDir, s.Keyring())
		if err != nil {
			t.Fatal(err)
		}
		defer fs.Close()
		for round := range 2 {
			recs, err := s.RecordFiles(ctx, 0, 100)
			if err != nil || len(recs) != 3 {
				t.Fatalf("record files: %d, %v", len(recs), err)
			}
			for _, rf := range recs {
				moved, err := fs.MoveToRecord(ctx, rf.TenantID, rf.FileID, rf.RecordKey)
				if err != nil || moved != (round == 0) {
					t.Fatalf("round %d: moved %v, %v", round, moved, err)
				}
			}
		}
		// Done once: a second pass moves nothing.
		if again, err := s.ResealTenant(ctx, kab.ID, 500); err != nil || again != 0 {
			t.Fatalf("second pass resealed %d: %v", again, err)
		}
		// And the old values now die with the key.
		if err := s.ShredRecordKeys(ctx, kab.ID, []int64{keyOf[reports[2].PublicID]}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReportMessages(ctx, kab.ID, reports[2].ID, true); !vault.IsShredded(err) {
			t.Fatalf("old message after shredding: %v", err)
		}
		if _, err := s.ReportMessages(ctx, kab.ID, reports[0].ID, true); err != nil {
			t.Fatalf("another report's old message: %v", err)
		}
		var out bytes.Buffer
		if _, err := fs.Get(ctx, kab.ID, fileIDs[2], &out); !vault.IsShredded(err) || out.Len() != 0 {
			t.Fatalf("old file after shredding: %v", err)
		}
		if _, err := fs.Get(ctx, kab.ID, fileIDs[0], &out); err != nil || out.String() != evidence {
			t.Fatalf("another report's old file: %v", err)
		}
	})
}

// TestCheckRecordKeys: an empty record key store is refused once records
// use record keys (a lost or wrong store would make them all look purged).
func TestCheckRecordKeys(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		if err := f.s.CheckRecordKeys(ctx, testRecordKeys(t, d.Engine)); err != nil {
			t.Fatalf("no records yet: %v", err)
		}
		if _, _, err := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "anonymous")); err != nil {
			t.Fatal(err)
		}
		if err := f.s.CheckRecordKeys(ctx, testRecordKeys(t, d.Engine)); err == nil || !strings.Contains(err.Error(), "restore the record key store") {
			t.Fatalf("empty store with records using keys: %v", err)
		}
	})
}
