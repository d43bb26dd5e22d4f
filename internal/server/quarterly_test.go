package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/letters/letterstest"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// The quarterly report is a PDF of the quarter's figures hidden as for
// an analyst, even when the desk makes it: the two "other" reports read
// "<3"; the report carries no report text; a quarter not offered is
// refused beside the field; each report is audited.
func TestQuarterlyReport(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := t.Context()
		for _, c := range []string{"other", "other", "absence", "absence", "absence", "absence", "absence"} {
			checked, err := (report.Submission{Category: c, What: "Laporan uji ZZQUARTERZZ.", AccusedName: "Pegawai Uji", ReporterIsVictim: "no", Mode: "anonymous"}).
				Check(report.DefaultCategories, nil, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := env.Store.CreateReport(ctx, store.System, env.Kab.ID, checked); err != nil {
				t.Fatal(err)
			}
		}
		env.AddUser(t, "analis.kab", env.Kab.ID, identity.Analyst)
		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
		quarter := guidance.PeriodOf(guidance.Quarterly, dateOf(env.Now())).Key()
		for _, user := range []string{"analis.kab", "meja.kab"} {
			c := env.Client(t)
			c.SignIn(user)
			page := c.Get("/stats")
			if page.Doc.Find(`#quarterly-form option[value="`+quarter+`"]`).Length() != 1 {
				t.Fatalf("%s: the quarter is not offered", user)
			}
			res := c.Get("/stats/quarterly?quarter=" + quarter)
			if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("%s: %d %s", user, res.Status, res.Header.Get("Content-Type"))
			}
			text := letterstest.Text(t, []byte(res.Body))
			for _, want := range []string{"PEMERINTAH KABUPATEN SERANG", "Lainnya", "<3", "Laporan yang diterima", "Pencegahan"} {
				if !strings.Contains(strings.ToUpper(text), strings.ToUpper(want)) {
					t.Errorf("%s: the report lacks %q", user, want)
				}
			}
			if strings.Contains(text, "ZZQUARTERZZ") {
				t.Errorf("%s: report text in the quarterly report", user)
			}
			if bad := c.Get("/stats/quarterly?quarter=1999-Q1"); bad.Status != http.StatusUnprocessableEntity || bad.Doc.Find(`#quarter[aria-invalid="true"]`).Length() != 1 {
				t.Errorf("%s: bad quarter %d", user, bad.Status)
			}
		}
		if n := auditCount(t, env, "statistics.quarterly"); n != 2 {
			t.Errorf("%d quarterly audit events, want 2", n)
		}
	})
}

// dateOf is the day in Jakarta of an instant.
func dateOf(t time.Time) calendar.Date { return calendar.DateOf(t, time.FixedZone("WIB", 7*3600)) }
