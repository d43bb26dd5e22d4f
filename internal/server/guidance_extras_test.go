package server_test

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
	"sigap/internal/testserver"
)

// guidanceExtrasFixture: two employees of the Inspektorat, one of the
// BKPSDM, the first linked to employee.kab; the prevention officer signed in.
func guidanceExtrasFixture(t *testing.T, env *testserver.Env) (pb *testserver.Client, ids map[string]int64) {
	ctx := t.Context()
	rows := []roster.Row{
		{Line: 2, NIP: mustNIP(t, "197001011995031001"), Name: "Pegawai Satu", Status: roster.PNS, Position: "Inspektur", Kind: roster.JPTPratama, Unit: "Inspektorat", State: roster.Active},
		{Line: 3, NIP: mustNIP(t, "198502022010012002"), Name: "Pegawai Dua", Status: roster.PNS, Position: "Auditor", Kind: roster.Fungsional, Level: "ahli_muda",
			Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
		{Line: 4, NIP: mustNIP(t, "199001012015011003"), Name: "Pegawai Tiga", Status: roster.PNS, Position: "Analis", Kind: roster.Pelaksana,
			Unit: "Inspektorat", SuperiorNIP: "197001011995031001", State: roster.Active},
	}
	importRoster(t, env, rows)
	ids = map[string]int64{}
	for _, r := range rows {
		e, err := env.Store.EmployeeByNIP(ctx, env.Kab.ID, r.NIP.String())
		if err != nil {
			t.Fatal(err)
		}
		ids[r.Name] = e.ID
	}
	if err := env.Store.LinkUserEmployee(ctx, store.System, env.Kab.ID, env.Users["employee.kab"].ID, ids["Pegawai Satu"]); err != nil {
		t.Fatal(err)
	}
	env.AddUser(t, "pembina.kab", env.Kab.ID, identity.Prevention)
	pb = env.Client(t)
	pb.SignIn("pembina.kab")
	return pb, ids
}

func idStr(n int64) string { return strconv.FormatInt(n, 10) }

// A session for named people: the picker searches the roster without
// saving, an empty list or an unknown NIP is refused with nothing written,
// the session page lists exactly the people named, a person not named
// cannot check in with the code and cannot be ticked.
func TestGuidanceNamedPeople(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		pb, ids := guidanceExtrasFixture(t, env)
		wib := env.Now().In(time.FixedZone("WIB", 7*3600))
		plan := url.Values{"unit": {idStr(env.Units["kab/Inspektorat"].ID)}, "date": {wib.Format("2006-01-02")}, "time": {wib.Add(-5 * time.Minute).Format("15:04")},
			"topics": {"Etika"}, "place": {"Aula"}, "facilitator": {"Inspektur Pembantu"}, "audience": {"named"}}

		// The search button shows matches and saves nothing.
		find := url.Values{"action": {"find"}, "find": {"Pegawai Dua"}}
		for k, v := range plan {
			find[k] = v
		}
		res := pb.Post("/guidance/new", find)
		if res.Status != http.StatusOK || res.Doc.Find(`#people-found input[value="`+idStr(ids["Pegawai Dua"])+`"]`).Length() != 1 {
			t.Fatalf("search: %d", res.Status)
		}
		if n := auditCount(t, env, "guidance.session.plan"); n != 0 {
			t.Fatal("the search planned a session")
		}
		// No one named; an unknown NIP: refused beside the field, nothing written.
		if res := pb.Post("/guidance/new", plan); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(`#people[aria-invalid="true"]`).Length() != 1 {
			t.Fatalf("nobody named: %d", res.Status)
		}
		bad := url.Values{"nips": {"199912312020121999"}}
		for k, v := range plan {
			bad[k] = v
		}
		if res := pb.Post("/guidance/new", bad); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(`#nips[aria-invalid="true"]`).Length() != 1 {
			t.Fatalf("unknown NIP: %d", res.Status)
		}
		if n := auditCount(t, env, "guidance.session.plan"); n != 0 {
			t.Fatal("a refused plan was written")
		}
		// Pegawai Dua ticked, Pegawai Tiga by NIP.
		good := url.Values{"people": {idStr(ids["Pegawai Dua"])}, "nips": {"199001012015011003"}}
		for k, v := range plan {
			good[k] = v
		}
		res = pb.Post("/guidance/new", good)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("plan: %d %s", res.Status, res.Text(".alert"))
		}
		id := strings.TrimPrefix(res.Location, "/guidance/")
		page := pb.Get("/guidance/" + id)
		if page.Doc.Find(`select[name^="status."]`).Length() != 2 || page.Doc.Find(`select[name="status.`+idStr(ids["Pegawai Satu"])+`"]`).Length() != 0 {
			t.Fatalf("the tick list is not the people named: %d", page.Doc.Find(`select[name^="status."]`).Length())
		}
		// Pegawai Satu, of the same office but not named, is refused at check-in.
		code := pb.Post("/guidance/"+id+"/code", nil).Text("#checkin-code")
		emp := env.Client(t)
		emp.SignIn("employee.kab")
		if res := emp.Post("/my/check-in", url.Values{"code": {code}}); res.Status != http.StatusConflict || !strings.Contains(res.Body, "daftar peserta") && !strings.Contains(res.Body, "not on its list") {
			t.Fatalf("check-in by someone not named: %d", res.Status)
		}
		if res := pb.Post("/guidance/"+id+"/attendance", url.Values{"status." + idStr(ids["Pegawai Satu"]): {"present"}}); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("someone not named ticked: %d", res.Status)
		}
		if hist, _ := env.Store.EmployeeGuidanceAttendance(t.Context(), env.Kab.ID, ids["Pegawai Satu"], 10); len(hist) != 0 {
			t.Fatal("attendance recorded for someone not named", hist)
		}
		// The edit form keeps the people; unticking one removes them.
		edit := pb.Get("/guidance/" + id + "/edit")
		if edit.Doc.Find(`#people-chosen input[name="people"]:checked`).Length() != 2 {
			t.Fatalf("edit form people: %d", edit.Doc.Find(`#people-chosen input[name="people"]:checked`).Length())
		}
		upd := url.Values{"people": {idStr(ids["Pegawai Dua"])}}
		for k, v := range plan {
			upd[k] = v
		}
		if res := pb.Post("/guidance/"+id+"/edit", upd); res.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", res.Status, res.Text(".alert"))
		}
		if n := pb.Get("/guidance/" + id).Doc.Find(`select[name^="status."]`).Length(); n != 1 {
			t.Fatalf("after unticking: %d people", n)
		}
	})
}

