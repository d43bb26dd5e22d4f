package discipline

import (
	"slices"
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/roster"
)

// One case per line of the impact table, each named after its article.
func TestAssess(t *testing.T) {
	c := DefaultCatalogue()
	for _, tc := range []struct {
		name     string
		charge   Charge
		level    Level
		sanction Sanction
		article  string
	}{
		{"Ps 9(1) K3f integrity, impact on the unit", Charge{Code: "K3f", Impact: OnUnit}, Ringan, "", "PP 94/2021 Ps 9(1)"},
		{"Ps 10(1) K3f integrity, impact on the agency", Charge{Code: "K3f", Impact: OnAgency}, Sedang, "", "PP 94/2021 Ps 10(1)"},
		{"Ps 11(1) K3f integrity, impact on the state", Charge{Code: "K3f", Impact: OnState}, Berat, "", "PP 94/2021 Ps 11(1)"},
		{"Ps 11(1)a K3a loyalty, any impact", Charge{Code: "K3a", Impact: OnUnit}, Berat, "", "PP 94/2021 Ps 11(1)a"},
		{"Ps 10(1)a K3b unity on the unit is sedang", Charge{Code: "K3b", Impact: OnUnit}, Sedang, "", "PP 94/2021 Ps 10(1)a"},
		{"Ps 10(2)a K4a oath", Charge{Code: "K4a"}, Sedang, "", "PP 94/2021 Ps 10(2)a"},
		{"Ps 10(2)e K4e wealth report, administrator", Charge{Code: "K4e", Kind: roster.Administrator}, Sedang, "", "PP 94/2021 Ps 10(2)e"},
		{"Ps 11(2)c K4e wealth report, JPT", Charge{Code: "K4e", Kind: roster.JPTPratama}, Berat, "", "PP 94/2021 Ps 11(2)c"},
		{"Ps 11(2)e K4i gifts", Charge{Code: "K4i", Impact: OnUnit}, Berat, "", "PP 94/2021 Ps 11(2)e"},
		{"Ps 9(2)b.1 K4f 3 days absent", Charge{Code: "K4f", DaysAbsent: 3}, Ringan, R1, "PP 94/2021 Ps 9(2)b.1"},
		{"Ps 9(2)b.3 K4f 10 days absent", Charge{Code: "K4f", DaysAbsent: 10}, Ringan, R3, "PP 94/2021 Ps 9(2)b.3"},
		{"Ps 10(2)f.1 K4f 11 days absent", Charge{Code: "K4f", DaysAbsent: 11}, Sedang, S1, "PP 94/2021 Ps 10(2)f.1"},
		{"Ps 10(2)f.3 K4f 20 days absent", Charge{Code: "K4f", DaysAbsent: 20}, Sedang, S3, "PP 94/2021 Ps 10(2)f.3"},
		{"Ps 11(2)d.2 K4f 27 days absent", Charge{Code: "K4f", DaysAbsent: 27}, Berat, B2, "PP 94/2021 Ps 11(2)d.2"},
		{"Ps 11(2)d.3 K4f 40 days absent", Charge{Code: "K4f", DaysAbsent: 40}, Berat, B3, "PP 94/2021 Ps 11(2)d.3"},
		{"Ps 11(2)d.4 K4f 10 consecutive days", Charge{Code: "K4f", DaysAbsent: 12, DaysConsecutive: 10}, Berat, B3, "PP 94/2021 Ps 11(2)d.4 jo Ps 15(2)"},
		{"Ps 14a L5a abuse of authority", Charge{Code: "L5a", Impact: OnUnit}, Berat, "", "PP 94/2021 Ps 14a"},
		{"Ps 13b L5g illegal levies on the unit", Charge{Code: "L5g", Impact: OnUnit}, Sedang, "", "PP 94/2021 Ps 13b"},
		{"Ps 14f L5g illegal levies on the state", Charge{Code: "L5g", Impact: OnState}, Berat, "", "PP 94/2021 Ps 14f"},
		{"Ps 12c L5i arbitrary toward subordinates, unit", Charge{Code: "L5i", Impact: OnUnit}, Ringan, "", "PP 94/2021 Ps 12c"},
		{"Ps 13d L5i arbitrary toward subordinates, agency", Charge{Code: "L5i", Impact: OnAgency}, Sedang, "", "PP 94/2021 Ps 13d"},
		{"Ps 13g L5n2 campaign with attributes", Charge{Code: "L5n2"}, Sedang, "", "PP 94/2021 Ps 13g"},
		{"Ps 14i L5n4 campaign with state facilities", Charge{Code: "L5n4"}, Berat, "", "PP 94/2021 Ps 14i"},
		{"Ps 41 MR cohabitation is berat", Charge{Code: "MR"}, Berat, "", "PP 94/2021 Ps 41"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := c.Assess(tc.charge)
			if err != nil || f.Undetermined || f.Level != tc.level || f.Sanction != tc.sanction || f.Article != tc.article {
				t.Errorf("%+v %v", f, err)
			}
		})
	}
}

