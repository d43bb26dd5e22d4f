package discipline

import (
	"math/rand/v2"
	"slices"
	"testing"

	"sigap/internal/roster"
)

// randomKinds includes kinds no rule knows, as a careless import might
// produce, to check that they are passed over rather than matched.
var randomKinds = append(slices.Clone(roster.PositionKinds), "jpt_madya", "")

// randomLevels likewise includes levels no rule knows.
var randomLevels = append(slices.Clone(roster.FunctionalLevels), "", "ahli utama")

// genPost builds a post from a source of small numbers.
func genPost(next func(n int) int, id int64) Post {
	p := Post{EmployeeID: id, Status: roster.PNS, Kind: randomKinds[next(len(randomKinds))], UnitID: int64(1 + next(6))}
	if p.Kind == roster.Fungsional || next(8) == 0 {
		p.Level = randomLevels[next(len(randomLevels))]
	}
	if next(6) == 0 {
		p.EmployeeID = 0 // vacant
	}
	return p
}

// genCase builds a subject, a chain of up to 6 superiors and a unit tree.
func genCase(next func(n int) int) (Post, []Post, func(unit, ancestor int64) bool) {
	subject := genPost(next, 1)
	subject.EmployeeID = 1
	switch next(10) {
	case 0:
		subject.Status = roster.PPPK
	case 1:
		subject.Status = roster.CPNS
	case 2:
		subject.Status = ""
	}
	chain := make([]Post, next(7))
	for i := range chain {
		chain[i] = genPost(next, int64(i+2))
	}
	// Units 1–6 with random parents below them, so the tree has no cycle.
	var parent [7]int64
	for u := 2; u <= 6; u++ {
		parent[u] = int64(next(u)) // 0 (top) .. u-1
	}
	within := func(unit, ancestor int64) bool {
		for u := unit; u > 0 && u <= 6; u = parent[u] {
			if u == ancestor {
				return true
			}
		}
		return false
	}
	return subject, chain, within
}

// reference answers the same question as Authorities the slow, obvious
// way, from the exported rules, so that the bit-set version is checked
// against an independent reading of the same semantics.
func reference(table *Table, subject Post, chain []Post, within func(unit, ancestor int64) bool) []Authority {
	rules := table.Rules()
	matches := func(f Filter, p Post) bool {
		fn := p.Kind == roster.Fungsional
		return (len(f.Kinds) == 0 || slices.Contains(f.Kinds, p.Kind)) && !slices.Contains(f.ExcludeKinds, p.Kind) &&
			(len(f.Levels) == 0 || fn && slices.Contains(f.Levels, p.Level)) &&
			!(fn && slices.Contains(f.ExcludeLevels, p.Level))
	}
	placed := slices.Contains(roster.PositionKinds, subject.Kind) &&
		(subject.Kind != roster.Fungsional || slices.Contains(roster.FunctionalLevels, subject.Level))
	out := make([]Authority, 0, len(Sanctions))
	for _, s := range Sanctions {
		a := Authority{Sanction: s, By: NotCovered}
		switch {
		case !placed || !slices.Contains([]roster.Status{roster.PNS, roster.CPNS, roster.PPPK}, subject.Status):
		case !table.Covers(subject.Status):
			a.Rule, a.Article = table.Scope().Outside.ID, table.Scope().Outside.Article
		default:
			a = referenceOne(table, rules, matches, s, subject, chain, within)
		}
		out = append(out, a)
	}
	return out
}

