package discipline

import (
	"testing"

	"sigap/internal/apperr"
)

// PP 49/2018 Ps 52: a government's PPPK catalogue is its own list; rows
// are checked one by one and a charge under it calls for the level the
// row sets.
func TestPPPKCatalogue(t *testing.T) {
	rows := []PPPKEntry{
		{Code: " P1 ", Text: "Tidak masuk kerja 5 hari tanpa keterangan", Level: Ringan},
		{},
		{Code: "P2", Text: "Melanggar larangan dalam perjanjian kerja", Level: Berat},
	}
	got, err := CheckPPPK(rows)
	if err != nil || len(got) != 2 || got[0].Code != "P1" {
		t.Fatalf("%v %+v", err, got)
	}
	c := PPPKCatalogue(got)
	f, err := c.Assess(Charge{Code: "P2"})
	if err != nil || f.Level != Berat || f.Article != PPPKSource {
		t.Errorf("assess: %+v %v", f, err)
	}
	if _, err := c.Assess(Charge{Code: "K4f"}); err == nil {
		t.Error("a PP 94 code in the PPPK catalogue")
	}
	_, err = CheckPPPK([]PPPKEntry{
		{Code: "P1", Text: "a", Level: Ringan},
		{Code: "p1", Text: "b", Level: Ringan},
		{Code: "P 3", Text: "c", Level: Sedang},
		{Code: "P4", Text: "", Level: Sedang},
		{Code: "P5", Text: "e", Level: "sangat"},
		{Code: "", Text: "f", Level: Ringan},
	})
	fields := map[string]string{}
	for _, e := range apperr.FieldsOf(err) {
		fields[e.Field] = e.Key
	}
	want := map[string]string{"pppk_code.1": "pppk.code.duplicate", "pppk_code.2": "pppk.code.invalid", "pppk_text.3": "pppk.text.invalid",
		"pppk_level.4": "pppk.level.invalid", "pppk_code.5": "pppk.code.required"}
	for f, k := range want {
		if fields[f] != k {
			t.Errorf("%s: %q, want %q", f, fields[f], k)
		}
	}
	if len(fields) != len(want) {
		t.Errorf("errors %v", fields)
	}
}