// A held session (date come, attendance recorded) refuses a change of its
// date, office, start, audience or topics and its cancellation, changing
// nothing; the place may still be corrected.
func TestGuidanceHeldSessionLocked(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		pb, ids := guidanceExtrasFixture(t, env)
		wib := env.Now().In(time.FixedZone("WIB", 7*3600))
		yesterday := wib.Format("2006-01-02") // the roster was imported today
		plan := url.Values{"unit": {idStr(env.Units["kab/Inspektorat"].ID)}, "date": {yesterday}, "time": {"09:00"},
			"topics": {"Etika"}, "place": {"Aula"}, "facilitator": {"Inspektur Pembantu"}, "audience": {"all"}}
		res := pb.Post("/guidance/new", plan)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("plan: %d", res.Status)
		}
		id := strings.TrimPrefix(res.Location, "/guidance/")
		// Before attendance is recorded the date may move.
		if edit := pb.Get("/guidance/" + id + "/edit"); edit.Text("#held-note") != "" {
			t.Fatal("an unheld session shows as held")
		}
		if res := pb.Post("/guidance/"+id+"/attendance", url.Values{"status." + idStr(ids["Pegawai Dua"]): {"present"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("ticks: %d", res.Status)
		}
		edit := pb.Get("/guidance/" + id + "/edit")
		if edit.Text("#held-note") == "" || edit.Doc.Find(`#date[disabled]`).Length() != 1 || edit.Doc.Find(`#place[disabled]`).Length() != 0 {
			t.Fatalf("the edit page does not show the session held")
		}
		before, _ := env.Store.GuidanceSession(t.Context(), env.Kab.ID, mustInt(t, id))
		moved := url.Values{}
		for k, v := range plan {
			moved[k] = v
		}
		moved.Set("date", wib.AddDate(0, 0, 3).Format("2006-01-02"))
		moved.Set("place", "Ruang Rapat")
		if res := pb.Post("/guidance/"+id+"/edit", moved); res.Status != http.StatusUnprocessableEntity || res.Doc.Find(`#date[aria-invalid="true"]`).Length() != 1 {
			t.Fatalf("date change of a held session: %d", res.Status)
		}
		for _, f := range []struct{ k, v string }{{"time", "10:00"}, {"audience", "kind"}, {"topics", "Gratifikasi"}} {
			x := url.Values{}
			for k, v := range plan {
				x[k] = v
			}
			x.Set(f.k, f.v)
			x.Set("kind", "pelaksana")
			if res := pb.Post("/guidance/"+id+"/edit", x); res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s change of a held session: %d", f.k, res.Status)
			}
		}
		if res := pb.Post("/guidance/"+id+"/cancel", nil); res.Status != http.StatusConflict {
			t.Fatalf("cancelling a held session: %d", res.Status)
		}
		after, _ := env.Store.GuidanceSession(t.Context(), env.Kab.ID, mustInt(t, id))
		if after.HeldOn != before.HeldOn || after.Place != before.Place || after.Cancelled || after.StartsAt != before.StartsAt {
			t.Fatalf("a refused change wrote: %+v", after)
		}
		if n := auditCount(t, env, "guidance.session.edit"); n != 0 {
			t.Fatalf("%d edit audit events after refusals", n)
		}
		// The place may be corrected.
		fix := url.Values{}
		for k, v := range plan {
			fix[k] = v
		}
		fix.Set("place", "Ruang Rapat Inspektorat")
		if res := pb.Post("/guidance/"+id+"/edit", fix); res.Status != http.StatusSeeOther {
			t.Fatalf("place correction: %d %s", res.Status, res.Text(".alert"))
		}
		if g, _ := env.Store.GuidanceSession(t.Context(), env.Kab.ID, mustInt(t, id)); g.Place != "Ruang Rapat Inspektorat" {
			t.Fatal("the place was not corrected")
		}
		if n := auditCount(t, env, "guidance.session.edit"); n != 1 {
			t.Fatalf("%d edit audit events", n)
		}
	})
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// docx builds a minimal Word document holding text.
func docx(t *testing.T, text string, macro bool) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	main := "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	if macro {
		main = "application/vnd.ms-word.document.macroEnabled.main+xml"
	}
	w, _ := z.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="` + main + `"/></Types>`))
	w, _ = z.Create("word/document.xml")
	w.Write([]byte(`<w:document><w:body><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:body></w:document>`))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Materials: a PDF and a Word document are uploaded, listed and
// downloaded as sent; their content is nowhere in clear, neither in the
// database nor in the file store; a download is audited; a file of
// another type or with macros is refused with nothing kept; removal asks
// first and then the material is gone.
func TestGuidanceMaterials(t *testing.T) {
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		pb, people := guidanceExtrasFixture(t, env)
		wib := env.Now().In(time.FixedZone("WIB", 7*3600))
		res := pb.Post("/guidance/new", url.Values{"unit": {idStr(env.Units["kab/Inspektorat"].ID)}, "date": {wib.Format("2006-01-02")}, "time": {"09:00"},
			"topics": {"Etika"}, "place": {"Aula"}, "facilitator": {"Inspektur Pembantu"}, "audience": {"all"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("plan: %d", res.Status)
		}
		id := strings.TrimPrefix(res.Location, "/guidance/")
		if pb.Get("/guidance/"+id).Text("#materials .empty") == "" {
			t.Error("no empty state for materials")
		}
		const marker = "ZZMATERIALZZ"
		pdf := []byte("%PDF-1.4\n% " + marker + " materi etika\n%%EOF\n")
		for name, data := range map[string][]byte{"virus.exe": []byte("MZ\x90\x00 " + marker), "makro.docm": docx(t, marker, true)} {
			if res := pb.Upload("/guidance/"+id+"/materials", "files", name, data, nil); res.Status != http.StatusUnprocessableEntity || res.Text("#files-error") == "" {
				t.Fatalf("%s: %d", name, res.Status)
			}
		}
		if n := auditCount(t, env, "guidance.material.add"); n != 0 {
			t.Fatal("a refused file was kept")
		}
		if res := pb.Upload("/guidance/"+id+"/materials", "files", "Materi Etika.pdf", pdf, nil); res.Status != http.StatusSeeOther {
			t.Fatalf("upload pdf: %d %s", res.Status, res.Text(".alert"))
		}
		word := docx(t, marker, false)
		if res := pb.Upload("/guidance/"+id+"/materials", "files", "Panduan.docx", word, nil); res.Status != http.StatusSeeOther {
			t.Fatalf("upload docx: %d %s", res.Status, res.Text(".alert"))
		}
		page := pb.Get("/guidance/" + id)
		links := page.Doc.Find(`#materials a[href*="/materials/"][download]`)
		if links.Length() != 2 || !strings.Contains(page.Text("#materials"), "Materi Etika.pdf") || !strings.Contains(page.Text("#materials"), "Panduan.docx") {
			t.Fatalf("materials list: %q", page.Text("#materials"))
		}
		href, _ := links.First().Attr("href")

		// Encrypted at rest: the marker is in no row and no stored file.
		re := regexp.MustCompile(`ZZ[A-Z]{3,}ZZ`)
		if where := inDatabase(t, env.Store.DB(), marker); where != "" {
			t.Errorf("%s holds the material's content in clear", where)
		}
		stored := 0
		filepath.WalkDir(filepath.Join(env.DataDir, "files"), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			stored++
			b, _ := os.ReadFile(p)
			if re.Find(b) != nil || bytes.Contains(b, []byte("word/document.xml")) {
				t.Errorf("stored file %s is in clear", d.Name())
			}
			return nil
		})
		if stored < 2 {
			t.Fatalf("%d files stored", stored)
		}

		// The download is the file as sent, audited; other roles without
		// the prevention view cannot read it.
		reads := auditCount(t, env, "guidance.material.read")
		dl := pb.Get(href)
		if dl.Status != http.StatusOK || dl.Body != string(pdf) || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %q", dl.Status, dl.Header.Get("Content-Disposition"))
		}
		if n := auditCount(t, env, "guidance.material.read"); n != reads+1 {
			t.Fatalf("download audited %d times", n-reads)
		}
		emp := env.Client(t)
		emp.SignIn("employee.kab")
		if res := emp.Get(href); res.Status != http.StatusForbidden && res.Status != http.StatusNotFound {
			t.Errorf("an employee without the prevention view downloaded: %d", res.Status)
		}
		if n := auditCount(t, env, "guidance.material.read"); n != reads+1 {
			t.Fatal("a refused download was audited as read")
		}
		// Once the employee has attended, their check-in page lists the
		// session with its materials, which they may download; before,
		// the address answers not found.
		sid, _ := strconv.ParseInt(id, 10, 64)
		mid := href[strings.LastIndex(href, "/")+1:]
		own := "/my/guidance/" + id + "/materials/" + mid
		if res := emp.Get(own); res.Status != http.StatusNotFound {
			t.Errorf("before attending: %d", res.Status)
		}
		if err := env.Store.SetGuidanceAttendance(t.Context(), store.System, env.Kab.ID, sid, map[int64]guidance.Status{people["Pegawai Satu"]: guidance.Late}, "tick"); err != nil {
			t.Fatal(err)
		}
		if n := emp.Get("/my/check-in").Doc.Find(`#attended a[href="` + own + `"]`).Length(); n != 1 {
			t.Errorf("the employee's page lists %d links to the material", n)
		}
		if dl := emp.Get(own); dl.Status != http.StatusOK || dl.Body != string(pdf) || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("the attendee's download: %d", dl.Status)
		}
		if n := auditCount(t, env, "guidance.material.read"); n != reads+2 {
			t.Errorf("the attendee's download audited %d times", n-reads-1)
		}

		// Removal asks first, then the material and its file are gone.
		if res := pb.Get(href + "/remove"); res.Status != http.StatusOK || res.Doc.Find("button.danger").Length() != 1 {
			t.Fatalf("remove confirmation: %d", res.Status)
		}
		if res := pb.Post(href+"/remove", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("remove: %d", res.Status)
		}
		if res := pb.Get(href); res.Status != http.StatusNotFound {
			t.Fatalf("a removed material downloads: %d", res.Status)
		}
		if n := pb.Get("/guidance/" + id).Doc.Find(`#materials a[download]`).Length(); n != 1 {
			t.Fatalf("%d materials listed after removal", n)
		}
		if n := auditCount(t, env, "guidance.material.remove"); n != 1 {
			t.Fatalf("%d removal audit events", n)
		}
	})
}
