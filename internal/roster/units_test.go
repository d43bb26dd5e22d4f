package roster

import (
	"testing"

	"sigap/internal/org"
)

func TestUnitMatcher(t *testing.T) {
	m := NewUnitMatcher([]org.Unit{
		{ID: 1, Name: "Dinas Pendidikan dan Kebudayaan", Abbreviation: "Disdikbud"},
		{ID: 2, ParentID: 1, Name: "Sekretariat"},
		{ID: 3, Name: "Dinas Kesehatan", Abbreviation: "Dinkes"},
		{ID: 4, ParentID: 3, Name: "Sekretariat"},
		{ID: 5, ParentID: 3, Name: "Bidang Pelayanan"},
		{ID: 6, ParentID: 5, Name: "Seksi Rujukan"},
		{ID: 7, Name: "Bagian Umum/Keuangan"},
		{ID: 8, Name: "Dinas Lama", Archived: true},
	})
	for _, c := range []struct {
		in  string
		id  int64
		key string
	}{
		{"Dinas Kesehatan", 3, ""},
		{"  dinas   KESEHATAN ", 3, ""},
		{"DISDIKBUD", 1, ""},
		{"Sekretariat", 0, "roster.unit.ambiguous"},
		{"Dinkes > Sekretariat", 4, ""},
		{"Dinas Pendidikan dan Kebudayaan / Sekretariat", 2, ""},
		{"Dinkes > Seksi Rujukan", 6, ""},
		{"Dinkes > Bidang Pelayanan > Seksi Rujukan", 6, ""},
		{"Disdikbud > Seksi Rujukan", 0, "roster.unit.unknown"},
		{"Bagian Umum/Keuangan", 7, ""},
		{"Dinas Lama", 0, "roster.unit.unknown"},
		{"", 0, "roster.unit.unknown"},
		{" > ", 0, "roster.unit.unknown"},
	} {
		id, key := m.Match(c.in)
		if id != c.id || key != c.key {
			t.Errorf("%q: %d %q, want %d %q", c.in, id, key, c.id, c.key)
		}
	}
}
