package server_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/org"
	"sigap/internal/pledge"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/testserver"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"
)

// An employee signs in their own account and the coverage moves; a
// signature verifies against its own version only; a paper signature
// keeps its scan; an employee outside the campaign cannot sign it.
func TestPledges(t *testing.T) {
	for _, e := range testdb.Engines() {
		t.Run(string(e), func(t *testing.T) { testPledges(t, e) })
	}
}

func testPledges(t *testing.T, e db.Engine) {
	env := testserver.Start(t, e)
	ctx := t.Context()
	var rows []roster.Row
	for i, r := range []string{"197001011995031001", "197001011995031002"} {
		n, _ := nip.Parse(r)
		rows = append(rows, roster.Row{Line: i + 2, NIP: n, Name: "Pegawai " + strconv.Itoa(i), Status: roster.PNS, Position: "Staf", Kind: []roster.PositionKind{roster.Pelaksana, roster.JPTPratama}[i], Unit: "Inspektorat", State: roster.Active})
	}
	if _, problems, err := env.Store.ImportEmployees(ctx, store.System, env.Kab.ID, rows, store.ImportOptions{}); err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	staff, _ := env.Store.EmployeeByNIP(ctx, env.Kab.ID, "197001011995031001")
	head, _ := env.Store.EmployeeByNIP(ctx, env.Kab.ID, "197001011995031002")
	signer := env.AddUser(t, "pegawai.satu", env.Kab.ID, identity.Employee)
	outsider := env.AddUser(t, "pegawai.dua", env.Kab.ID, identity.Employee)
	env.Store.LinkUserEmployee(ctx, store.System, env.Kab.ID, signer.ID, staff.ID)
	env.Store.LinkUserEmployee(ctx, store.System, env.Kab.ID, outsider.ID, head.ID)
	env.AddUser(t, "pencegahan", env.Kab.ID, identity.Prevention)

	officer := env.Client(t)
	officer.SignIn("pencegahan")
	page := officer.Get("/pledges")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "CONTOH NASKAH") {
		t.Fatalf("pledges page: %d", page.Status)
	}
	if res := officer.Post("/pledges/versions", url.Values{"title": {"Pakta"}, "body": {"pendek"}}); res.Status != http.StatusUnprocessableEntity && res.Status != http.StatusBadRequest {
		t.Errorf("short text accepted: %d", res.Status)
	}
	if res := officer.Post("/pledges/versions", url.Values{"title": {"Pakta"}, "body": {pledge.DefaultText}}); res.Status != http.StatusSeeOther {
		t.Fatalf("add version: %d", res.Status)
	}
	versions, _ := env.Store.PledgeVersions(ctx, env.Kab.ID)
	v1 := versions[0]
	if res := officer.Post("/pledges/settings", url.Values{"renew_months": {"-1"}}); res.Status == http.StatusSeeOther {
		t.Error("negative renewal accepted")
	}
	if res := officer.Post("/pledges/campaigns", url.Values{"name": {"Pelaksana 2026"}, "version": {strconv.FormatInt(v1.ID, 10)}, "scope": {"kind"},
		"kind": {"pelaksana"}, "due": {"2026-04-01"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("add campaign: %d", res.Status)
	}
	campaigns, _ := env.Store.PledgeCampaigns(ctx, env.Kab.ID)
	c := campaigns[0]
	cpath := "/pledges/campaigns/" + strconv.FormatInt(c.ID, 10)
	if got := officer.Get(cpath).Text("#coverage-total"); !strings.Contains(got, "0") || !strings.Contains(got, "1") {
		t.Errorf("coverage before: %q", got)
	}

	// The outsider is not asked and cannot sign.
	out := env.Client(t)
	out.SignIn("pegawai.dua")
	if res := out.Post("/my/pledges/"+strconv.FormatInt(c.ID, 10)+"/sign", url.Values{"sha256": {v1.SHA256}, "agree": {"yes"}}); res.Status != http.StatusNotFound {
		t.Errorf("outsider signed: %d", res.Status)
	}
	emp := env.Client(t)
	emp.SignIn("pegawai.satu")
	if my := emp.Get("/my/pledges"); !strings.Contains(my.Body, v1.SHA256) {
		t.Fatal("own page lacks the text")
	}
	sign := "/my/pledges/" + strconv.FormatInt(c.ID, 10) + "/sign"
	if res := emp.Post(sign, url.Values{"sha256": {v1.SHA256}}); res.Status == http.StatusSeeOther {
		t.Error("signed without ticking")
	}
	if res := emp.Post(sign, url.Values{"sha256": {pledge.Hash("lain")}, "agree": {"yes"}}); res.Status == http.StatusSeeOther {
		t.Error("signed a text not shown")
	}
	if res := emp.Post(sign, url.Values{"sha256": {v1.SHA256}, "agree": {"yes"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("sign: %d", res.Status)
	}
	if got := officer.Get(cpath).Text("#coverage-total"); !strings.Contains(got, "100") {
		t.Errorf("coverage after: %q", got)
	}
	sigs, _ := env.Store.EmployeePledgeSignatures(ctx, env.Kab.ID, staff.ID)
	spath := "/pledges/signatures/" + strconv.FormatInt(sigs[0].ID, 10)
	ver := officer.Get(spath)
	if ver.Doc.Find("#verify-result.ok").Length() != 1 || ver.Doc.Find("#verify-latest").Length() != 0 {
		t.Errorf("verification of a good signature: %q", ver.Text("#verify-result"))
	}
	// A changed text is a new version: the old signature is not one of it.
	officer.Post("/pledges/versions", url.Values{"title": {"Pakta"}, "body": {pledge.DefaultText + "\n8. tambahan."}})
	if ver := officer.Get(spath); ver.Doc.Find("#verify-result.ok").Length() != 1 || !strings.Contains(ver.Text("#verify-result"), "versi 1") ||
		!strings.Contains(ver.Text("#verify-latest"), "versi 2") {
		t.Errorf("an old signature verifies as the new version's: %q %q", ver.Text("#verify-result"), ver.Text("#verify-latest"))
	}
	if again, _ := env.Store.PledgeVersion(ctx, env.Kab.ID, v1.ID); again.Body != pledge.DefaultText {
		t.Error("a version changed")
	}
	// The employee page shows the signature; the CSV export is audited.
	if !strings.Contains(officer.Get("/employees/"+strconv.FormatInt(staff.ID, 10)).Body, sigs[0].SHA256) {
		t.Error("employee page lacks the pledge")
	}
	csv := officer.Get(cpath + "/export?format=csv")
	if csv.Status != http.StatusOK || !strings.HasPrefix(csv.Body, "\uFEFF") || !strings.Contains(csv.Body, "Inspektorat,1,1,0") {
		t.Errorf("export: %d %q", csv.Status, csv.Body)
	}
	xl := officer.Get(cpath + "/export?format=xlsx")
	x, err := excelize.OpenReader(bytes.NewReader([]byte(xl.Body)))
	if err != nil {
		t.Fatalf("xlsx: %d %v", xl.Status, err)
	}
	if cells, _ := x.GetRows("Cakupan"); len(cells) < 2 || cells[1][1] != "Inspektorat" || cells[1][3] != "1" {
		t.Errorf("xlsx rows: %v", cells)
	}
	// Paper: the head is outside the pelaksana campaign; a PDF scan is kept.
	if res := officer.Upload(cpath+"/paper", "files", "ttd.pdf", []byte("%PDF-1.4 ttd"), url.Values{"nip": {head.NIP}}); res.Status == http.StatusSeeOther {
		t.Error("paper signature outside the campaign accepted")
	}
	if res := officer.Upload(cpath+"/paper", "files", "ttd.txt", []byte("bukan pdf"), url.Values{"nip": {staff.NIP}}); res.Status == http.StatusSeeOther {
		t.Error("a text file accepted as scan")
	}
	if res := officer.Upload(cpath+"/paper", "files", "ttd.pdf", []byte("%PDF-1.4 ttd"), url.Values{"nip": {staff.NIP}}); res.Status != http.StatusSeeOther {
		t.Fatalf("paper: %d", res.Status)
	}
	sigs, _ = env.Store.EmployeePledgeSignatures(ctx, env.Kab.ID, staff.ID)
	if sigs[0].Method != "paper" || sigs[0].FileID == "" {
		t.Fatalf("paper signature: %+v", sigs[0])
	}
	if scan := officer.Get("/pledges/signatures/" + strconv.FormatInt(sigs[0].ID, 10) + "/scan"); scan.Body != "%PDF-1.4 ttd" {
		t.Errorf("scan: %d", scan.Status)
	}
	events := auditActions(t, env, env.Kab.ID)
	for _, a := range []string{"pledge.version", "pledge.campaign", "pledge.sign.electronic", "pledge.sign.paper", "pledge.export", "pledge.scan"} {
		if !strings.Contains(events, a) {
			t.Errorf("no audit event %s", a)
		}
	}
	// Another government's officer finds none of it.
	env.AddUser(t, "pencegahan.kota", env.Kota.ID, identity.Prevention)
	kota := env.Client(t)
	kota.SignIn("pencegahan.kota")
	for _, p := range []string{cpath, spath, cpath + "/export?format=csv", "/pledges/versions/" + strconv.FormatInt(v1.ID, 10)} {
		if res := kota.Get(p); res.Status != http.StatusNotFound {
			t.Errorf("%s from another government: %d", p, res.Status)
		}
	}
}

func auditActions(t *testing.T, env *testserver.Env, tenant int64) string {
	t.Helper()
	events, err := env.Store.AuditEvents(t.Context(), store.AuditFilter{Chain: tenant, Action: "pledge."})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range events {
		b.WriteString(e.Action + " ")
	}
	return b.String()
}

// A campaign's coverage rolls sub-units up into their office (OPD) and
// counts echelons and functional levels, on the page and in the export;
// the officer sets the reminder days; the reminder goes once to the
// linked employee who has not signed (linking to their own page, by mail
// with nothing about anyone) and once to the officer as a summary.
func TestPledgeCoverageAndReminders(t *testing.T) {
	for _, e := range testdb.Engines() {
		t.Run(string(e), func(t *testing.T) { testPledgeCoverageAndReminders(t, e) })
	}
}

func testPledgeCoverageAndReminders(t *testing.T, e db.Engine) {
	env := testserver.Start(t, e)
	ctx := t.Context()
	dinas, err := env.Store.CreateUnit(ctx, store.System, env.Kab.ID, org.UnitInput{Name: "Dinas Pendidikan", Kind: org.KindDinas})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.CreateUnit(ctx, store.System, env.Kab.ID, org.UnitInput{Name: "Bidang Sekolah Dasar", Kind: org.KindDinas, ParentID: dinas.ID}); err != nil {
		t.Fatal(err)
	}
	var rows []roster.Row
	for i, r := range []struct {
		nip, name, unit, level, echelon string
		kind                            roster.PositionKind
	}{
		{"197501012000031001", "Kepala ZZKEPALAZZ", "Dinas Pendidikan", "", "II.a", roster.JPTPratama},
		{"198501012010012002", "Guru ZZGURUZZ", "Bidang Sekolah Dasar", "ahli_muda", "", roster.Fungsional},
		{"199001012015031003", "Staf ZZSTAFZZ", "Inspektorat", "", "", roster.Pelaksana},
	} {
		n, _ := nip.Parse(r.nip)
		rows = append(rows, roster.Row{Line: i + 2, NIP: n, Name: r.name, Status: roster.PNS, Position: "Jabatan", Kind: r.kind, Level: r.level,
			Echelon: r.echelon, Unit: r.unit, State: roster.Active})
	}
	if _, problems, err := env.Store.ImportEmployees(ctx, store.System, env.Kab.ID, rows, store.ImportOptions{}); err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	head, _ := env.Store.EmployeeByNIP(ctx, env.Kab.ID, "197501012000031001")
	teacher, _ := env.Store.EmployeeByNIP(ctx, env.Kab.ID, "198501012010012002")
	kepala := env.AddUser(t, "kepala.dinas", env.Kab.ID, identity.Employee)
	guru := env.AddUser(t, "guru.sd", env.Kab.ID, identity.Employee)
	if err := env.Store.UpdateUser(ctx, store.System, env.Kab.ID, guru.ID, store.UserUpdate{DisplayName: "Guru", Email: "guru@serangkab.go.id", Roles: guru.Roles}); err != nil {
		t.Fatal(err)
	}
	env.Store.LinkUserEmployee(ctx, store.System, env.Kab.ID, kepala.ID, head.ID)
	env.Store.LinkUserEmployee(ctx, store.System, env.Kab.ID, guru.ID, teacher.ID)
	env.AddUser(t, "pencegahan", env.Kab.ID, identity.Prevention)
	officer := env.Client(t)
	officer.SignIn("pencegahan")

	// The reminder setting: 0 to 90 days.
	if res := officer.Post("/pledges/settings", url.Values{"renew_months": {"0"}, "remind_days": {"91"}}); res.Status == http.StatusSeeOther ||
		res.Doc.Find(`#remind_days[aria-invalid="true"]`).Length() != 1 {
		t.Errorf("91 reminder days accepted: %d", res.Status)
	}
	if res := officer.Post("/pledges/settings", url.Values{"renew_months": {"0"}, "remind_days": {"10"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("settings: %d", res.Status)
	}
	if got := officer.Get("/pledges").Doc.Find("#remind_days").AttrOr("value", ""); got != "10" {
		t.Errorf("reminder days shown: %q", got)
	}
	officer.Post("/pledges/versions", url.Values{"title": {"Pakta"}, "body": {pledge.DefaultText}})
	versions, _ := env.Store.PledgeVersions(ctx, env.Kab.ID)
	due := calendar.DateOf(env.Now(), time.FixedZone("WIB", 7*3600)).AddDays(5)
	if res := officer.Post("/pledges/campaigns", url.Values{"name": {"Pakta ZZKAMPANYEZZ"}, "version": {strconv.FormatInt(versions[0].ID, 10)},
		"scope": {"all"}, "due": {due.String()}}); res.Status != http.StatusSeeOther {
		t.Fatalf("campaign: %d", res.Status)
	}
	campaigns, _ := env.Store.PledgeCampaigns(ctx, env.Kab.ID)
	cid := strconv.FormatInt(campaigns[0].ID, 10)
	cpath := "/pledges/campaigns/" + cid
	emp := env.Client(t)
	emp.SignIn("kepala.dinas")
	if res := emp.Post("/my/pledges/"+cid+"/sign", url.Values{"sha256": {versions[0].SHA256}, "agree": {"yes"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("sign: %d", res.Status)
	}

	// The page: the sub-unit's teacher is counted in the Dinas.
	page := officer.Get(cpath)
	rowsOf := func(r *testserver.Response, sel string) []string {
		var out []string
		r.Doc.Find(sel + " tbody tr").Each(func(_ int, tr *goquery.Selection) {
			var cells []string
			tr.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, strings.TrimSpace(td.Text())) })
			out = append(out, strings.Join(cells, " "))
		})
		return out
	}
	if got, want := strings.Join(rowsOf(page, "#coverage-units"), " | "), "Dinas Pendidikan 2 1 1 50% | Inspektorat 1 0 1 0%"; got != want {
		t.Errorf("by office:\n got %s\nwant %s", got, want)
	}
	if got := strings.Join(rowsOf(page, "#coverage-echelons"), " | "); got != "II.a 1 1 0 100%" {
		t.Errorf("by echelon: %s", got)
	}
	if got := strings.Join(rowsOf(page, "#coverage-levels"), " | "); got != "Ahli Muda 1 0 1 0%" {
		t.Errorf("by level: %s", got)
	}
	if got := rowsOf(officer.Get(cpath+"?sort=share"), "#coverage-units"); len(got) != 2 || !strings.HasPrefix(got[0], "Inspektorat") {
		t.Errorf("by office, lowest share first: %v", got)
	}
	csv := officer.Get(cpath + "/export?format=csv").Body
	for _, want := range []string{"kelompok,nama,jumlah_pegawai,sudah_menandatangani,belum_menandatangani,persen_sudah\r\n",
		"perangkat_daerah,Dinas Pendidikan,2,1,1,50\r\n", "perangkat_daerah,Inspektorat,1,0,1,0\r\n", "eselon,II.a,1,1,0,100\r\n",
		"jenjang_fungsional,ahli_muda,1,0,1,0\r\n", "jenis_jabatan,jpt_pratama,1,1,0,100\r\n", "total,semua,3,1,2,33.3\r\n"} {
		if !strings.Contains(csv, want) {
			t.Errorf("export lacks %q:\n%s", want, csv)
		}
	}
	if strings.Contains(csv, "Bidang Sekolah Dasar") {
		t.Error("the export counts the sub-unit apart from its office")
	}

	// Two watches at once remind once: the teacher (linked, not signed),
	// not the head (signed) nor the staff (no account); one summary.
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if _, err := env.Server.App.WatchPledges(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	count := func(userID int64) int {
		n, err := env.Store.UnreadNotifications(ctx, userID)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if g, k, o := count(guru.ID), count(kepala.ID), count(env.Users["pencegahan"].ID); g != 1 || k != 0 || o != 1 {
		t.Fatalf("notifications: teacher %d, head %d, officer %d", g, k, o)
	}
	if w, _ := env.Server.App.WatchPledges(ctx); w != (store.PledgeWatch{}) {
		t.Errorf("reminded again: %+v", w)
	}
	teach := env.Client(t)
	teach.SignIn("guru.sd")
	link := teach.Get("/notifications").Doc.Find(`ul.notifications a[href="/my/pledges"]`)
	if link.Length() != 1 || strings.TrimSpace(link.Text()) != "Batas waktu penandatanganan pakta integritas segera tiba" {
		t.Errorf("teacher's notification: %d %q", link.Length(), link.Text())
	}
	if officer.Get("/notifications").Doc.Find(`ul.notifications a[href="`+cpath+`"]`).Length() != 1 {
		t.Error("the officer's summary does not link to the campaign")
	}
	if n, err := env.Server.SendMails(ctx); err != nil || n != 1 {
		t.Fatalf("mails sent %d: %v", n, err)
	}
	if logs := env.Logs.String(); !strings.Contains(logs, "to=guru@serangkab.go.id") || regexp.MustCompile(`ZZ[A-Z]{3,}ZZ`).MatchString(logs) {
		t.Errorf("mail log: %s", logs)
	}
	teach.Get("/my/pledges")
	if n := count(guru.ID); n != 0 {
		t.Errorf("the teacher's reminder is still unread after opening the pledges: %d", n)
	}
	if !strings.Contains(auditActions(t, env, env.Kab.ID), "pledge.reminded") {
		t.Error("the reminder is not audited")
	}
}
