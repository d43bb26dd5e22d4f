package media

import (
	"testing"
)

// testIndex returns the index of the embedded national table.
func testIndex(t testing.TB) *Index {
	t.Helper()
	x, err := DefaultIndex()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// checkSpans fails when a span lies outside the text or does not hold the
// words it claims.
func checkSpans(t testing.TB, r Result) {
	t.Helper()
	for _, sp := range allSpans(r) {
		if sp.Start < 0 || sp.End > len(r.Text) || sp.Start > sp.End || r.Text[sp.Start:sp.End] != sp.Text {
			t.Fatalf("span %+v does not point into the text (len %d)", sp, len(r.Text))
		}
	}
}

func allSpans(r Result) []Span {
	var out []Span
	add := func(e Evidence) { out = append(out, e.Spans...) }
	if r.Government != nil {
		add(r.Government.Evidence)
	}
	for _, a := range r.Agencies {
		add(a.Evidence)
	}
	if r.Category != nil {
		add(r.Category.Evidence)
	}
	if r.Accused != nil {
		add(r.Accused.Evidence)
	}
	if r.CivilServant != nil {
		add(r.CivilServant.Evidence)
	}
	for _, p := range r.Places {
		add(p.Evidence)
	}
	if r.Published != nil {
		add(r.Published.Evidence)
	}
	for _, d := range r.Dates {
		add(d.Evidence)
	}
	for _, f := range r.Figures {
		add(f.Evidence)
	}
	for _, p := range r.Quoted {
		add(p.Evidence)
	}
	return out
}
