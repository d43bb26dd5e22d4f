package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sigap/internal/identity"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// The desk redacts a name for a while and a place for good: the examiner
// handling the case behind the report reads it with both masked and with
// no desk controls; another examiner is refused; the custodian asked to
// unseal the reporter reads it in full (what is left of it); the reporter
// reads what they sent, as before.
func TestRedactionViews(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		ctx := context.Background()
		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
		assigned := env.AddUser(t, "pemeriksa.satu", env.Kab.ID, identity.Examiner)
		env.AddUser(t, "pemeriksa.dua", env.Kab.ID, identity.Examiner)
		env.AddUser(t, "pejabat.kab", env.Kab.ID, identity.Decider)
		env.AddUser(t, "kustodian.kab", env.Kab.ID, identity.Custodian)

		reporter := env.Client(t)
		v := goodReport(t, reporter.Get("/lapor/kab-serang"))
		v.Set("what", "Kepala seksi ZZRAHASIAZZ memegang tangan saya di ZZGUDANGZZ tanpa izin.")
		v.Set("mode", "confidential")
		v.Set("reporter_name", "Siti Aminah")
		v.Set("reporter_contact", "0812-1111-2222")
		v.Set("contact_victim", "yes")
		v.Set("share_identity", "no")
		res := reporter.Post("/lapor/kab-serang", v)
		receipt := receiptRE.FindString(res.Text(".receipt"))
		if receipt == "" {
			t.Fatalf("no receipt: %d %s", res.Status, res.Text(".alert"))
		}
		status := func() (string, string) {
			t.Helper()
			res := reporter.Post("/lapor/kab-serang/status", url.Values{"receipt": {receipt}})
			if res.Status != http.StatusOK {
				t.Fatalf("status page: %d", res.Status)
			}
			return res.Text("details .pre"), res.Text("ol.messages")
		}
		if res := reporter.Post("/lapor/kab-serang/status/reply", url.Values{"receipt": {receipt}, "body": {"Nomor saya ZZNOMORZZ."}}); res.Status != http.StatusOK {
			t.Fatalf("reply: %d", res.Status)
		}
		whatBefore, msgsBefore := status()
		if !strings.Contains(whatBefore, "ZZGUDANGZZ") || !strings.Contains(msgsBefore, "ZZNOMORZZ") {
			t.Fatalf("status page before: %q %q", whatBefore, msgsBefore)
		}

		desk := env.Client(t)
		desk.SignIn("meja.kab")
		var pub string
		if err := env.Store.DB().R.QueryRow(`SELECT public_id FROM reports`).Scan(&pub); err != nil {
			t.Fatal(err)
		}
		link := "/reports/" + pub
		if res := desk.Post(link+"/outcomes", url.Values{"kind": {"discipline_case"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("open case: %d %s", res.Status, res.Text(".alert"))
		}
		var casePub string
		if err := env.Store.DB().R.QueryRow(`SELECT public_id FROM discipline_cases`).Scan(&casePub); err != nil {
			t.Fatal(err)
		}
		if err := env.Store.SetCaseHandler(ctx, store.System, env.Kab.ID, casePub, assigned.ID); err != nil {
			t.Fatal(err)
		}

		// A temporary redaction of the name; a typo is refused in words.
		if res := desk.Post(link+"/redactions", url.Values{"target": {"what"}, "words": {"ZZRAHASIA"}, "occurrence": {"2"}, "kind": {"temporary"}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, "hanya muncul 1 kali") {
			t.Errorf("second occurrence of a word found once: %d %s", res.Status, res.Text(".field-error, .error"))
		}
		if res := desk.Post(link+"/redactions", url.Values{"target": {"what"}, "words": {"ZZRAHASIAZZ"}, "kind": {"temporary"}, "reason": {"nama pihak ketiga"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("temporary: %d %s", res.Status, res.Text(".alert"))
		}
		// A permanent one is confirmed first, and changes nothing until then.
		form := url.Values{"target": {"what"}, "words": {"ZZGUDANGZZ"}, "kind": {"permanent"}}
		confirm := desk.Post(link+"/redactions", form)
		if confirm.Status != http.StatusOK || !strings.Contains(confirm.Body, "Samarkan secara permanen?") ||
			confirm.Doc.Find(`form[action$="/redactions"] input[name="confirm"][value="1"]`).Length() != 1 {
			t.Fatalf("confirmation page: %d", confirm.Status)
		}
		if page := desk.Get(link); !strings.Contains(page.Body, "ZZGUDANGZZ") {
			t.Fatal("the confirmation page already erased the words")
		}
		form.Set("confirm", "1")
		form.Set("version", confirm.Doc.Find(`input[name="version"]`).AttrOr("value", ""))
		if res := desk.Post(link+"/redactions", form); res.Status != http.StatusSeeOther {
			t.Fatalf("permanent: %d %s", res.Status, res.Text(".alert"))
		}
		// The message's number, temporarily.
		page := desk.Get(link)
		msgTarget := page.Doc.Find(`select[name="target"] option[value^="message:"]`).AttrOr("value", "")
		if res := desk.Post(link+"/redactions", url.Values{"target": {msgTarget}, "words": {"ZZNOMORZZ"}, "kind": {"temporary"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("message redaction: %d %s", res.Status, res.Text(".alert"))
		}

		// The desk sees through the temporary ones, marked; the place is gone.
		page = desk.Get(link)
		if page.Text("mark.redacted-seen") != "ZZRAHASIAZZ" || strings.Contains(page.Body, "ZZGUDANGZZ") || !strings.Contains(page.Body, "ZZNOMORZZ") {
			t.Errorf("desk view: %q", page.Text("mark.redacted-seen"))
		}
		if page.Doc.Find(`form[action$="/lift"]`).Length() != 2 {
			t.Errorf("lift buttons: %d", page.Doc.Find(`form[action$="/lift"]`).Length())
		}

		// The examiner handling the case: masked, read only, linked from the case.
		ex := env.Client(t)
		ex.SignIn("pemeriksa.satu")
		if c := ex.Get("/cases/" + casePub); c.Doc.Find(`a[href="`+link+`"]`).Length() == 0 {
			t.Error("the case page does not link to its report")
		}
		read := ex.Get(link)
		if read.Status != http.StatusOK {
			t.Fatalf("assigned examiner: %d", read.Status)
		}
		for _, hidden := range []string{"ZZRAHASIAZZ", "ZZGUDANGZZ", "ZZNOMORZZ"} {
			if strings.Contains(read.Body, hidden) {
				t.Errorf("the examiner reads %s", hidden)
			}
		}
		// Both masks are drawn alike: the temporary one hides words still
		// stored, the permanent one stands where words were.
		if read.Doc.Find("#report-what .redacted").Length() != 2 || strings.Count(read.Text("#report-what"), "█████") != 2 || read.Doc.Find("ol.messages .redacted").Length() != 1 ||
			!strings.Contains(read.Text("#report-what"), "memegang tangan saya") {
			t.Errorf("masks: %q", read.Text("#report-what"))
		}
		if n := read.Doc.Find(`main form[method="post"]`).Length(); n != 0 {
			t.Errorf("%d desk forms on the examiner's page", n)
		}

		// Another examiner: refused; the decider: masked.
		ex2 := env.Client(t)
		ex2.SignIn("pemeriksa.dua")
		if res := ex2.Get(link); res.Status != http.StatusForbidden || strings.Contains(res.Body, "memegang") {
			t.Errorf("examiner not on the case: %d", res.Status)
		}
		dec := env.Client(t)
		dec.SignIn("pejabat.kab")
		if res := dec.Get(link); res.Status != http.StatusOK || strings.Contains(res.Body, "ZZRAHASIAZZ") || res.Doc.Find("#report-what .redacted").Length() != 2 {
			t.Errorf("decider: %d", res.Status)
		}
		// An examiner may not redact.
		if res := ex.Post(link+"/redactions", url.Values{"target": {"what"}, "words": {"tangan"}, "kind": {"temporary"}}); res.Status != http.StatusForbidden {
			t.Errorf("examiner redacting: %d", res.Status)
		}

		// The custodian: refused until an identity of the report is asked
		// to be unsealed, then reads it in full, marked, from the request.
		cust := env.Client(t)
		cust.SignIn("kustodian.kab")
		if res := cust.Get(link); res.Status != http.StatusForbidden {
			t.Errorf("custodian without a request: %d", res.Status)
		}
		ident := page.Doc.Find(`a[href^="/identities/"]`).AttrOr("href", "")
		if res := ex.Post(ident+"/request", url.Values{"reason": {"Perlu menghubungi pelapor untuk pemeriksaan saksi."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("unseal request: %d %s", res.Status, res.Text(".alert"))
		}
		reqs := cust.Get("/custodian/requests")
		reqLink := reqs.Doc.Find(`a[href^="/custodian/requests/"]`).AttrOr("href", "")
		if href := cust.Get(reqLink).Doc.Find("#subject-report").AttrOr("href", ""); href != link {
			t.Errorf("request page's report link: %q", href)
		}
		full := cust.Get(link)
		if full.Status != http.StatusOK || !strings.Contains(full.Text("#report-what mark.redacted-seen"), "ZZRAHASIAZZ") ||
			!strings.Contains(full.Body, "ZZNOMORZZ") || strings.Contains(full.Body, "ZZGUDANGZZ") || full.Doc.Find(`main form[method="post"]`).Length() != 0 {
			t.Errorf("custodian: %d %q", full.Status, full.Text("#report-what"))
		}

		// The reporter: as before.
		whatAfter, msgsAfter := status()
		if whatAfter != whatBefore || msgsAfter != msgsBefore {
			t.Errorf("the reporter's view changed: %q → %q; %q → %q", whatBefore, whatAfter, msgsBefore, msgsAfter)
		}

		// Lifting the name shows it to the examiner again; the place stays gone.
		lift := desk.Get(link).Doc.Find(`form[action$="/lift"]`).First()
		if res := desk.Post(lift.AttrOr("action", ""), url.Values{"version": {lift.Find(`input[name="version"]`).AttrOr("value", "")}}); res.Status != http.StatusSeeOther {
			t.Fatalf("lift: %d", res.Status)
		}
		read = ex.Get(link)
		if !strings.Contains(read.Body, "ZZRAHASIAZZ") || strings.Contains(read.Body, "ZZGUDANGZZ") || strings.Contains(read.Body, "ZZNOMORZZ") {
			t.Error("after lifting the name")
		}
		var actions []string
		rows, err := env.Store.DB().R.Query(`SELECT action FROM audit_events WHERE action LIKE 'report.redaction%' ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a string
			rows.Scan(&a)
			actions = append(actions, a)
		}
		rows.Close()
		if strings.Join(actions, " ") != "report.redaction_added report.redaction_permanent report.redaction_added report.redaction_lifted" {
			t.Errorf("audit: %v", actions)
		}
	})
}
