package roster

import (
	"slices"
	"testing"

	"sigap/internal/nip"
	"sigap/internal/org"
)

func row(t *testing.T, line int, n, sup string) Row {
	t.Helper()
	p, err := nip.Parse(n)
	if err != nil {
		t.Fatal(err)
	}
	return Row{Line: line, NIP: p, SuperiorNIP: sup}
}

const (
	head = "197001011995031001"
	kabi = "198001012005011002"
	kasi = "198501012010011003"
	staf = "199001012015031004"
	lost = "199101012016031005"
	cyA  = "199201012017031006"
	cyB  = "199301012018031007"
)

func TestLinkSuperiorsOrdersSuperiorsFirst(t *testing.T) {
	// The subordinate comes first in the file, its superior later.
	rows := []Row{row(t, 2, staf, kasi), row(t, 3, kasi, kabi), row(t, 4, kabi, head), row(t, 5, head, "")}
	out, ps := LinkSuperiors(rows, nil, false)
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	var got []string
	for _, r := range out {
		got = append(got, r.NIP.String())
	}
	if want := []string{head, kabi, kasi, staf}; !equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestLinkSuperiorsReportsUnknownAndCycles(t *testing.T) {
	rows := []Row{
		row(t, 2, head, ""),
		row(t, 3, staf, lost), // superior not in the file
		row(t, 4, cyA, cyB),   // A → B → A
		row(t, 5, cyB, cyA),
		row(t, 6, kasi, cyA), // leads into the cycle
		row(t, 7, kabi, head),
	}
	out, ps := LinkSuperiors(rows, nil, false)
	keys := map[int]string{}
	for _, p := range ps {
		keys[p.Line] = p.Key
	}
	want := map[int]string{3: "roster.superior.unknown", 4: "roster.superior.cycle", 5: "roster.superior.cycle"}
	if len(keys) != len(want) {
		t.Fatalf("problems %v", ps)
	}
	for line, k := range want {
		if keys[line] != k {
			t.Errorf("line %d: %q, want %q", line, keys[line], k)
		}
	}
	if len(out) != len(rows) {
		t.Errorf("rows dropped without being asked")
	}

	// Importing the valid rows drops the cycle, then the row stranded under it.
	out, ps = LinkSuperiors(rows, nil, true)
	if len(out) != 2 || out[0].NIP.String() != head || out[1].NIP.String() != kabi {
		t.Errorf("kept %v", out)
	}
	stranded := false
	for _, p := range ps {
		if p.Line == 6 && p.Key == "roster.superior.skipped" {
			stranded = true
		}
	}
	if !stranded {
		t.Errorf("the row under the cycle is not reported: %v", ps)
	}
}

func TestLinkSuperiorsNamesSkippedRows(t *testing.T) {
	_, ps := LinkSuperiors([]Row{row(t, 2, staf, kasi)}, map[string]bool{kasi: true}, false)
	if len(ps) != 1 || ps[0].Key != "roster.superior.skipped" {
		t.Errorf("%v", ps)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The order holds for a whole synthetic roster: each superior before its
// subordinates, every row kept once, and the file's order kept among rows
// at the same depth.
func TestLinkSuperiorsOrderIsStableByDepth(t *testing.T) {
	units := []SynthUnit{{"Sekretariat Daerah", org.KindSekretariat}, {"Dinas Kesehatan", org.KindDinas}, {"Kecamatan Ciruas", org.KindKecamatan}}
	rows := NewSynth(11, 2026).Roster(units, 3000)
	byNIP := map[string]Row{}
	for _, r := range rows {
		byNIP[r.NIP.String()] = r
	}
	depth := func(r Row) int {
		d := 0
		for r.SuperiorNIP != "" {
			r = byNIP[r.SuperiorNIP]
			d++
		}
		return d
	}
	out, ps := LinkSuperiors(slices.Clone(rows), nil, false)
	if len(ps) != 0 || len(out) != len(rows) {
		t.Fatalf("%d rows, problems %v", len(out), ps)
	}
	seen := map[string]bool{}
	for i, r := range out {
		if r.SuperiorNIP != "" && !seen[r.SuperiorNIP] {
			t.Fatalf("row %d (line %d) comes before its superior", i, r.Line)
		}
		if seen[r.NIP.String()] {
			t.Fatalf("line %d twice", r.Line)
		}
		seen[r.NIP.String()] = true
		if i > 0 {
			prev := out[i-1]
			if dp, dr := depth(prev), depth(r); dp > dr || (dp == dr && prev.Line > r.Line) {
				t.Fatalf("lines %d (depth %d) then %d (depth %d)", prev.Line, dp, r.Line, dr)
			}
		}
	}
}
