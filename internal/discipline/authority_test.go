package discipline

import (
	"strconv"
	"strings"
	"testing"

	"sigap/internal/roster"
)

// opdCase is one question put to the default table: a subject in one of
// the example structures, his chain of superiors, and who should hold each
// sanction.
type opdCase struct {
	name      string
	subject   string
	status    roster.Status // PNS when empty
	level     *string       // replaces the fixture's level when set
	chain     []string
	overrides map[string]bool
	// want lists "sanctions=holder rule" separated by ";". Sanctions are
	// codes or R, S, B for a whole level, comma-separated, or "all".
	// Holder is ppk, beyond, none, or name@distance; "^n" adds the distance
	// of the vacant post whose power is used. Rule "-" means no rule.
	want string
}

var sedangOff = map[string]bool{"pengawas-two-levels-sedang": false}

var opdCases = []opdCase{
	// Sekretariat Daerah: Sekda > Asisten > Kepala Bagian > Kasubag > pelaksana.
	{name: "Setda/Sekda", subject: "sekda", want: "all=ppk ppk-jpt-pratama"},
	{name: "Setda/Asisten under the Sekda is still the PPK's", subject: "asisten", chain: []string{"sekda"},
		want: "all=ppk ppk-jpt-pratama"},
	{name: "Setda/Kepala Bagian", subject: "kabagHukum", chain: []string{"asisten", "sekda"},
		want: "R=asisten@1 jpt-pratama-one-level; S=sekda@2 jpt-pratama-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Setda/Kasubag", subject: "kasubagUU", chain: []string{"kabagHukum", "asisten", "sekda"},
		want: "R=kabagHukum@1 administrator-one-level; S=asisten@2 jpt-pratama-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Setda/pelaksana", subject: "stafHukum", chain: []string{"kasubagUU", "kabagHukum", "asisten", "sekda"},
		want: "R=kasubagUU@1 pengawas-one-level; S=kabagHukum@2 administrator-two-levels; B=ppk ppk-administrator-and-below"},

	// Dinas: Kepala Dinas > Sekretaris / Kepala Bidang > Kasubag / Kasi > pelaksana; teachers.
	{name: "Dinas/Kepala Dinas with the Sekda as roster superior", subject: "kadisdik", chain: []string{"sekda"},
		want: "all=ppk ppk-jpt-pratama"},
	{name: "Dinas/Sekretaris Dinas, Kadis reports to the Bupati", subject: "sekdis", chain: []string{"kadisdik"},
		want: "R=kadisdik@1 jpt-pratama-one-level; S,B=ppk ppk-administrator-and-below"},
	{name: "Dinas/Sekretaris Dinas, Kadis reports through the Sekda", subject: "sekdis", chain: []string{"kadisdik", "sekda"},
		want: "R=kadisdik@1 jpt-pratama-one-level; S=sekda@2 jpt-pratama-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Dinas/Kasubag Umum", subject: "kasubagUmum", chain: []string{"sekdis", "kadisdik"},
		want: "R=sekdis@1 administrator-one-level; S=kadisdik@2 jpt-pratama-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Dinas/pelaksana of the Sekretariat", subject: "stafUmum", chain: []string{"kasubagUmum", "sekdis", "kadisdik"},
		want: "R=kasubagUmum@1 pengawas-one-level; S=sekdis@2 administrator-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Dinas/Kasi", subject: "kasiKurikulum", chain: []string{"kabidSD", "kadisdik"},
		want: "R=kabidSD@1 administrator-one-level; S=kadisdik@2 jpt-pratama-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Dinas/pelaksana of a Bidang", subject: "stafKurikulum", chain: []string{"kasiKurikulum", "kabidSD", "kadisdik"},
		want: "R=kasiKurikulum@1 pengawas-one-level; S=kabidSD@2 administrator-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Dinas/teacher under a school head (Ahli Muda)", subject: "guru", chain: []string{"kepsek", "kabidSD", "kadisdik"},
		want: "R=kepsek@1 ahli-muda-designated; S=kabidSD@2 administrator-two-levels; B=ppk ppk-functional"},
	{name: "Dinas/CPNS teacher", subject: "guru", status: roster.CPNS, chain: []string{"kepsek", "kabidSD", "kadisdik"},
		want: "R=kepsek@1 ahli-muda-designated; S=kabidSD@2 administrator-two-levels; B=ppk ppk-functional"},
	{name: "Dinas/school head: the school is outside the Bidang, inside the Dinas", subject: "kepsek", chain: []string{"kabidSD", "kadisdik"},
		want: "R=kabidSD@1 administrator-one-level; S=kadisdik@2 jpt-pratama-functional; B=ppk ppk-functional"},

	// Dinas Kesehatan, UPTD Puskesmas (head: pengawas).
	{name: "Puskesmas/nurse under a head nurse", subject: "perawat", chain: []string{"karu", "kapus", "kadinkes"},
		want: "R=kapus@2 pengawas-functional; S=kapus@2 pengawas-two-levels-sedang; B=ppk ppk-functional"},
	{name: "Puskesmas/nurse, pengawas sedang off", subject: "perawat", chain: []string{"karu", "kapus", "kadinkes"}, overrides: sedangOff,
		want: "R=kapus@2 pengawas-functional; S=kadinkes@3 jpt-pratama-functional; B=ppk ppk-functional"},
	{name: "Puskesmas/pelaksana under a pelaksana coordinator", subject: "stafTU", chain: []string{"kaTU", "kapus", "kadinkes"},
		want: "R=kapus@2 pengawas-two-levels; S=kapus@2 pengawas-two-levels-sedang; B=ppk ppk-administrator-and-below"},
	{name: "Puskesmas/pelaksana, pengawas sedang off", subject: "stafTU", chain: []string{"kaTU", "kapus", "kadinkes"}, overrides: sedangOff,
		want: "R=kapus@2 pengawas-two-levels; S,B=ppk ppk-administrator-and-below"},

	// Badan: BKPSDM after the simplification of the bureaucracy.
	{name: "BKPSDM/Ahli Madya reporting to the Kaban", subject: "analisMadya", chain: []string{"kaban"},
		want: "R=kaban@1 jpt-pratama-one-level; S=kaban@1 jpt-pratama-functional; B=ppk ppk-functional"},
	{name: "BKPSDM/pelaksana under a designated Ahli Madya", subject: "stafAsesmen", chain: []string{"asesorMadya", "kaban"},
		want: "R=asesorMadya@1 ahli-madya-designated; S=kaban@2 jpt-pratama-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "BKPSDM/pelaksana under a designated Ahli Muda", subject: "stafPPI", chain: []string{"pranataMuda", "kabidPPI", "kaban"},
		want: "R=pranataMuda@1 ahli-muda-designated; S=kabidPPI@2 administrator-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "BKPSDM/Ahli Madya two levels down is no designation", subject: "stafPPI", chain: []string{"kabidPPI", "analisMadya"},
		want: "R=kabidPPI@1 administrator-one-level; S,B=ppk ppk-administrator-and-below"},

	// Kecamatan: Camat > Sekcam / Kasi > pelaksana; Kelurahan below it.
	{name: "Kecamatan/Camat under the Sekda", subject: "camat", chain: []string{"sekda"},
		want: "R=sekda@1 jpt-pratama-one-level; S,B=ppk ppk-administrator-and-below"},
	{name: "Kecamatan/Camat straight under the Bupati", subject: "camat",
		want: "R=ppk ppk-vacancy; S,B=ppk ppk-administrator-and-below"},
	{name: "Kecamatan/Sekcam", subject: "sekcam", chain: []string{"camat", "sekda"},
		want: "R=camat@1 administrator-one-level; S=sekda@2 jpt-pratama-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Kecamatan/pelaksana", subject: "stafPem", chain: []string{"kasiPem", "camat", "sekda"},
		want: "R=kasiPem@1 pengawas-one-level; S=camat@2 administrator-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Kelurahan/Lurah", subject: "lurah", chain: []string{"camatKota", "sekdaKota"},
		want: "R=camatKota@1 administrator-one-level; S=sekdaKota@2 jpt-pratama-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Kelurahan/pelaksana, pengawas sedang on", subject: "stafKel", chain: []string{"kasiKel", "lurah", "camatKota", "sekdaKota"},
		want: "R=kasiKel@1 pengawas-one-level; S=lurah@2 pengawas-two-levels-sedang; B=ppk ppk-administrator-and-below"},
	{name: "Kelurahan/pelaksana, pengawas sedang off", subject: "stafKel", chain: []string{"kasiKel", "lurah", "camatKota", "sekdaKota"}, overrides: sedangOff,
		want: "R=kasiKel@1 pengawas-one-level; S,B=ppk ppk-administrator-and-below"},

	// Inspektorat and RSUD.
	{name: "Inspektorat/auditor", subject: "auditor", chain: []string{"irban", "inspektur"},
		want: "R=irban@1 administrator-one-level; S=irban@1 administrator-functional; B=ppk ppk-functional"},
	{name: "RSUD/director", subject: "direktur", want: "all=ppk ppk-jpt-pratama"},
	{name: "RSUD/Ahli Utama: B3 is the President's", subject: "dokterUtama", chain: []string{"direktur"},
		want: "R,S,B1,B2=ppk ppk-ahli-utama; B3=beyond president-ahli-utama-b3"},

	// Vacancies (Ps 25).
	{name: "Vacancy/Kasi vacant, skipped by the roster", subject: "stafKurikulum", chain: []string{"kabidSD", "kadisdik"},
		want: "R=kabidSD@1 administrator-one-level; S=kadisdik@2 jpt-pratama-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Vacancy/Kasi vacant, kept in the chain", subject: "stafKurikulum", chain: []string{"vacant:kasiKurikulum", "kabidSD", "kadisdik"},
		want: "R=kabidSD@2^1 pengawas-one-level; S=kabidSD@2 administrator-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Vacancy/Kabid vacant, kept in the chain", subject: "stafKurikulum", chain: []string{"kasiKurikulum", "vacant:kabidSD", "kadisdik"},
		want: "R=kasiKurikulum@1 pengawas-one-level; S=kadisdik@3^2 administrator-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Vacancy/Kasi and Kabid vacant", subject: "stafKurikulum", chain: []string{"vacant:kasiKurikulum", "vacant:kabidSD", "kadisdik"},
		want: "R=kadisdik@3^1 pengawas-one-level; S=kadisdik@3^2 administrator-two-levels; B=ppk ppk-administrator-and-below"},
	{name: "Vacancy/Kepala Dinas vacant: up to the PPK", subject: "kabidSD", chain: []string{"vacant:kadisdik"},
		want: "R=ppk^1 jpt-pratama-one-level; S,B=ppk ppk-administrator-and-below"},
	{name: "Vacancy/designated coordinator vacant", subject: "stafPPI", chain: []string{"vacant:pranataMuda", "kabidPPI", "kaban"},
		want: "R=kabidPPI@2^1 ahli-muda-designated; S=kabidPPI@2 administrator-two-levels; B=ppk ppk-administrator-and-below"},

	// Outside the table.
	{name: "Scope/PPPK", subject: "stafKel", status: roster.PPPK, chain: []string{"kasiKel", "lurah"},
		want: "all=none pppk-outside-pp94"},
	{name: "Scope/PPPK teacher", subject: "guru", status: roster.PPPK, chain: []string{"kepsek", "kabidSD", "kadisdik"},
		want: "all=none pppk-outside-pp94"},
	{name: "Scope/no status", subject: "stafKel", status: "none", chain: []string{"kasiKel", "lurah"},
		want: "all=none -"},
	{name: "Scope/functional without a level", subject: "guru", level: new(""), chain: []string{"kepsek"},
		want: "all=none -"},
}

