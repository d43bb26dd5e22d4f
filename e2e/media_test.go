package e2e

import (
	"os"
	"strings"
	"testing"

	"sigap/internal/identity"
	"sigap/internal/testserver"
)

// TestReportFromArticle: the desk pastes a news article, sees the fields
// read from it with their words marked in the text, corrects the draft
// and records it; the report shows the article as the press channel.
func TestReportFromArticle(t *testing.T) {
	t.Parallel()
	env := start(t)
	env.AddUser(t, "meja.kab", env.Kab.ID, identity.Intake)
	article, err := os.ReadFile("../internal/media/testdata/01-serang-pelecehan.txt")
	if err != nil {
		t.Fatal(err)
	}
	desk := newBrowser(t, env)
	desk.signIn("meja.kab", testserver.Password)
	desk.open("/reports")
	desk.click(`a[href="/reports/media"]`)
	desk.wantText("h1", msg(t, "id", "media.title"))
	desk.fill("#article", strings.TrimSpace(string(article)))
	desk.fill("#link", "https://banten.example/berita/oknum-asn")
	desk.wantStatus("read", desk.click(`form.media-form button.primary`), 200)

	marks := desk.texts(".media-article mark")
	joined := strings.Join(marks, " | ")
	for _, want := range []string{"Kabupaten Serang", "pelecehan seksual", "Kecamatan Ciruas", "Rudi Hartono"} {
		if !strings.Contains(joined, want) {
			t.Errorf("%q is not marked: %s", want, joined)
		}
	}
	if strings.Contains(desk.text(".media-article"), "Kramatwatu") {
		t.Error("a 'Baca Juga' line is shown as read")
	}
	if !desk.hasRow("Rudi Hartono") {
		t.Error("the person quoted is not listed")
	}
	if !eval[bool](desk, `document.querySelector('input[name="category"][value="sexual_violence"]').checked`) ||
		!eval[bool](desk, `document.querySelector('input[name="channel"][value="press"]').checked`) {
		t.Error("category or channel not proposed")
	}
	if got := desk.selectedText("#district"); got != "Ciruas" {
		t.Errorf("district %q", got)
	}
	desk.shot("media-proposal")

	// The officer corrects the accused and records the report.
	desk.fill("#accused_position", "Staf pada dinas, belum diketahui namanya")
	desk.wantStatus("record", desk.click(`form.report-form button.primary`), 200)
	if !receiptRE.MatchString(desk.text(".receipt")) {
		t.Fatalf("no receipt: %q", desk.text(".receipt"))
	}
	desk.click(`.buttons a.button[href^="/reports/"]`)
	body := desk.text("main")
	for _, want := range []string{"Staf pada dinas, belum diketahui namanya", "Kecamatan Ciruas", "https://banten.example/berita/oknum-asn"} {
		if !strings.Contains(body, want) {
			t.Errorf("the recorded report does not show %q", want)
		}
	}
	desk.shot("media-report")
}