func referenceOne(table *Table, rules []Rule, matches func(Filter, Post) bool, s Sanction, subject Post, chain []Post, within func(unit, ancestor int64) bool) Authority {
	for i, p := range chain {
		for _, r := range rules {
			if !r.Enabled || r.Holder != Official || !slices.Contains(r.Sanctions, s) || !matches(r.Subject, subject) || !matches(r.Official, p) {
				continue
			}
			if r.Relation == LevelsBelow && r.Distance != i+1 ||
				r.Relation == FunctionalInUnit && (subject.Kind != roster.Fungsional || !within(subject.UnitID, p.UnitID)) {
				continue
			}
			if p.EmployeeID != 0 {
				return Authority{Sanction: s, By: Official, Official: p, Distance: i + 1, Rule: r.ID, Article: r.Article}
			}
			a := Authority{Sanction: s, By: PPK, Vacancy: i + 1, Rule: r.ID, Article: r.Article + " jo. " + table.Info().VacancyArticle}
			if k := slices.IndexFunc(chain[i+1:], func(q Post) bool { return q.EmployeeID != 0 }); k >= 0 {
				a.By, a.Official, a.Distance = Official, chain[i+1+k], i+k+2
			}
			return a
		}
	}
	for _, rel := range []Relation{Named, Residual} {
		for _, r := range rules {
			if r.Enabled && r.Holder != Official && r.Relation == rel && slices.Contains(r.Sanctions, s) && matches(r.Subject, subject) {
				return Authority{Sanction: s, By: r.Holder, Rule: r.ID, Article: r.Article}
			}
		}
	}
	return Authority{Sanction: s, By: NotCovered}
}

// checkInvariants checks what must hold of any answer, whatever the chain.
func checkInvariants(t *testing.T, table *Table, subject Post, chain []Post, got []Authority) {
	t.Helper()
	if len(got) != len(Sanctions) {
		t.Fatalf("%d authorities for %d sanctions", len(got), len(Sanctions))
	}
	covered := table.Covers(subject.Status)
	_, _, placed := postBits(subject.Kind, subject.Level)
	ahliUtama := subject.Kind == roster.Fungsional && subject.Level == "ahli_utama"
	for i, a := range got {
		if a.Sanction != Sanctions[i] {
			t.Fatalf("authority %d is for %s, want %s", i, a.Sanction, Sanctions[i])
		}
		switch a.By {
		case Official:
			// The official is in the chain at the distance reported, and
			// holds the post.
			if a.Distance < 1 || a.Distance > len(chain) || chain[a.Distance-1] != a.Official || a.Official.EmployeeID == 0 {
				t.Fatalf("%s: official %+v at distance %d is not a filled post of the chain %+v", a.Sanction, a.Official, a.Distance, chain)
			}
			if a.Sanction.Level() == Berat {
				t.Fatalf("%s given to an official", a.Sanction)
			}
		case PPK, Beyond, NotCovered:
			if a.Distance != 0 || a.Official != (Post{}) {
				t.Fatalf("%s: %s with distance %d and official %+v", a.Sanction, a.By, a.Distance, a.Official)
			}
		default:
			t.Fatalf("%s: holder %q", a.Sanction, a.By)
		}
		if a.Vacancy > 0 {
			// Every post from the vacant one up to the holder is vacant.
			end := len(chain)
			if a.By == Official {
				end = a.Distance - 1
			}
			if a.Vacancy > end {
				t.Fatalf("%s: vacancy %d above the holder at %d", a.Sanction, a.Vacancy, end+1)
			}
			for _, p := range chain[a.Vacancy-1 : end] {
				if p.EmployeeID != 0 {
					t.Fatalf("%s: power of the vacant post %d skipped the filled post %+v", a.Sanction, a.Vacancy, p)
				}
			}
		}
		if (a.By == NotCovered) != (!covered || !placed) {
			t.Fatalf("%s: %s for a subject covered=%v placed=%v", a.Sanction, a.By, covered, placed)
		}
		if covered && placed {
			r, ok := table.Rule(a.Rule)
			if !ok || !slices.Contains(r.Sanctions, a.Sanction) || !r.Enabled {
				t.Fatalf("%s: rule %q does not grant it", a.Sanction, a.Rule)
			}
			if a.Sanction == B3 && !(a.By == PPK || ahliUtama && a.By == Beyond) {
				t.Fatalf("B3 on %+v is %s, want the PPK (or Beyond for an Ahli Utama)", subject, describe(a))
			}
			if subject.Kind == roster.JPTPratama && a.Rule != "ppk-jpt-pratama" {
				t.Fatalf("%s on a JPT Pratama is %s, want the PPK", a.Sanction, describe(a))
			}
		}
	}
}