func TestAssessUndeterminedAndInvalid(t *testing.T) {
	c := DefaultCatalogue()
	for _, tc := range []struct {
		name   string
		charge Charge
		reason string
	}{
		{"Ps 10(2)d K4d names no level for the unit", Charge{Code: "K4d", Impact: OnUnit}, "violation.level.impact_not_listed"},
		{"Ps 9(2)d and 10(2)h K4h name none for the state", Charge{Code: "K4h", Impact: OnState}, "violation.level.impact_not_listed"},
		{"Ps 10(2)e and 11(2)c K4e name no level for a pelaksana", Charge{Code: "K4e", Kind: roster.Pelaksana}, "violation.level.position_not_listed"},
		{"Ps 9(2)b K4f two days absent: no sanction", Charge{Code: "K4f", DaysAbsent: 2}, "violation.absence.below"},
		{"Ps 5 n angka 1 sets no level", Charge{Code: "L5n1"}, "violation.level.not_set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := c.Assess(tc.charge)
			if err != nil || !f.Undetermined || f.Reason != tc.reason || f.Level != "" {
				t.Errorf("%+v %v", f, err)
			}
		})
	}
	for _, ch := range []Charge{{Code: "X1"}, {Code: "K3f"}, {Code: "K3f", Impact: "province"}, {Code: "K4f", DaysAbsent: 5, DaysConsecutive: 6}, {Code: "K4f", DaysAbsent: -1}} {
		if _, err := c.Assess(ch); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%+v: %v", ch, err)
		}
	}
}

// Ps 35(1): several violations, one sanction, the heaviest.
func TestHeaviestPs35(t *testing.T) {
	c := DefaultCatalogue()
	var fs []Finding
	for _, ch := range []Charge{{Code: "K3f", Impact: OnUnit}, {Code: "K4f", DaysAbsent: 14}, {Code: "L5n1"}, {Code: "L5i", Impact: OnAgency}} {
		f, err := c.Assess(ch)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	h, ok := Heaviest(fs)
	if !ok || h.Code != "K4f" || h.Sanction != S2 {
		t.Errorf("heaviest %+v", h)
	}
	if _, ok := Heaviest([]Finding{{Undetermined: true}}); ok {
		t.Error("an undetermined finding was taken")
	}
}

// Ps 35(2): a repeat gets a heavier sanction than the last.
func TestRepeatPs35(t *testing.T) {
	for last, want := range map[Sanction]Sanction{R1: R2, R3: S1, S3: B1, B2: B3, B3: B3} {
		if got := RepeatFloor(last); got != want {
			t.Errorf("after %s: %s, want %s", last, got, want)
		}
	}
	ringan := Finding{Level: Ringan}
	if got := Choices(ringan, ""); !slices.Equal(got, []Sanction{R1, R2, R3}) {
		t.Errorf("ringan: %v", got)
	}
	if got := Choices(ringan, RepeatFloor(R2)); !slices.Equal(got, []Sanction{R3}) {
		t.Errorf("ringan after R2: %v", got)
	}
	if got := Choices(ringan, RepeatFloor(R3)); !slices.Equal(got, []Sanction{S1, S2, S3}) {
		t.Errorf("ringan after R3: %v", got)
	}
	absence := Finding{Level: Sedang, Sanction: S2}
	if got := Choices(absence, ""); !slices.Equal(got, []Sanction{S2}) {
		t.Errorf("14 days absent: %v", got)
	}
}

func TestCatalogueParses(t *testing.T) {
	c := DefaultCatalogue()
	if len(c.Violations) < 38 || c.Source == "" {
		t.Fatalf("%d violations", len(c.Violations))
	}
	for _, bad := range []string{
		`{"violations":[{"code":"A","article":"x","name_id":"x","name_en":"x","rule":"magic"}]}`,
		`{"violations":[{"code":"A","article":"x","name_id":"x","name_en":"x","rule":"always","level":"fatal","level_article":"x"}]}`,
		`{"violations":[{"code":"A","article":"x","name_id":"x","name_en":"x","rule":"absence","absence":[{"from":3,"to":3,"sanction":"R1","article":"x"},{"from":5,"to":6,"sanction":"R2","article":"x"}]}]}`,
		`{"violations":[{"code":"A","article":"x","name_id":"x","name_en":"x","rule":"choose"},{"code":"A","article":"x","name_id":"x","name_en":"x","rule":"choose"}]}`,
	} {
		if _, err := ParseCatalogue([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

// More days absent never means a lighter sanction (Ps 9(2)b, 10(2)f, 11(2)d).
func TestAbsenceIsMonotonic(t *testing.T) {
	c := DefaultCatalogue()
	prev := -1
	for days := 0; days <= 366; days++ {
		f, err := c.Assess(Charge{Code: "K4f", DaysAbsent: days})
		if err != nil {
			t.Fatal(err)
		}
		got := -1
		if !f.Undetermined {
			got = slices.Index(Sanctions, f.Sanction)
		}
		if got < prev {
			t.Fatalf("%d days: %s is lighter than the day before", days, f.Sanction)
		}
		prev = got
	}
}
