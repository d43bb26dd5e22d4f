package roster

import "testing"

func TestSearchName(t *testing.T) {
	for in, want := range map[string]string{
		"Hj. Siti Aminah, S.Pd., M.Si.":  "siti aminah",
		"Drs. H. Ahmad Fauzi, M.M.":      "ahmad fauzi",
		"dr. Rina Kartika":               "rina kartika",
		"Prof. Dr. Ir. Bambang Sutrisno": "bambang sutrisno",
		"Budi Santoso S.Pd":              "budi santoso",
		"  Muhammad   Rizki  ":           "muhammad rizki",
		"H. Andi":                        "andi",
		"Dr.":                            "dr",
		"Nurul Hidayah, A.Md.Kep.":       "nurul hidayah",
		"Ni Made Ayu":                    "ni made ayu",
		"Ma'ruf Amin":                    "ma'ruf amin",
		"":                               "",
	} {
		if got := SearchName(in); got != want {
			t.Errorf("SearchName(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSearchName(f *testing.F) {
	f.Add("Hj. Siti Aminah, S.Pd., M.Si.")
	f.Fuzz(func(t *testing.T, s string) {
		got := SearchName(s)
		if SearchName(got) != got {
			t.Fatalf("not stable: %q → %q → %q", s, got, SearchName(got))
		}
	})
}
