package roster

import (
	"bytes"
	"strings"
	"testing"

	"sigap/internal/nip"
	"sigap/internal/org"
)

func TestSynthPeopleAreValid(t *testing.T) {
	g := NewSynth(42, 2026)
	seen := map[string]bool{}
	titled := 0
	for range 20000 {
		p := g.Person()
		s := p.NIP.String()
		parsed, err := nip.Parse(s)
		if err != nil || parsed != p.NIP {
			t.Fatalf("%s (%s): %v", s, p.Name, err)
		}
		if seen[s] {
			t.Fatalf("NIP %s given twice", s)
		}
		seen[s] = true
		if p.NIP.AppointedYear > 2026 || p.NIP.Birth.Year() < 2026-57 || p.NIP.Birth.Year() > 2026-20 {
			t.Fatalf("implausible %s", s)
		}
		if SearchName(p.Name) == "" {
			t.Fatalf("name %q folds to nothing", p.Name)
		}
		if strings.Contains(p.Name, ",") || strings.HasSuffix(strings.Fields(p.Name)[0], ".") {
			titled++
			if folded := SearchName(p.Name); strings.ContainsAny(folded, ".,") {
				t.Fatalf("%q folds to %q, titles left in", p.Name, folded)
			}
		}
	}
	if titled == 0 {
		t.Error("no names with titles or degrees: search is not exercised")
	}
	// The same seed gives the same people.
	a, b := NewSynth(7, 2026), NewSynth(7, 2026)
	for range 100 {
		if a.Person() != b.Person() {
			t.Fatal("not reproducible")
		}
	}
}

func BenchmarkSynthPerson(b *testing.B) {
	g := NewSynth(1, 2026)
	for b.Loop() {
		g.Person()
	}
}

func TestSynthRosterReadsBackClean(t *testing.T) {
	units := []SynthUnit{{"Sekretariat Daerah", org.KindSekretariat}, {"Dinas Pendidikan dan Kebudayaan", org.KindDinas},
		{"Inspektorat", org.KindInspektorat}, {"Kecamatan Cikande", org.KindKecamatan}}
	rows := NewSynth(7, 2026).Roster(units, 2000)
	if len(rows) != 2000 {
		t.Fatalf("%d rows", len(rows))
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	back, problems, err := ReadCSV(&buf)
	if err != nil || len(problems) != 0 || len(back) != len(rows) {
		t.Fatalf("%d rows, %v %v", len(back), problems, err)
	}
	ordered, problems := LinkSuperiors(back, nil, false)
	if len(problems) != 0 {
		t.Fatalf("links: %v", problems)
	}
	kinds := map[PositionKind]int{}
	tops := 0
	for _, r := range ordered {
		kinds[r.Kind]++
		if r.SuperiorNIP == "" {
			tops++
		}
	}
	// The Sekda and the heads of the Dinas and the Inspektorat report to the Bupati.
	if tops != 3 || kinds[JPTPratama] != 6 || kinds[Fungsional] < 500 || kinds[Pelaksana] < 300 {
		t.Errorf("tops %d, kinds %v", tops, kinds)
	}
	// Shuffled: some subordinate comes before its superior in the file.
	line := map[string]int{}
	for _, r := range rows {
		line[r.NIP.String()] = r.Line
	}
	later := 0
	for _, r := range rows {
		if r.SuperiorNIP != "" && line[r.SuperiorNIP] > r.Line {
			later++
		}
	}
	if later == 0 {
		t.Error("no superior comes later in the file")
	}
}