// TestAuthoritiesProperties checks random chains against the invariants
// and against the reference reading, on the default table and with the
// unconfirmed rule off.
func TestAuthoritiesProperties(t *testing.T) {
	off, err := DefaultTable().With(sedangOff)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(94, 2021))
	next := func(n int) int { return rng.IntN(n) }
	for range 20000 {
		subject, chain, within := genCase(next)
		for _, table := range []*Table{DefaultTable(), off} {
			got := table.Authorities(subject, chain, within)
			checkInvariants(t, table, subject, chain, got)
			if want := reference(table, subject, chain, within); !slices.Equal(got, want) {
				t.Fatalf("subject %+v chain %+v:\n got %+v\nwant %+v", subject, chain, got, want)
			}
		}
	}
}

// B3 on any Kabupaten/Kota PNS other than an Ahli Utama is the PPK's, and
// on an Ahli Utama the President's, whoever stands above him.
func TestB3(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 4))
	next := func(n int) int { return rng.IntN(n) }
	for _, s := range shapes {
		kind := roster.PositionKinds[bitIndex(uint(s.kind))]
		level := ""
		if s.level != 0 {
			level = roster.FunctionalLevels[bitIndex(uint(s.level))]
		}
		for range 200 {
			_, chain, within := genCase(next)
			subject := Post{EmployeeID: 1, Status: roster.PNS, Kind: kind, Level: level, UnitID: 1}
			b3 := DefaultTable().Authorities(subject, chain, within)[8]
			want, rule := PPK, "ppk-administrator-and-below"
			switch {
			case kind == roster.JPTPratama:
				rule = "ppk-jpt-pratama"
			case level == "ahli_utama":
				want, rule = Beyond, "president-ahli-utama-b3"
			case kind == roster.Fungsional:
				rule = "ppk-functional"
			}
			if b3.By != want || b3.Rule != rule {
				t.Fatalf("B3 on %s: %s, want %s %s", s.name, describe(b3), want, rule)
			}
		}
	}
}

func bitIndex(b uint) int {
	for i := 0; i < 16; i++ {
		if b == 1<<i {
			return i
		}
	}
	return -1
}

// FuzzAuthorities drives the same checks from arbitrary bytes.
func FuzzAuthorities(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5})
	f.Add([]byte{0, 0, 0, 6, 0, 0, 1, 2, 1, 0, 2, 3, 0, 0, 4, 1, 0, 2, 0, 0, 3, 3, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		i := 0
		next := func(n int) int {
			if i >= len(data) {
				return 0
			}
			i++
			return int(data[i-1]) % n
		}
		subject, chain, within := genCase(next)
		table := DefaultTable()
		got := table.Authorities(subject, chain, within)
		checkInvariants(t, table, subject, chain, got)
		if want := reference(table, subject, chain, within); !slices.Equal(got, want) {
			t.Fatalf("subject %+v chain %+v:\n got %+v\nwant %+v", subject, chain, got, want)
		}
	})
}

// FuzzParseTable feeds ParseTable arbitrary input, tenant files being
// outside input: it must fail cleanly or give a table that answers sanely.
func FuzzParseTable(f *testing.F) {
	f.Add(defaultJSON)
	f.Add([]byte(`{"rules": []}`))
	f.Add([]byte(`{"id": 5}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		table, err := ParseTable(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		for _, tc := range opdCases[:10] {
			subject := post(t, tc.subject)
			chain := make([]Post, len(tc.chain))
			for i, n := range tc.chain {
				chain[i] = post(t, n)
			}
			got := table.Authorities(subject, chain, within)
			if len(got) != len(Sanctions) {
				t.Fatalf("%d authorities", len(got))
			}
			for _, a := range got {
				if a.By == Official && (a.Distance < 1 || a.Distance > len(chain) || chain[a.Distance-1] != a.Official) {
					t.Fatalf("official not in the chain: %+v", a)
				}
			}
		}
	})
}
