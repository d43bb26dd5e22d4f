package store_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// redactedReport makes a report whose text carries a planted marker, and a
// desk actor for it.
func redactedReport(t *testing.T, f *fixture) (report.Report, report.Receipt, store.Actor) {
	t.Helper()
	c := checkedReport(t, "confidential")
	c.What = vault.NewSecret("Pak ZZBUDIMANZZ menelepon 0812-9999 dan ZZBUDIMANZZ mengancam saya.")
	r, receipt, err := f.s.CreateReport(ctx, store.System, f.kab.ID, c)
	if err != nil {
		t.Fatal(err)
	}
	desk := newUser(t, f, f.kab.ID, "meja.redaksi")
	return r, receipt, store.Actor{UserID: desk.ID, TenantID: f.kab.ID}
}

func reportVersion(t *testing.T, d *db.DB, id int64) int64 {
	t.Helper()
	var v int64
	if err := d.R.QueryRow(`SELECT version FROM reports WHERE id = $1`, id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func auditCount(t *testing.T, d *db.DB, action string) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// scanTables looks for each needle in every column of every table.
func scanTables(t *testing.T, d *db.DB, needles ...[]byte) {
	t.Helper()
	q := `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	if d.Engine == db.SQLite {
		q = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	}
	rows, err := d.R.Query(q)
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
	for _, table := range tables {
		rs, err := d.R.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(table, err)
		}
		cols, _ := rs.Columns()
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				var b []byte
				switch v := v.(type) {
				case []byte:
					b = v
				case string:
					b = []byte(v)
				}
				for _, n := range needles {
					if len(b) > 0 && bytes.Contains(b, n) {
						t.Errorf("%s.%s still holds %.20q", table, cols[i], n)
					}
				}
			}
		}
		rs.Close()
	}
}

func TestTemporaryRedaction(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		r, _, desk := redactedReport(t, f)
		v0 := reportVersion(t, d, r.ID)
		reds, err := f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Words: "ZZBUDIMANZZ", Occurrence: 2,
			Kind: report.Temporary, Reason: vault.NewSecret("nama ZZALASANZZ")})
		if err != nil || len(reds) != 1 {
			t.Fatal(err)
		}
		red := reds[0]
		// The second occurrence: "Pak ZZBUDIMANZZ menelepon 0812-9999 dan " is 40 runes.
		if red.Span != (report.Span{Start: 40, End: 51}) || !red.Active() {
			t.Fatalf("redaction %+v", red)
		}
		if reportVersion(t, d, r.ID) != v0+1 || auditCount(t, d, "report.redaction_added") != 1 {
			t.Error("a redaction must move the version on and be audited")
		}
		// The stored text is unchanged; the reason is sealed.
		got, err := f.s.OpenReport(ctx, desk, f.kab.ID, r.PublicID)
		if err != nil || !strings.Contains(got.What.Reveal(), "dan ZZBUDIMANZZ") {
			t.Fatalf("text after a temporary redaction: %v", err)
		}
		scanTables(t, d, []byte("ZZALASANZZ"), []byte("ZZBUDIMANZZ"))
		list, err := f.s.Redactions(ctx, f.kab.ID, r.ID)
		if err != nil || len(list) != 1 || list[0].Reason.Reveal() != "nama ZZALASANZZ" || list[0].CreatedByName != "User meja.redaksi" {
			t.Fatalf("list %+v %v", list, err)
		}

		// An overlapping one is refused, nothing changed.
		_, err = f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Span: report.Span{Start: 45, End: 60}, Kind: report.Temporary})
		wantCode(t, err, apperr.Invalid)
		if reportVersion(t, d, r.ID) != v0+1 {
			t.Error("a refused redaction moved the version")
		}

		// Lifted once; not twice; not from another report.
		other, _, _ := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "anonymous"))
		wantCode(t, f.s.LiftRedaction(ctx, desk, f.kab.ID, other.PublicID, red.PublicID), apperr.NotFound)
		if err := f.s.LiftRedaction(ctx, desk, f.kab.ID, r.PublicID, red.PublicID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.LiftRedaction(ctx, desk, f.kab.ID, r.PublicID, red.PublicID), apperr.NotFound)
		list, _ = f.s.Redactions(ctx, f.kab.ID, r.ID)
		if list[0].Active() || list[0].LiftedHow != "lifted" || list[0].LiftedBy != desk.UserID || auditCount(t, d, "report.redaction_lifted") != 1 {
			t.Fatalf("lifted %+v", list[0])
		}
		// Once lifted, the span may be redacted again.
		if _, err := f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Span: report.Span{Start: 45, End: 60}, Kind: report.Temporary}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestRedactionBadInput(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		r, _, desk := redactedReport(t, f)
		desk2 := store.Actor{UserID: newUser(t, f, f.kot.ID, "meja.kota").ID, TenantID: f.kot.ID}
		other, _, _ := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "anonymous"))
		msg, err := f.s.AddReportMessage(ctx, store.System, f.kab.ID, other.ID, report.FromReporter, false, vault.NewSecret("pesan lain"))
		if err != nil {
			t.Fatal(err)
		}
		v0 := reportVersion(t, d, r.ID)
		n0 := auditCount(t, d, "report.redaction_added")
		bad := []struct {
			name   string
			tenant int64
			a      store.Actor
			id     string
			in     store.RedactionInput
			code   apperr.Code
		}{
			{"past the end", f.kab.ID, desk, r.PublicID, store.RedactionInput{Field: "what", Span: report.Span{Start: 10, End: 500}, Kind: report.Temporary}, apperr.Invalid},
			{"empty", f.kab.ID, desk, r.PublicID, store.RedactionInput{Field: "what", Span: report.Span{Start: 10, End: 10}, Kind: report.Temporary}, apperr.Invalid},
			{"backwards", f.kab.ID, desk, r.PublicID, store.RedactionInput{Field: "what", Span: report.Span{Start: 10, End: 4}, Kind: report.Permanent}, apperr.Invalid},
			{"negative", f.kab.ID, desk, r.PublicID, store.RedactionInput{Field: "what", Span: report.Span{Start: -1, End: 4}, Kind: report.Temporary}, apperr.Invalid},
			{"words not there", f.kab.ID, desk, r.PublicID, store.RedactionInput{Field: "what", Words: "Joko", Occurrence: 1, Kind: report.Permanent}, apperr.Invalid},
			{"third occurrence", f.kab.ID, desk, r.PublicID, store.RedactionInput{Field: "what", Words: "ZZBUDIMANZZ", Occurrence: 3, Kind: report.Permanent}, apperr.Invalid},
			{"unknown field", f.kab.ID, desk, r.PublicID, store.RedactionInput{Field: "receipt_lookup", Span: report.Span{Start: 0, End: 2}, Kind: report.Temporary}, apperr.Invalid},
			{"empty field", f.kab.ID, desk, r.PublicID, store.RedactionInput{Field: "channel_ref", Span: report.Span{Start: 0, End: 1}, Kind: report.Temporary}, apperr.Invalid},
			{"unknown kind", f.kab.ID, desk, r.PublicID, store.RedactionInput{Field: "what", Span: report.Span{Start: 0, End: 2}, Kind: "forever"}, apperr.Invalid},
			{"another report's message", f.kab.ID, desk, r.PublicID, store.RedactionInput{Field: report.FieldBody, MessagePublicID: msg.PublicID, Span: report.Span{Start: 0, End: 2}, Kind: report.Permanent}, apperr.Invalid},
			{"another tenant", f.kot.ID, desk2, r.PublicID, store.RedactionInput{Field: "what", Span: report.Span{Start: 0, End: 2}, Kind: report.Permanent}, apperr.NotFound},
			{"no such report", f.kab.ID, desk, "nope", store.RedactionInput{Field: "what", Span: report.Span{Start: 0, End: 2}, Kind: report.Temporary}, apperr.NotFound},
		}
		for _, b := range bad {
			_, err := f.s.AddRedaction(ctx, b.a, b.tenant, b.id, b.in)
			if apperr.CodeOf(err) != b.code || apperr.As(err).Key == "" {
				t.Errorf("%s: got %v, want %s with a message key", b.name, err, b.code)
			}
		}
		if reportVersion(t, d, r.ID) != v0 || auditCount(t, d, "report.redaction_added")+auditCount(t, d, "report.redaction_permanent") != n0 {
			t.Error("refused redactions changed something")
		}
		var n int
		if err := d.R.QueryRow(`SELECT COUNT(*) FROM report_redactions`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d redactions stored", n)
		}
		got, _ := f.s.OpenReport(ctx, desk, f.kab.ID, r.PublicID)
		if got.What.Reveal() != "Pak ZZBUDIMANZZ menelepon 0812-9999 dan ZZBUDIMANZZ mengancam saya." {
			t.Errorf("text changed: %q", got.What.Reveal())
		}
		// A stale form is refused too.
		stale := store.ExpectVersion(ctx, store.VersionReport, r.PublicID, v0-1+0)
		if v0 > 1 {
			_, err = f.s.AddRedaction(stale, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Span: report.Span{Start: 0, End: 3}, Kind: report.Permanent})
			wantCode(t, err, apperr.Conflict)
		}
		_, err = f.s.AddRedaction(store.ExpectVersion(ctx, store.VersionReport, r.PublicID, v0+5), desk, f.kab.ID, r.PublicID,
			store.RedactionInput{Field: "what", Span: report.Span{Start: 0, End: 3}, Kind: report.Permanent})
		wantCode(t, err, apperr.Conflict)
	})
}

func TestPermanentRedaction(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		r, receipt, desk := redactedReport(t, f)
		// A message from the reporter, with a phone number in it.
		msg, err := f.s.AddReportMessage(ctx, store.System, f.kab.ID, r.ID, report.FromReporter, false, vault.NewSecret("Nomor saya ZZTELEPONZZ, hubungi sore."))
		if err != nil {
			t.Fatal(err)
		}
		var oldContent, oldBody []byte
		if err := d.R.QueryRow(`SELECT content_enc FROM reports WHERE id = $1`, r.ID).Scan(&oldContent); err != nil {
			t.Fatal(err)
		}
		if err := d.R.QueryRow(`SELECT body_enc FROM report_messages WHERE id = $1`, msg.ID).Scan(&oldBody); err != nil {
			t.Fatal(err)
		}
		// Temporary redactions around what will be rewritten: one inside
		// it, one overlapping its start, one after it.
		text := "Pak ZZBUDIMANZZ menelepon 0812-9999 dan ZZBUDIMANZZ mengancam saya."
		add := func(s report.Span) report.Redaction {
			t.Helper()
			red, err := f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Span: s, Kind: report.Temporary})
			if err != nil {
				t.Fatal(err)
			}
			return red[0]
		}
		inside := add(report.Span{Start: 6, End: 10})                                                       // inside the first ZZBUDIMANZZ (4..15)
		overlap := add(report.Span{Start: 0, End: 5})                                                       // "Pak Z"
		after := add(report.Span{Start: strings.Index(text, "0812"), End: strings.Index(text, "0812") + 9}) // the phone number
		v0 := reportVersion(t, d, r.ID)

		reds, err := f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Words: "ZZBUDIMANZZ", Occurrence: 1, Kind: report.Permanent})
		if err != nil {
			t.Fatal(err)
		}
		red := reds[0]
		if _, err := f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Words: "ZZBUDIMANZZ", Occurrence: 1, Kind: report.Permanent}); err != nil {
			t.Fatal(err) // the second occurrence is now the first
		}
		if _, err := f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: report.FieldBody, MessagePublicID: msg.PublicID,
			Words: "ZZTELEPONZZ", Occurrence: 1, Kind: report.Permanent}); err != nil {
			t.Fatal(err)
		}
		if red.Span != (report.Span{Start: 4, End: 4 + 5}) || red.Kind != report.Permanent {
			t.Errorf("permanent row %+v", red)
		}
		if reportVersion(t, d, r.ID) != v0+3 || auditCount(t, d, "report.redaction_permanent") != 3 {
			t.Error("each rewrite moves the version on and is audited")
		}

		// The staff's copy: rewritten, new ciphertexts, the words gone.
		got, err := f.s.OpenReport(ctx, desk, f.kab.ID, r.PublicID)
		want := "Pak " + report.Mask + " menelepon 0812-9999 dan " + report.Mask + " mengancam saya."
		if err != nil || got.What.Reveal() != want {
			t.Fatalf("rewritten %q %v", got.What.Reveal(), err)
		}
		msgs, err := f.s.ReportMessages(ctx, f.kab.ID, r.ID, true)
		if err != nil || msgs[0].Body.Reveal() != "Nomor saya "+report.Mask+", hubungi sore." {
			t.Fatalf("message rewritten %v", err)
		}
		// Nowhere in the database: not in clear, and not the old
		// ciphertexts that opened to it.
		scanTables(t, d, []byte("ZZBUDIMANZZ"), []byte("ZZTELEPONZZ"), oldContent, oldBody)
		if d.Engine == db.SQLite {
			var file string
			if err := d.R.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
				t.Fatal(err)
			}
			if _, err := d.W.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{file, file + "-wal"} {
				b, err := os.ReadFile(filepath.Clean(p))
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				for _, m := range []string{"ZZBUDIMANZZ", "ZZTELEPONZZ"} {
					if bytes.Contains(b, []byte(m)) {
						t.Errorf("%s holds %s", p, m)
					}
				}
			}
		}

		// The temporary ones: inside, superseded; overlapping, trimmed to
		// "Pak "; after, moved with the text.
		list, err := f.s.Redactions(ctx, f.kab.ID, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		by := map[string]report.Redaction{}
		for _, l := range list {
			by[l.PublicID] = l
		}
		if l := by[inside.PublicID]; l.Active() || l.LiftedHow != "superseded" {
			t.Errorf("inside %+v", l)
		}
		if l := by[overlap.PublicID]; !l.Active() || l.Span != (report.Span{Start: 0, End: 4}) {
			t.Errorf("overlap %+v", l)
		}
		wantAfter := report.Span{Start: strings.Index(want, "0812"), End: strings.Index(want, "0812") + 9}
		wantAfter.Start, wantAfter.End = len([]rune(want[:wantAfter.Start])), len([]rune(want[:wantAfter.Start]))+9
		if l := by[after.PublicID]; !l.Active() || l.Span != wantAfter || string([]rune(want)[l.Start:l.End]) != "0812-9999" {
			t.Errorf("after %+v, want %+v", l, wantAfter)
		}

		// The reporter's own view is as they sent it.
		mine, err := f.s.ReportByReceipt(ctx, f.kab.ID, receipt)
		if err != nil || mine.What.Reveal() != text {
			t.Fatalf("reporter's view %q %v", mine.What.Reveal(), err)
		}
		theirs, err := f.s.ReporterMessages(ctx, f.kab.ID, r.ID, receipt)
		if err != nil || len(theirs) != 1 || theirs[0].Body.Reveal() != "Nomor saya ZZTELEPONZZ, hubungi sore." {
			t.Fatalf("reporter's messages %v", err)
		}
		// Which the staff cannot open: it is not under the government's keys.
		var own []byte
		if err := d.R.QueryRow(`SELECT reporter_copy FROM reports WHERE id = $1`, r.ID).Scan(&own); err != nil || len(own) == 0 {
			t.Fatal("no reporter copy", err)
		}
		wrong := report.Receipt("0000000000000001")
		if _, err := f.s.ReporterMessages(ctx, f.kab.ID, r.ID, wrong); err == nil {
			t.Error("a wrong receipt opened the reporter's copies")
		}

		// A rewrite before the earlier masks moves their rows with the
		// text: every permanent row still covers its mask.
		if _, err := f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Words: "Pak", Occurrence: 1, Kind: report.Permanent}); err != nil {
			t.Fatal(err)
		}
		got, _ = f.s.OpenReport(ctx, desk, f.kab.ID, r.PublicID)
		final := []rune(got.What.Reveal())
		list, _ = f.s.Redactions(ctx, f.kab.ID, r.ID)
		perms := 0
		for _, l := range list {
			if l.Kind == report.Permanent && l.Field == "what" {
				perms++
				if string(final[l.Start:l.End]) != report.Mask {
					t.Errorf("permanent row %v covers %q in %q", l.Span, string(final[l.Start:l.End]), string(final))
				}
			}
		}
		if perms != 3 {
			t.Errorf("%d permanent rows", perms)
		}
		// A temporary redaction over a mask is refused: it is masked already.
		_, err = f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Span: report.Span{Start: 0, End: 3}, Kind: report.Temporary})
		wantCode(t, err, apperr.Invalid)
	})
}

// A report made before reporter copies existed falls back to the staff's.
func TestReporterViewWithoutCopy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		r, receipt, _ := redactedReport(t, f)
		if _, err := d.W.Exec(`UPDATE reports SET reporter_copy = NULL, reporter_key = NULL WHERE id = $1`, r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddReportMessage(ctx, store.System, f.kab.ID, r.ID, report.FromReporter, false, vault.NewSecret("tanpa salinan")); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.ReportByReceipt(ctx, f.kab.ID, receipt)
		if err != nil || !strings.HasPrefix(got.What.Reveal(), "Pak ZZBUDIMANZZ") {
			t.Fatalf("%v", err)
		}
		msgs, err := f.s.ReporterMessages(ctx, f.kab.ID, r.ID, receipt)
		if err != nil || len(msgs) != 1 || msgs[0].Body.Reveal() != "tanpa salinan" {
			t.Fatalf("%v", err)
		}
	})
}

// Every occurrence at once: a temporary redaction of each, then a
// permanent rewrite of each in one change, the masks where the words were.
func TestRedactEveryOccurrence(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		r, _, desk := redactedReport(t, f)
		tmp, err := f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Words: "ZZBUDIMANZZ", All: true, Kind: report.Temporary})
		if err != nil || len(tmp) != 2 || tmp[0].Span != (report.Span{Start: 4, End: 15}) || tmp[1].Span != (report.Span{Start: 40, End: 51}) {
			t.Fatalf("temporary: %+v %v", tmp, err)
		}
		// Again: they overlap what is already masked.
		_, err = f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Words: "ZZBUDIMANZZ", All: true, Kind: report.Temporary})
		wantCode(t, err, apperr.Invalid)
		phone, err := f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Words: "0812-9999", Kind: report.Temporary, Occurrence: 1})
		if err != nil {
			t.Fatal(err)
		}
		n0 := auditCount(t, d, "report.redaction_permanent")
		perm, err := f.s.AddRedaction(ctx, desk, f.kab.ID, r.PublicID, store.RedactionInput{Field: "what", Words: "ZZBUDIMANZZ", All: true, Kind: report.Permanent})
		if err != nil || len(perm) != 2 {
			t.Fatalf("permanent: %+v %v", perm, err)
		}
		want := "Pak " + report.Mask + " menelepon 0812-9999 dan " + report.Mask + " mengancam saya."
		got, _ := f.s.OpenReport(ctx, desk, f.kab.ID, r.PublicID)
		if got.What.Reveal() != want || auditCount(t, d, "report.redaction_permanent") != n0+1 {
			t.Fatalf("rewritten %q", got.What.Reveal())
		}
		rs := []rune(want)
		for _, p := range perm {
			if string(rs[p.Start:p.End]) != report.Mask {
				t.Errorf("mask row %v covers %q", p.Span, string(rs[p.Start:p.End]))
			}
		}
		list, _ := f.s.Redactions(ctx, f.kab.ID, r.ID)
		for _, l := range list {
			switch l.PublicID {
			case tmp[0].PublicID, tmp[1].PublicID:
				if l.Active() || l.LiftedHow != "superseded" {
					t.Errorf("the temporary one under a rewrite: %+v", l)
				}
			case phone[0].PublicID:
				if !l.Active() || string(rs[l.Start:l.End]) != "0812-9999" {
					t.Errorf("the phone's redaction moved to %v", l.Span)
				}
			}
		}
		scanTables(t, d, []byte("ZZBUDIMANZZ"))
	})
}

// Who reaches a report through its case: the handler and the team's
// members are assigned; another examiner is not; the accused is named.
func TestReportCaseAccess(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		importSmallRoster(t, f, 6)
		var ids []int64
		rows, err := d.R.Query(`SELECT id FROM employees WHERE tenant_id = $1 ORDER BY id`, f.kab.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		r, _, desk := redactedReport(t, f)
		if err := f.s.LinkReportEmployee(ctx, desk, f.kab.ID, r.PublicID, ids[0]); err != nil {
			t.Fatal(err)
		}
		o, err := f.s.AddOutcome(ctx, desk, f.kab.ID, r.PublicID, report.Outcome{Kind: report.OpenDisciplineCase})
		if err != nil {
			t.Fatal(err)
		}
		handler := newUser(t, f, f.kab.ID, "penangan", identity.Examiner)
		member := newUser(t, f, f.kab.ID, "anggota.tim", identity.Examiner)
		other := newUser(t, f, f.kab.ID, "pemeriksa.lain", identity.Examiner)
		if err := f.s.SetCaseHandler(ctx, store.System, f.kab.ID, o.CasePublicID, handler.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.LinkUserEmployee(ctx, store.System, f.kab.ID, member.ID, ids[1]); err != nil {
			t.Fatal(err)
		}
		if err := f.s.AddTeamMember(ctx, store.System, f.kab.ID, o.CasePublicID, discipline.Member{EmployeeID: ids[1], Seat: discipline.SeatOther},
			func([]discipline.Member) error { return nil }); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			user             int64
			inCase, assigned bool
		}{{handler.ID, true, true}, {member.ID, true, true}, {other.ID, true, false}} {
			got, err := f.s.ReportCaseAccessOf(ctx, f.kab.ID, r.ID, c.user)
			if err != nil || got.InCase != c.inCase || got.Assigned != c.assigned || len(got.Employees) != 1 || got.Employees[0] != ids[0] {
				t.Errorf("user %d: %+v %v", c.user, got, err)
			}
		}
		// A report behind no case; the same report asked from another government.
		lone, _, _ := f.s.CreateReport(ctx, store.System, f.kab.ID, checkedReport(t, "anonymous"))
		if got, _ := f.s.ReportCaseAccessOf(ctx, f.kab.ID, lone.ID, handler.ID); got.InCase || got.Assigned {
			t.Errorf("lone report: %+v", got)
		}
		if got, _ := f.s.ReportCaseAccessOf(ctx, f.kot.ID, r.ID, handler.ID); got.InCase || got.Assigned {
			t.Errorf("another government: %+v", got)
		}
	})
}
