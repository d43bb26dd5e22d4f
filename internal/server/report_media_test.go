package server_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"sigap/internal/identity"
	"sigap/internal/testserver"
)

// formValues reads what a form would send as it stands: text fields,
// checked choices and selected options.
func formValues(sel *goquery.Selection) url.Values {
	v := url.Values{}
	sel.Find("input[name], textarea[name], select[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		switch {
		case goquery.NodeName(s) == "textarea":
			v.Add(name, s.Text())
		case goquery.NodeName(s) == "select":
			v.Add(name, s.Find("option[selected]").AttrOr("value", ""))
		case s.AttrOr("type", "") == "radio" || s.AttrOr("type", "") == "checkbox":
			if _, on := s.Attr("checked"); on {
				v.Add(name, s.AttrOr("value", ""))
			}
		case s.AttrOr("type", "") == "file":
		default:
			v.Add(name, s.AttrOr("value", ""))
		}
	})
	return v
}

// The desk pastes an article, reads the proposal with its evidence
// marked, corrects one field and records the report: channel press, the
// article and its link sealed, the write audited. Bad input changes
// nothing and says why.
func TestDeskReportFromArticle(t *testing.T) {
	article, err := os.ReadFile("../media/testdata/01-serang-pelecehan.txt")
	if err != nil {
		t.Fatal(err)
	}
	const marker, linkMarker = "ZZMEDIAZZ", "ZZTAUTANZZ"
	text := strings.Replace(string(article), "rekan kerjanya di Kecamatan Ciruas.", "rekan kerjanya di Kecamatan Ciruas. "+marker, 1)
	eachEngine(t, func(t *testing.T, env *testserver.Env) {
		env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
		desk := env.Client(t)
		desk.SignIn("meja.kab")
		if res := desk.Get("/reports/media"); res.Status != http.StatusOK || res.Doc.Find(`form[action="/reports/media"][method="post"] textarea[name="article"]`).Length() != 1 {
			t.Fatalf("paste form: %d", res.Status)
		}
		before := countReports(t, env)

		// Bad input: nothing pasted, far too much, another language.
		if res := desk.Post("/reports/media", url.Values{"article": {"  \n "}}); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".field-error"), "Tempelkan teks") {
			t.Errorf("empty text: %d %q", res.Status, res.Text(".field-error"))
		}
		big := strings.Repeat("Oknum ASN Pemkab Serang diduga bolos kerja. ", 30000) // 1.3 MB
		if res := desk.Post("/reports/media", url.Values{"article": {big}}); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "lebih dari 1024 KB") || strings.Contains(res.Body, "diduga bolos kerja. Oknum") {
			t.Errorf("1.3 MB text: %d %q", res.Status, res.Text(".field-error"))
		}
		if res := desk.Post("/reports/media", url.Values{"article": {strings.Repeat("x", 10<<20)}}); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "terlalu besar") {
			t.Errorf("10 MB text: %d", res.Status)
		}
		english := "Local official investigated over harassment claims. The agency said on Monday that it had received three complaints about a senior official in the city administration."
		res := desk.Post("/reports/media", url.Values{"article": {english}})
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "tidak terbaca sebagai bahasa Indonesia") || res.Doc.Find("mark").Length() != 0 ||
			res.Doc.Find(`input[name="category"][checked]`).Length() != 0 {
			t.Errorf("English text: %d, marks %d", res.Status, res.Doc.Find("mark").Length())
		}
		if n := countReports(t, env); n != before {
			t.Fatalf("reading stored %d reports", n-before)
		}

		// The proposal: evidence marked, the form filled.
		link := "https://bantenraya.example/berita/" + linkMarker
		prop := desk.Post("/reports/media", url.Values{"article": {text}, "link": {link}})
		if prop.Status != http.StatusOK {
			t.Fatalf("proposal: %d %s", prop.Status, prop.Text(".alert"))
		}
		marks := prop.Doc.Find(".media-article mark")
		if marks.Length() < 5 || !strings.Contains(marks.Text(), "pelecehan seksual") || !strings.Contains(marks.Text(), "Kecamatan Ciruas") {
			t.Errorf("marks: %d %q", marks.Length(), marks.Text())
		}
		if strings.Contains(prop.Text(".media-article"), "Baca Juga") || strings.Contains(prop.Text(".media-article"), "Rekomendasi untuk Anda") {
			t.Error("boilerplate shown as read")
		}
		if !strings.Contains(prop.Text(".media-fields"), "Kabupaten Serang") || !strings.Contains(prop.Text(".media-fields"), "Rudi Hartono") {
			t.Errorf("fields: %q", prop.Text(".media-fields"))
		}
		form := prop.Doc.Find(`form[action="/reports/new"]`)
		v := formValues(form)
		for field, want := range map[string]string{"category": "sexual_violence", "channel": "press", "channel_ref": link, "district": "36.04.09",
			"mode": "anonymous", "reporter_is_victim": "no", "accused_position": "Oknum ASN"} {
			if got := v.Get(field); got != want {
				t.Errorf("draft %s = %q, want %q", field, got, want)
			}
		}
		if !strings.Contains(v.Get("what"), marker) || strings.Contains(v.Get("what"), "Baca Juga") {
			t.Error("the draft's text is not the cleaned article")
		}
		// The officer's correction wins.
		v.Set("accused_position", "Kepala seksi pada dinas")
		rec := desk.Post("/reports/new", v)
		if rec.Status != http.StatusOK || receiptRE.FindString(rec.Text(".receipt")) == "" {
			t.Fatalf("record: %d %s %s", rec.Status, rec.Text(".alert"), rec.Text(".field-error"))
		}
		id := strings.TrimPrefix(rec.Doc.Find(`a[href^="/reports/"]`).First().AttrOr("href", ""), "/reports/")
		var channel string
		if err := env.Store.DB().R.QueryRow(`SELECT channel FROM reports WHERE public_id = $1`, id).Scan(&channel); err != nil || channel != "press" {
			t.Fatalf("stored channel %q: %v", channel, err)
		}
		var audited int
		if err := env.Store.DB().R.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'report.create' AND object_id = $1`, id).Scan(&audited); err != nil || audited != 1 {
			t.Errorf("report.create audited %d times: %v", audited, err)
		}
		page := desk.Get("/reports/" + id)
		if !strings.Contains(page.Body, marker) || !strings.Contains(page.Body, "Kepala seksi pada dinas") || !strings.Contains(page.Body, linkMarker) {
			t.Error("the recorded report does not show the article, the correction and the link")
		}
		for _, secret := range []string{marker, linkMarker} {
			if where := inDatabase(t, env.Store.DB(), secret); where != "" {
				t.Errorf("%q is stored in clear in %s", secret, where)
			}
			if strings.Contains(env.Logs.String(), secret) {
				t.Errorf("%q is in the logs", secret)
			}
		}
	})
}
