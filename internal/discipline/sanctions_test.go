package discipline

import (
	"strings"
	"testing"
)

func TestSanctionCatalogue(t *testing.T) {
	want := []struct {
		s       Sanction
		level   Level
		article string
	}{
		{R1, Ringan, "PP 94/2021 Ps 8(2)a"}, {R2, Ringan, "PP 94/2021 Ps 8(2)b"}, {R3, Ringan, "PP 94/2021 Ps 8(2)c"},
		{S1, Sedang, "PP 94/2021 Ps 8(3)a"}, {S2, Sedang, "PP 94/2021 Ps 8(3)b"}, {S3, Sedang, "PP 94/2021 Ps 8(3)c"},
		{B1, Berat, "PP 94/2021 Ps 8(4)a"}, {B2, Berat, "PP 94/2021 Ps 8(4)b"}, {B3, Berat, "PP 94/2021 Ps 8(4)c"},
	}
	if len(Sanctions) != len(want) {
		t.Fatalf("%d sanctions, want %d", len(Sanctions), len(want))
	}
	namesID, namesEN := map[string]bool{}, map[string]bool{}
	for i, w := range want {
		s := Sanctions[i]
		if s != w.s || !s.Valid() || s.Level() != w.level || s.Article() != w.article || s.index() != i {
			t.Errorf("Sanctions[%d] = %s level %s article %q, want %s %s %q", i, s, s.Level(), s.Article(), w.s, w.level, w.article)
		}
		if s.NameID() == "" || s.NameEN() == "" || namesID[s.NameID()] || namesEN[s.NameEN()] {
			t.Errorf("%s: names %q / %q missing or not unique", s, s.NameID(), s.NameEN())
		}
		namesID[s.NameID()], namesEN[s.NameEN()] = true, true
		if levelSet(w.level)&(1<<i) == 0 {
			t.Errorf("levelSet(%s) lacks %s", w.level, s)
		}
	}
	if !strings.Contains(B3.NameID(), "pemberhentian dengan hormat tidak atas permintaan sendiri") {
		t.Errorf("B3 is PDHTAPS, got %q", B3.NameID())
	}
	for _, bad := range []Sanction{"", "R4", "r1", "S1T", "ringan"} {
		if bad.Valid() || bad.Level() != "" || bad.NameID() != "" || bad.NameEN() != "" || bad.Article() != "" {
			t.Errorf("%q should be unknown", bad)
		}
	}
}

func TestLevels(t *testing.T) {
	var all sanctionSet
	for _, l := range Levels {
		if !l.Valid() || l.NameEN() == "" {
			t.Errorf("level %q: valid %v, English %q", l, l.Valid(), l.NameEN())
		}
		if got := levelSet(l).list(); len(got) != 3 || got[0].Level() != l || got[2].Level() != l {
			t.Errorf("levelSet(%s) = %v", l, got)
		}
		all |= levelSet(l)
	}
	if all != allSanctions {
		t.Errorf("the levels cover %b, want %b", all, allSanctions)
	}
	if Level("ringan ").Valid() || Level("").Valid() || Level("x").NameEN() != "" {
		t.Error("unknown levels accepted")
	}
}