// TestAuthoritiesOPD puts the cases to the default table and then checks
// that together they exercised every rule, so that a rule added to the
// table without an example fails here.
func TestAuthoritiesOPD(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range opdCases {
		t.Run(tc.name, func(t *testing.T) {
			table := DefaultTable()
			if tc.overrides != nil {
				var err error
				if table, err = table.With(tc.overrides); err != nil {
					t.Fatal(err)
				}
			}
			subject := post(t, tc.subject)
			switch tc.status {
			case "":
			case "none":
				subject.Status = ""
			default:
				subject.Status = tc.status
			}
			if tc.level != nil {
				subject.Level = *tc.level
			}
			chain := make([]Post, len(tc.chain))
			for i, n := range tc.chain {
				chain[i] = post(t, n)
			}
			got := table.Authorities(subject, chain, within)
			want := parseWant(t, tc.want)
			if len(got) != len(Sanctions) {
				t.Fatalf("got %d authorities, want %d", len(got), len(Sanctions))
			}
			for i, a := range got {
				seen[a.Rule] = true
				w := want[i]
				if a.Sanction != Sanctions[i] {
					t.Errorf("authority %d is for %s, want %s", i, a.Sanction, Sanctions[i])
				}
				if a.By != w.by || a.Rule != w.rule || a.Distance != w.distance || a.Vacancy != w.vacancy ||
					(w.by == Official && a.Official != post(t, w.official)) {
					t.Errorf("%s: got %s, want %s", a.Sanction, describe(a), w.spec)
				}
				checkArticle(t, table, a)
			}
		})
	}
	for _, r := range DefaultTable().Rules() {
		if !seen[r.ID] {
			t.Errorf("rule %q is exercised by no case; add an example position for it", r.ID)
		}
	}
	if !seen[DefaultTable().Scope().Outside.ID] {
		t.Errorf("no case reaches the outside-scope answer")
	}
}

