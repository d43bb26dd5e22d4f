package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
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

// The admin purges the records due now after a confirmation that lists
// them; the page then shows them in the purge log, and each record's page
// says it was destroyed and when. Only the admin may purge.
func TestRetentionPurgeNow(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		env.AddUser(t, "auditor.kab", env.Kab.ID, identity.Auditor)
		env.AddUser(t, "intake.kab", env.Kab.ID, identity.Intake)
		env.AddUser(t, "ppa.kab", env.Kab.ID, identity.ProtectionLead)
		d := env.Store.DB()
		now := env.Store.Now()
		plant := func(q string, args ...any) int64 {
			t.Helper()
			var id int64
			if err := d.W.QueryRow(q, args...).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		report := func(pub string, closed time.Time) int64 {
			content := "ZZPURGEWEBZZ"
			if closed.After(now.AddDate(-1, 0, 0)) {
				content = "ZZKEPTWEBZZ"
			}
			return plant(`INSERT INTO reports (tenant_id, public_id, receipt_lookup, channel, category, mode, status, reporter_is_victim, contact_victim,
				share_identity, content_enc, created_at, updated_at, closed_at) VALUES ($1, $2, $3, 'web', 'other', 'anonymous', 'closed', FALSE, FALSE, FALSE, $4, $5, $5, $6) RETURNING id`,
				env.Kab.ID, pub, []byte(pub), []byte(content), closed.AddDate(0, -1, 0), closed)
		}
		report("rpt-purge-due", now.AddDate(-3, 0, 0))
		report("rpt-purge-fresh", now.AddDate(0, -2, 0))
		// A reprimand decided in 2018 and served in January 2019.
		rep := report("rpt-purge-case", now.AddDate(-7, 0, 0))
		caseID := plant(`INSERT INTO discipline_cases (tenant_id, public_id, number, status, opened_at) VALUES ($1, 'dc-purge', 'KD/2018/0001', 'closed', $2) RETURNING id`,
			env.Kab.ID, now.AddDate(-8, 0, 0))
		if _, err := d.W.Exec(`INSERT INTO discipline_case_reports (case_id, report_id) VALUES ($1, $2)`, caseID, rep); err != nil {
			t.Fatal(err)
		}
		for _, st := range [][3]any{{"summon", calendar.NewDate(2018, 12, 3), ""}, {"examine", calendar.NewDate(2018, 12, 7), ""},
			{"decide", calendar.NewDate(2018, 12, 20), "R2"}, {"deliver", calendar.NewDate(2019, 1, 7), ""}} {
			if _, err := d.W.Exec(`INSERT INTO discipline_steps (tenant_id, case_id, kind, day1, day2, sanction, created_at) VALUES ($1, $2, $3, $4, $4, $5, $6)`,
				env.Kab.ID, caseID, st[0], st[1], st[2], now); err != nil {
				t.Fatal(err)
			}
		}
		plant(`INSERT INTO protection_cases (tenant_id, public_id, number, status, opened_at, closed_at, chronology_enc) VALUES ($1, 'pc-purge', 'PPA/2019/0001', 'closed', $2, $3, $4) RETURNING id`,
			env.Kab.ID, now.AddDate(-7, 0, 0), now.AddDate(-6, 0, 0), []byte("ZZPURGEWEBZZ"))

		aud := env.Client(t)
		aud.SignIn("auditor.kab")
		if page := aud.Get("/admin/retention"); page.Doc.Find(`a[href="/admin/retention/purge"]`).Length() != 0 {
			t.Error("the auditor is offered the purge")
		}
		if r := aud.Get("/admin/retention/purge"); r.Status != http.StatusForbidden {
			t.Errorf("auditor opening the purge: %d", r.Status)
		}
		if r := aud.Post("/admin/retention/purge", nil); r.Status != http.StatusForbidden {
			t.Errorf("auditor purging: %d", r.Status)
		}

		admin := env.Client(t)
		admin.SignIn("admin.kab")
		page := admin.Get("/admin/retention")
		if page.Doc.Find(`a[href="/admin/retention/purge"]`).Length() != 1 || !strings.Contains(page.Text(`section[aria-labelledby="purges-h"]`), "Belum ada catatan yang dimusnahkan") {
			t.Fatal("no purge button, or a purge log before any purge")
		}
		confirm := admin.Get("/admin/retention/purge")
		list := confirm.Doc.Find("tbody").Text()
		if confirm.Status != http.StatusOK || confirm.Doc.Find("tbody tr").Length() != 3 || !strings.Contains(list, "rpt-purge-due") ||
			!strings.Contains(list, "KD/2018/0001") || !strings.Contains(list, "PPA/2019/0001") || strings.Contains(list, "rpt-purge-fresh") {
			t.Fatalf("confirmation %d: %q", confirm.Status, list)
		}
		if r := admin.Post("/admin/retention/purge", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("purge: %d", r.Status)
		}
		page = admin.Get("/admin/retention")
		log := page.Text(`section[aria-labelledby="purges-h"] tbody`)
		if page.Text(".flash") == "" || !strings.Contains(log, "rpt-purge-due") || !strings.Contains(log, "KD/2018/0001") ||
			!strings.Contains(log, "rpt-purge-case") || !strings.Contains(log, "PPA/2019/0001") {
			t.Errorf("after the purge: %q %q", page.Text(".flash"), log)
		}
		if where := inDatabase(t, d, "ZZPURGEWEBZZ"); where != "" {
			t.Errorf("purged content still in %s", where)
		}
		if where := inDatabase(t, d, "ZZKEPTWEBZZ"); where != "reports.content_enc" {
			t.Errorf("the report not due lost its content: %q", where)
		}
		if auditCount(t, env, "retention.purged.rejected_report") != 1 || auditCount(t, env, "retention.purged.discipline_case") != 2 ||
			auditCount(t, env, "retention.purged.protection_case") != 1 {
			t.Error("the purge is not audited once per record")
		}
		if again := admin.Get("/admin/retention/purge"); again.Doc.Find(`form[action="/admin/retention/purge"]`).Length() != 0 || again.Text(".empty") == "" {
			t.Error("a second confirmation still offers a purge")
		}

		// The pages of the purged records say what happened.
		intake := env.Client(t)
		intake.SignIn("intake.kab")
		ppa := env.Client(t)
		ppa.SignIn("ppa.kab")
		day := env.Store.Now()
		for path, c := range map[string]*testserver.Client{"/reports/rpt-purge-due": intake, "/reports/rpt-purge-case": intake, "/cases/dc-purge": intake, "/protection/pc-purge": ppa} {
			r := c.Get(path)
			if text := r.Text("main"); r.Status != http.StatusGone || !strings.Contains(text, "telah dimusnahkan menurut jadwal retensi arsip pada ") ||
				!strings.Contains(text, fmt.Sprint(day.Year())) || strings.Contains(text, "ZZ") {
				t.Errorf("%s: %d %q", path, r.Status, r.Text("main"))
			}
		}
		if r := intake.Get("/reports/no-such-report"); r.Status != http.StatusNotFound {
			t.Errorf("an unknown report: %d", r.Status)
		}
	})
}
