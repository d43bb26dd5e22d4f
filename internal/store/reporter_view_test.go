package store_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/db"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/vault"
)

// The reporter's record, read in two round trips, is what the separate
// reads give: the report from the reporter's copy, the messages that are
// not internal, every file and every outcome; and reading it writes
// nothing.
func TestReporterRecord(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := vaultFixture(t, d)
		desk := store.Actor{UserID: 0}
		c := checkedReport(t, "confidential")
		c.Files = []report.Attachment{{FileID: "file-ZZFILEZZ", Name: vault.NewSecret("bukti ZZNAMEZZ.pdf"), ContentType: "application/pdf", Size: 1234, Flagged: true}}
		r, receipt, err := f.s.CreateReport(ctx, store.System, f.kab.ID, c)
		if err != nil {
			t.Fatal(err)
		}
		empty, err := f.s.ReporterRecord(ctx, f.kab.ID, receipt)
		if err != nil || empty.Report.PublicID != r.PublicID || len(empty.Messages) != 0 || len(empty.Files) != 1 || len(empty.Outcomes) != 0 {
			t.Fatalf("a new report's record: %+v %v", empty, err)
		}
		for _, m := range []struct {
			author   report.Author
			internal bool
			body     string
		}{{report.FromDesk, false, "Mohon kirim bukti tambahan."}, {report.FromDesk, true, "Catatan internal ZZINTERNALZZ"}, {report.FromReporter, false, "Ini buktinya."}} {
			var files []report.Attachment
			if m.author == report.FromReporter {
				files = []report.Attachment{{FileID: "file-2", Name: vault.NewSecret("foto.jpg"), ContentType: "image/jpeg", Size: 99}}
			}
			if _, err := f.s.AddReportMessage(ctx, desk, f.kab.ID, r.ID, m.author, m.internal, vault.NewSecret(m.body), files...); err != nil {
				t.Fatal(err)
			}
		}
		for _, o := range []report.Outcome{{Kind: report.Refer, ReferralTo: "Inspektorat", Note: vault.NewSecret("catatan rujukan")},
			{Kind: report.Reject, Note: vault.NewSecret("Bukan wewenang kami.")}} {
			if _, err := f.s.AddOutcome(ctx, desk, f.kab.ID, r.PublicID, o); err != nil {
				t.Fatal(err)
			}
		}

		var audits, version int64
		count := func() (int64, int64) {
			var a, v int64
			if err := d.R.QueryRow(`SELECT (SELECT COUNT(*) FROM audit_events), (SELECT version FROM reports WHERE id = $1)`, r.ID).Scan(&a, &v); err != nil {
				t.Fatal(err)
			}
			return a, v
		}
		audits, version = count()
		got, err := f.s.ReporterRecord(ctx, f.kab.ID, receipt)
		if err != nil {
			t.Fatal(err)
		}
		if a, v := count(); a != audits || v != version {
			t.Errorf("a look-up wrote: audit events %d → %d, version %d → %d", audits, a, version, v)
		}

		wantReport, err := f.s.ReportByReceipt(ctx, f.kab.ID, receipt)
		if err != nil {
			t.Fatal(err)
		}
		wantMessages, err := f.s.ReporterMessages(ctx, f.kab.ID, r.ID, receipt)
		if err != nil {
			t.Fatal(err)
		}
		wantFiles, err := f.s.ReportAttachments(ctx, f.kab.ID, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantOutcomes, err := f.s.ReportOutcomes(ctx, f.kab.ID, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := flat(wantReport), flat(got.Report); a != b {
			t.Errorf("report:\nseparate %s\ntogether %s", a, b)
		}
		if len(got.Messages) != 2 || got.Messages[0].Body.Reveal() != "Mohon kirim bukti tambahan." || got.Messages[1].Author != report.FromReporter {
			t.Errorf("messages %+v", got.Messages)
		}
		if a, b := flat(wantMessages), flat(got.Messages); a != b {
			t.Errorf("messages:\nseparate %s\ntogether %s", a, b)
		}
		if len(got.Files) != 2 || got.Files[0].Name.Reveal() != "bukti ZZNAMEZZ.pdf" || !got.Files[0].Flagged || got.Files[1].MessageID != got.Messages[1].ID {
			t.Errorf("files %+v", got.Files)
		}
		if a, b := flat(wantFiles), flat(got.Files); a != b {
			t.Errorf("files:\nseparate %s\ntogether %s", a, b)
		}
		// The reporter's record leaves out who decided and the case's
		// public ID; everything else is the same.
		for i := range wantOutcomes {
			wantOutcomes[i].CreatedBy, wantOutcomes[i].CreatedByName, wantOutcomes[i].CasePublicID = 0, "", ""
		}
		if len(got.Outcomes) != 2 || got.Outcomes[1].Note.Reveal() != "Bukan wewenang kami." {
			t.Errorf("outcomes %+v", got.Outcomes)
		}
		if a, b := flat(wantOutcomes), flat(got.Outcomes); a != b {
			t.Errorf("outcomes:\nseparate %s\ntogether %s", a, b)
		}

		// A wrong code, or another government's, is not found.
		_, err = f.s.ReporterRecord(ctx, f.kot.ID, receipt)
		wantCode(t, err, apperr.NotFound)
	})
}

// flat prints v with its secrets revealed, for comparing values that hold
// them (a Secret's own fields are pointers).
func flat(v any) string {
	var b strings.Builder
	var walk func(reflect.Value)
	secret := reflect.TypeFor[vault.Secret]()
	walk = func(v reflect.Value) {
		switch {
		case v.Type() == secret:
			fmt.Fprintf(&b, "%q", v.Interface().(vault.Secret).Reveal())
		case v.Kind() == reflect.Struct && v.Type().PkgPath() != "time":
			b.WriteString("{")
			for i := range v.NumField() {
				fmt.Fprintf(&b, "%s:", v.Type().Field(i).Name)
				walk(v.Field(i))
				b.WriteString(" ")
			}
			b.WriteString("}")
		case v.Kind() == reflect.Slice:
			b.WriteString("[")
			for i := range v.Len() {
				walk(v.Index(i))
			}
			b.WriteString("]")
		default:
			fmt.Fprintf(&b, "%v", v.Interface())
		}
	}
	walk(reflect.ValueOf(v))
	return b.String()
}
