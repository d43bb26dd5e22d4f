package store_test

import (
	"bytes"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"sigap/internal/audit"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/retention"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// The oldest audit events go once their period has passed: the chain is
// cut at its start, up to the first event still in its period or about a
// held record, and still verifies from its anchor, in the database and
// in an export. An anchor the chain does not record is found out.
func TestPurgeAuditEvents(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		m, err := vault.GenerateMasterKeyFile(filepath.Join(t.TempDir(), "master.key"))
		if err != nil {
			t.Fatal(err)
		}
		clock := time.Date(2014, 1, 6, 3, 0, 0, 0, time.UTC)
		f := &fixture{clock: &clock}
		f.s = store.New(d, func() time.Time { return *f.clock })
		f.s.UseVault(m)
		if _, err := f.s.ImportRegions(ctx, store.System, testdb.BantenRegions(t)); err != nil {
			t.Fatal(err)
		}
		if f.kab, err = f.s.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang"); err != nil {
			t.Fatal(err)
		}
		admin := store.Actor{TenantID: f.kab.ID}
		rules := func() {
			t.Helper()
			if err := f.s.SetRetentionRules(ctx, admin, f.kab.ID, retention.Rules{retention.Export: 12}); err != nil {
				t.Fatal(err)
			}
		}
		rules()
		rules()
		// A report held since 2015: its events, and all after, stay.
		r := &retentionRecords{t: t, f: f, d: d}
		_, held := r.report("in_review", time.Time{})
		clock = time.Date(2015, 5, 4, 3, 0, 0, 0, time.UTC)
		hold, err := f.s.SetLegalHold(ctx, admin, f.kab.ID, "report", held, "hold", vault.NewSecret("perkara"))
		if err != nil {
			t.Fatal(err)
		}
		rules()
		clock = time.Date(2017, 1, 2, 3, 0, 0, 0, time.UTC)
		rules()
		head, _, _ := f.s.AuditHead(ctx, f.kab.ID)

		clock = time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC) // ten years on: 2016-03-02 is the cut
		cal, _ := f.s.Calendar(ctx, f.kab.ID)
		today := calendar.DateOf(clock, time.FixedZone("WIB", 7*3600))
		verify := func(want string) {
			t.Helper()
			_, p, err := f.s.VerifyChain(ctx, f.kab.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			if (p == nil) != (want == "") {
				t.Fatalf("verify: %v, want problem %v", p, want != "")
			}
		}
		first := func() int64 {
			var s int64
			d.R.QueryRow(`SELECT MIN(seq) FROM audit_events WHERE chain = $1`, f.kab.ID).Scan(&s)
			return s
		}
		var holdSeq int64
		d.R.QueryRow(`SELECT seq FROM audit_events WHERE chain = $1 AND action = 'retention.hold.hold'`, f.kab.ID).Scan(&holdSeq)

		res, err := f.s.Purge(ctx, admin, f.kab.ID, today, cal, nil)
		if err != nil || res.AuditEvents != int(holdSeq-1) || first() != holdSeq {
			t.Fatalf("first purge: %+v %v; the chain starts at %d, want the hold's event %d", res, err, first(), holdSeq)
		}
		verify("")
		anchor, _, _ := f.s.AuditAnchor(ctx, f.kab.ID)
		if anchor != holdSeq-1 {
			t.Errorf("anchor %d, want %d", anchor, holdSeq-1)
		}
		// Released, the hold keeps nothing: the cut moves up to the last
		// event before 2016.
		if err := f.s.ReleaseLegalHold(ctx, admin, f.kab.ID, hold, vault.NewSecret("selesai")); err != nil {
			t.Fatal(err)
		}
		res, err = f.s.Purge(ctx, admin, f.kab.ID, today, cal, nil)
		if err != nil || res.AuditEvents != 2 || first() != head {
			t.Fatalf("after the release: %+v %v, the chain starts at %d, want %d (the 2017 event)", res, err, first(), head)
		}
		verify("")
		if res, _ := f.s.Purge(ctx, admin, f.kab.ID, today, cal, nil); res.AuditEvents != 0 {
			t.Errorf("purging again took %d more events", res.AuditEvents)
		}
		var purges int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'retention.purged.audit_event'`).Scan(&purges)
		if purges != 2 {
			t.Errorf("%d audit purges recorded, want 2", purges)
		}

		// An export starts at the anchor and verifies on its own.
		anchor, anchorHash, _ := f.s.AuditAnchor(ctx, f.kab.ID)
		seq, _, _ := f.s.AuditHead(ctx, f.kab.ID)
		var buf bytes.Buffer
		x, err := audit.NewExportWriter(&buf, audit.ExportHeader{Chain: f.kab.ID, HeadSeq: seq, ExportedAt: clock, AnchorSeq: anchor, AnchorHash: hex.EncodeToString(anchorHash)})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.ScanAudit(ctx, f.kab.ID, x.Event); err != nil {
			t.Fatal(err)
		}
		x.Close()
		if got, err := audit.VerifyExport(bytes.NewReader(buf.Bytes()), nil); err != nil || got.Problem != nil {
			t.Errorf("export after the purge: %+v %v", got, err)
		}

		// Events cut by hand, with an anchor moved to match, are found out.
		var h []byte
		d.R.QueryRow(`SELECT hash FROM audit_events WHERE chain = $1 AND seq = $2`, f.kab.ID, head).Scan(&h)
		if _, err := d.W.Exec(`DELETE FROM audit_events WHERE chain = $1 AND seq <= $2`, f.kab.ID, head); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.Exec(`UPDATE audit_anchors SET seq = $2, hash = $3 WHERE chain = $1`, f.kab.ID, head, h); err != nil {
			t.Fatal(err)
		}
		verify("the chain does not record this anchor")
	})
}
