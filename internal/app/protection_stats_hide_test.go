package app

import (
	"sigap/internal/store"
	"testing"
)

// An analyst's counts: small ones "<3", and in each breakdown further
// ones "–" so that the totals do not give a small one back; a hidden age
// group hides its sexes.
func TestHideSmallProtectsAgainstTotals(t *testing.T) {
	v := ProtectionStats{
		Total:     totalRow(10, 7),
		Districts: []DistrictCount{{Name: "A", Victims: 1, Cases: 1}, {Name: "B", Victims: 9, Cases: 6}, {Name: "C"}},
		Forms:     []FormCount{{Victims: 4, Cases: 3}, {Victims: 6, Cases: 4}},
		AgeSex:    []AgeSexCount{{Group: "0-5", Female: 1, Total: 1}, {Group: "6-12", Female: 4, Male: 5, Total: 9}},
		Months:    []MonthCount{{Month: 1, Victims: 10, Cases: 7}},
	}
	v.hideSmall(3)
	if v.TooFew || v.Total.Victims != 10 || v.Total.Cases != 7 {
		t.Fatalf("totals %+v too few %v", v.Total, v.TooFew)
	}
	want := []struct {
		name      string
		got, want int
	}{
		{"A victims", v.Districts[0].Victims, HiddenCount}, {"B victims", v.Districts[1].Victims, ProtectedCount}, {"C victims", v.Districts[2].Victims, 0},
		{"A cases", v.Districts[0].Cases, HiddenCount}, {"B cases", v.Districts[1].Cases, ProtectedCount},
		{"form 1", v.Forms[0].Victims, 4}, {"form 2", v.Forms[1].Victims, 6},
		{"0-5", v.AgeSex[0].Total, HiddenCount}, {"6-12", v.AgeSex[1].Total, ProtectedCount},
		{"0-5 female", v.AgeSex[0].Female, ProtectedCount}, {"0-5 male", v.AgeSex[0].Male, ProtectedCount},
		{"6-12 female", v.AgeSex[1].Female, ProtectedCount}, {"6-12 male", v.AgeSex[1].Male, ProtectedCount},
		{"January", v.Months[0].Victims, 10},
	}
	for _, w := range want {
		if w.got != w.want {
			t.Errorf("%s: %d, want %d", w.name, w.got, w.want)
		}
	}

	// Districts of one and three under a total of four that the forms
	// show: hiding the one would need the total hidden, so the districts
	// are withheld. Sexes of one and three in a group of four: both hidden,
	// the group shown.
	w := ProtectionStats{
		Total:     totalRow(14, 14),
		Districts: []DistrictCount{{Name: "A", Victims: 1, Cases: 1}, {Name: "B", Victims: 13, Cases: 13}},
		Forms:     []FormCount{{Victims: 14, Cases: 14}},
		AgeSex:    []AgeSexCount{{Group: "0-5", Female: 1, Male: 3, Total: 4}, {Group: "6-12", Female: 5, Male: 5, Total: 10}},
	}
	w.Districts[1], w.Total = DistrictCount{Name: "B", Victims: 3, Cases: 3}, totalRow(4, 4)
	w.Forms[0] = FormCount{Victims: 4, Cases: 4}
	w.AgeSex = []AgeSexCount{{Group: "0-5", Female: 1, Male: 3, Total: 4}}
	w.hideSmall(3)
	if !w.Withheld["district"] || w.Districts != nil || w.Forms[0].Victims != 4 || w.Total.Victims != 4 {
		t.Errorf("districts of 1 and 3: %+v withheld %v", w.Districts, w.Withheld)
	}
	if a := w.AgeSex[0]; a.Total != 4 || a.Female != ProtectedCount || a.Male != ProtectedCount {
		t.Errorf("sexes of 1 and 3: %+v", a)
	}

	// Services of one kind once and another six times, total seven: the
	// one is "<3" and the six hidden with it.
	sv := ProtectionStats{Total: totalRow(10, 10), Services: []store.ServiceCount{{Kind: "rumah_aman", Count: 1}, {Kind: "pengaduan", Count: 6}, {Kind: "pemulangan"}}}
	sv.hideSmall(3)
	if sv.Services[0].Count != HiddenCount || sv.Services[1].Count != ProtectedCount || sv.Services[2].Count != 0 || sv.Withheld["service"] {
		t.Errorf("services: %+v", sv.Services)
	}

	// Totals below the threshold: no breakdown at all.
	few := ProtectionStats{Total: totalRow(3, 2), Districts: []DistrictCount{{Victims: 1, Cases: 1}, {Victims: 2, Cases: 1}}}
	few.hideSmall(3)
	if !few.TooFew || few.Districts != nil || few.Total.Victims != 3 || few.Total.Cases != HiddenCount {
		t.Errorf("few: %+v", few)
	}
}

func totalRow(victims, cases int) store.CountRow {
	return store.CountRow{Victims: victims, Cases: cases}
}
