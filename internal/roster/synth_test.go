package roster

import (
	"strings"
	"testing"

	"sigap/internal/nip"
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
