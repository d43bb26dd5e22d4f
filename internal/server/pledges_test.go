package server_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"sigap/internal/db"
	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/pledge"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testdb"
	"sigap/internal/testserver"

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
	if ver := officer.Get(spath); ver.Doc.Find("#verify-result.ok").Length() != 1 || ver.Doc.Find("#verify-latest").Length() != 1 {
		t.Error("an old signature verifies as the new version's")
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
