package app

import (
	"strings"
	"testing"

	"sigap/internal/media"
	"sigap/internal/refdata"
	"sigap/internal/report"
)

// The draft holds only what the tenant's form can: its categories, its
// places; a link to a post makes it a social-media report.
func TestDraft(t *testing.T) {
	x, err := media.DefaultIndex()
	if err != nil {
		t.Fatal(err)
	}
	text := "Oknum ASN Pemkab Serang Diduga Lakukan Pelecehan Seksual\n\nSeorang oknum ASN di Desa Pejaten, Kecamatan Kramatwatu, diduga melakukan pelecehan seksual terhadap rekan kerjanya, kata Kepala BKPSDM Kabupaten Serang, Rudi Hartono."
	res, err := x.Extract(text, media.Options{Region: "36.04"})
	if err != nil {
		t.Fatal(err)
	}
	form := ReportForm{Categories: report.DefaultCategories, Districts: []District{{Region: refdata.Region{Code: "36.04.05", Name: "Kramatwatu"},
		Villages: []refdata.Region{{Code: "36.04.05.2003", Name: "Pejaten"}}}}}
	d := Draft(res, form, "https://www.banten.example/berita/1")
	if d.Category != "sexual_violence" || d.District != "36.04.05" || d.Village != "36.04.05.2003" || !strings.EqualFold(d.AccusedPosition, "oknum ASN") ||
		d.Channel != "press" || d.Mode != "anonymous" || d.ReporterIsVictim != "no" || !strings.Contains(d.What, "Rudi Hartono") {
		t.Errorf("draft: %+v", d)
	}
	// Not the tenant's: no category it does not offer, no place it does not have.
	d = Draft(res, ReportForm{Categories: report.DefaultCategories[1:]}, "https://m.facebook.com/story.php?id=1")
	if d.Category != "" || d.District != "" || d.Village != "" || d.Channel != "social_media" {
		t.Errorf("draft for another form: %+v", d)
	}
	if got := clip(strings.Repeat("kata ", 3000), 100); len([]rune(got)) > 100 || strings.HasSuffix(got, " ") {
		t.Errorf("clip: %q", got)
	}
}
