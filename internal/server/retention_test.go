package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sigap/internal/identity"
	"sigap/internal/testserver"
)

// The retention page: an admin sets the periods (a bad one refused with
// its message, nothing changed), the auditor sees the preview, holds a
// due report with a reason (sealed) and releases it after confirming, and
// each step is audited; an employee may not open it.
func TestRetentionPage(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		env.AddUser(t, "auditor.kab", env.Kab.ID, identity.Auditor)
		d := env.Store.DB()
		now := env.Store.Now()
		var reportPub = "rpt-retention-1"
		if _, err := d.W.Exec(`INSERT INTO reports (tenant_id, public_id, receipt_lookup, channel, category, mode, status, reporter_is_victim, contact_victim,
			share_identity, content_enc, created_at, updated_at, closed_at) VALUES ($1, $2, $3, 'web', 'other', 'anonymous', 'closed', FALSE, FALSE, FALSE, $4, $5, $5, $6)`,
			env.Kab.ID, reportPub, []byte(reportPub), []byte("x"), now.AddDate(-3, 0, 0), now.AddDate(-2, -6, 0)); err != nil {
			t.Fatal(err)
		}

		emp := env.Client(t)
		emp.SignIn("employee.kab")
		if r := emp.Get("/admin/retention"); r.Status != http.StatusForbidden {
			t.Errorf("employee: %d", r.Status)
		}

		admin := env.Client(t)
		admin.SignIn("admin.kab")
		page := admin.Get("/admin/retention")
		if page.Status != http.StatusOK || page.Doc.Find(`input[name="discipline_case"]`).AttrOr("value", "") != "60" {
			t.Fatalf("admin page: %d", page.Status)
		}
		if page.Doc.Find(`nav a[href="/admin/retention"]`).Length() != 1 {
			t.Error("no menu entry")
		}
		if row := page.Text("tbody tr"); !strings.Contains(row, "Laporan") || !strings.Contains(row, "Jatuh tempo") {
			t.Errorf("preview row %q", row)
		}
		r := admin.Post("/admin/retention", url.Values{"discipline_case": {"6"}, "export": {"dua"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("#discipline_case-error"), "antara 12 dan 1200") ||
			r.Doc.Find(`input[name="discipline_case"]`).AttrOr("value", "") != "6" || r.Text("#export-error") == "" {
			t.Fatalf("bad periods: %d %q", r.Status, r.Text(".field-error"))
		}
		if auditCount(t, env, "retention.rules") != 0 {
			t.Fatal("a refused change was audited")
		}
		r = admin.Post("/admin/retention", url.Values{"discipline_case": {"120"}, "rejected_report": {"24"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", r.Status, r.Text(".field-error"))
		}
		if got := admin.Get("/admin/retention"); got.Text(".flash") != "Masa simpan disimpan." || got.Doc.Find(`input[name="discipline_case"]`).AttrOr("value", "") != "120" {
			t.Errorf("after save: %q", got.Text(".flash"))
		}

		aud := env.Client(t)
		aud.SignIn("auditor.kab")
		page = aud.Get("/admin/retention")
		if page.Status != http.StatusOK || page.Doc.Find(`input[name="discipline_case"]`).Length() != 0 {
			t.Fatalf("auditor page: %d (the periods must be read-only)", page.Status)
		}
		if r := aud.Post("/admin/retention", url.Values{"discipline_case": {"96"}}); r.Status != http.StatusForbidden {
			t.Errorf("auditor changing periods: %d", r.Status)
		}
		if page.Doc.Find(`a[href="/admin/retention/holds/new?object=report&id=`+reportPub+`"]`).Length() != 1 {
			t.Error("no hold link on the preview row")
		}
		form := aud.Get("/admin/retention/holds/new?object=report&id=" + reportPub)
		if form.Doc.Find(`input[name="id"]`).AttrOr("value", "") != reportPub || form.Doc.Find(`option[value="report"][selected]`).Length() != 1 {
			t.Fatal("the hold form is not filled from the preview")
		}
		r = aud.Post("/admin/retention/holds", url.Values{"object": {"report"}, "id": {reportPub}, "kind": {"hold"}, "reason": {"  "}})
		if r.Status != http.StatusUnprocessableEntity || r.Text("#reason-error") == "" {
			t.Fatalf("hold without a reason: %d", r.Status)
		}
		r = aud.Post("/admin/retention/holds", url.Values{"object": {"report"}, "id": {"no-such"}, "kind": {"hold"}, "reason": {"x"}})
		if r.Status != http.StatusNotFound && r.Status != http.StatusUnprocessableEntity {
			t.Errorf("hold of an unknown record: %d", r.Status)
		}
		r = aud.Post("/admin/retention/holds", url.Values{"object": {"report"}, "id": {reportPub}, "kind": {"hold"}, "reason": {"ZZRETHOLDZZ pemeriksaan BPK"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("hold: %d %s", r.Status, r.Text(".form-error"))
		}
		page = aud.Get("/admin/retention")
		if !strings.Contains(page.Text("tbody"), "ditahan") || !strings.Contains(page.Doc.Find(`section[aria-labelledby="holds-h"]`).Text(), "ZZRETHOLDZZ") {
			t.Errorf("after the hold: %q", page.Text("tbody"))
		}
		if where := inDatabase(t, env.Store.DB(), "ZZRETHOLDZZ"); where != "" {
			t.Errorf("the hold's reason is stored in clear in %s", where)
		}
		release, ok := page.Doc.Find(`a[href$="/release"]`).Attr("href")
		if !ok {
			t.Fatal("no release link")
		}
		confirm := aud.Get(release)
		if confirm.Status != http.StatusOK || !strings.Contains(confirm.Text("blockquote"), "ZZRETHOLDZZ") {
			t.Fatalf("release confirmation: %d", confirm.Status)
		}
		if r := aud.Post(release, url.Values{"reason": {""}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("release without a reason: %d", r.Status)
		}
		if r := aud.Post(release, url.Values{"reason": {"pemeriksaan selesai"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("release: %d", r.Status)
		}
		if r := aud.Get(release); r.Status != http.StatusNotFound {
			t.Errorf("a released hold's page: %d", r.Status)
		}
		if got := aud.Get("/admin/retention"); strings.Contains(got.Text("tbody"), "ditahan") || !strings.Contains(got.Text("tbody"), "Jatuh tempo") {
			t.Errorf("after the release: %q", got.Text("tbody"))
		}
		if auditCount(t, env, "retention.rules") != 1 || auditCount(t, env, "retention.hold.hold") != 1 || auditCount(t, env, "retention.hold.release") != 1 {
			t.Error("retention changes not audited once each")
		}
	})
}