// checkArticle checks that an authority cites its rule's article, with the
// vacancy article when a vacant post's power is used.
func checkArticle(t *testing.T, table *Table, a Authority) {
	t.Helper()
	want := ""
	if r, ok := table.Rule(a.Rule); ok {
		want = r.Article
		if a.Vacancy > 0 {
			want += " jo. " + table.Info().VacancyArticle
		}
	} else if a.Rule == table.Scope().Outside.ID {
		want = table.Scope().Outside.Article
	}
	if a.Article != want {
		t.Errorf("%s: article %q, want %q", a.Sanction, a.Article, want)
	}
}

type wantAuthority struct {
	spec     string
	by       Holder
	official string
	distance int
	vacancy  int
	rule     string
}

// parseWant reads the want notation of opdCase into one expectation per
// sanction, failing on a sanction given twice or not at all.
func parseWant(t *testing.T, spec string) [9]wantAuthority {
	t.Helper()
	var out [9]wantAuthority
	for part := range strings.SplitSeq(spec, ";") {
		part = strings.TrimSpace(part)
		codes, rest, ok := strings.Cut(part, "=")
		holder, rule, ok2 := strings.Cut(rest, " ")
		if !ok || !ok2 {
			t.Fatalf("bad want %q", part)
		}
		w := wantAuthority{spec: rest, rule: rule}
		if rule == "-" {
			w.rule = ""
		}
		if h, v, ok := strings.Cut(holder, "^"); ok {
			holder = h
			w.vacancy = atoi(t, v)
		}
		switch holder {
		case "ppk":
			w.by = PPK
		case "beyond":
			w.by = Beyond
		case "none":
			w.by = NotCovered
		default:
			name, d, ok := strings.Cut(holder, "@")
			if !ok {
				t.Fatalf("bad holder %q", holder)
			}
			w.by, w.official, w.distance = Official, name, atoi(t, d)
		}
		var set sanctionSet
		for c := range strings.SplitSeq(codes, ",") {
			switch c {
			case "all":
				set |= allSanctions
			case "R":
				set |= levelSet(Ringan)
			case "S":
				set |= levelSet(Sedang)
			case "B":
				set |= levelSet(Berat)
			default:
				if !Sanction(c).Valid() {
					t.Fatalf("bad sanction %q in %q", c, part)
				}
				set |= 1 << Sanction(c).index()
			}
		}
		for i := range out {
			if set&(1<<i) == 0 {
				continue
			}
			if out[i].spec != "" {
				t.Fatalf("%s given twice in %q", Sanctions[i], spec)
			}
			out[i] = w
		}
	}
	for i, w := range out {
		if w.spec == "" {
			t.Fatalf("%s missing from %q", Sanctions[i], spec)
		}
	}
	return out
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("bad number %q", s)
	}
	return n
}

// describe writes an authority in the want notation.
func describe(a Authority) string {
	var b strings.Builder
	switch a.By {
	case Official:
		b.WriteString(nameOf(a.Official) + "@" + strconv.Itoa(a.Distance))
	case NotCovered:
		b.WriteString("none")
	default:
		b.WriteString(string(a.By))
	}
	if a.Vacancy > 0 {
		b.WriteString("^" + strconv.Itoa(a.Vacancy))
	}
	rule := a.Rule
	if rule == "" {
		rule = "-"
	}
	return b.String() + " " + rule
}
