package discipline

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"sigap/internal/roster"
)

// TestDefaultTable pins the rule ids (tenants override by them, so they
// must not drift) with their default state, and checks every rule is well
// formed beyond what ParseTable enforces.
func TestDefaultTable(t *testing.T) {
	table := DefaultTable()
	if DefaultTable() != table {
		t.Error("DefaultTable parses the embedded file more than once")
	}
	wantIDs := []string{
		"ppk-jpt-pratama", "ppk-ahli-utama", "president-ahli-utama-b3", "ppk-administrator-and-below", "ppk-functional",
		"jpt-pratama-one-level", "jpt-pratama-functional", "jpt-pratama-two-levels",
		"administrator-one-level", "administrator-functional", "administrator-two-levels", "ahli-madya-designated",
		"pengawas-one-level", "pengawas-functional", "pengawas-two-levels", "pengawas-two-levels-sedang",
		"ahli-muda-designated", "ppk-vacancy",
	}
	var ids []string
	for _, r := range table.Rules() {
		ids = append(ids, r.ID)
		if !strings.HasPrefix(r.Article, "PP 94/2021 Ps ") {
			t.Errorf("%s: article %q does not cite PP 94/2021", r.ID, r.Article)
		}
		if !strings.HasPrefix(r.Source, "[P]") {
			t.Errorf("%s: source %q does not say it was read in the primary text", r.ID, r.Source)
		}
		if !r.Enabled {
			t.Errorf("%s is disabled by default", r.ID)
		}
		if unconfirmed := r.ID == "pengawas-two-levels-sedang"; r.Unconfirmed != unconfirmed {
			t.Errorf("%s: unconfirmed = %v, want %v (regulations.md marks only Ps 23(1)b sedang)", r.ID, r.Unconfirmed, unconfirmed)
		}
		if r.Unconfirmed && r.Note == "" {
			t.Errorf("%s: an unconfirmed rule must say in its note why its default was chosen", r.ID)
		}
		if r.Designated && (r.Distance != 1 || !slices.Equal(r.Official.Kinds, []roster.PositionKind{roster.Fungsional})) {
			t.Errorf("%s: a designation is of a functional official over the PNS directly below", r.ID)
		}
		if r.Holder == Official && !slices.Contains(r.Subject.ExcludeLevels, "ahli_utama") {
			t.Errorf("%s: officials' rules must leave Ahli Utama to the PPK (Ps 18(3)b)", r.ID)
		}
	}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("rule ids\n got %q\nwant %q", ids, wantIDs)
	}
	info := table.Info()
	if info.ID != "pp94-2021-kabkota" || info.Version != "2021-08-31" || info.TitleID == "" || info.TitleEN == "" || info.VacancyArticle != "PP 94/2021 Ps 25" {
		t.Errorf("info = %+v", info)
	}
	if !table.Covers(roster.PNS) || !table.Covers(roster.CPNS) || table.Covers(roster.PPPK) || table.Covers("") {
		t.Errorf("scope = %v, want PNS and CPNS (PP 94 Ps 43; PPPK under PP 49/2018)", table.Scope().Statuses)
	}
	if _, ok := table.Rule("no-such-rule"); ok {
		t.Error("Rule found an unknown id")
	}
	// Rules and Scope hand out copies.
	rules := table.Rules()
	rules[0].Sanctions[0] = B3
	rules[0].Subject.Kinds[0] = roster.Pelaksana
	table.Scope().Statuses[0] = roster.PPPK
	if r, _ := table.Rule(rules[0].ID); r.Sanctions[0] != R1 || r.Subject.Kinds[0] != roster.JPTPratama || !table.Covers(roster.PNS) {
		t.Error("changing what Rules or Scope returned changed the table")
	}
	if !bytes.Equal(DefaultJSON(), defaultJSON) {
		t.Error("DefaultJSON differs from the embedded file")
	}
}

// The lookup keeps kinds in 8 bits and levels in 16; a roster grown past
// that must widen postMask.
func TestBitWidths(t *testing.T) {
	if len(roster.PositionKinds) > 8 || len(roster.FunctionalLevels) > 16 || len(Sanctions) > 16 {
		t.Fatalf("%d kinds, %d levels, %d sanctions: widen postMask or sanctionSet",
			len(roster.PositionKinds), len(roster.FunctionalLevels), len(Sanctions))
	}
	for _, k := range roster.PositionKinds {
		if kindBit(k) == 0 {
			t.Errorf("kind %s has no bit", k)
		}
	}
	for _, l := range roster.FunctionalLevels {
		if levelBit(l) == 0 {
			t.Errorf("level %s has no bit", l)
		}
	}
}

func TestWith(t *testing.T) {
	base := DefaultTable()
	off, err := base.With(map[string]bool{"pengawas-two-levels-sedang": false})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := off.Rule("pengawas-two-levels-sedang"); r.Enabled {
		t.Error("With did not disable the rule")
	}
	if r, _ := base.Rule("pengawas-two-levels-sedang"); !r.Enabled {
		t.Error("With changed the table it was called on")
	}
	on, err := off.With(map[string]bool{"pengawas-two-levels-sedang": true})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := on.Rule("pengawas-two-levels-sedang"); !r.Enabled {
		t.Error("With did not enable the rule again")
	}
	same, err := base.With(nil)
	if err != nil || len(same.Rules()) != len(base.Rules()) {
		t.Errorf("With(nil) = %v, %v", same, err)
	}

	for _, tc := range []struct {
		overrides map[string]bool
		want      []string
	}{
		{map[string]bool{"pengawas-one-level": false}, []string{`"pengawas-one-level"`, "not marked unconfirmed"}},
		{map[string]bool{"ppk-jpt-pratama": true}, []string{"not marked unconfirmed"}},
		{map[string]bool{"pengawas-two-level-sedang": false}, []string{`"pengawas-two-level-sedang"`, "no rule has this id"}},
		{map[string]bool{"zzz": true, "aaa": false}, []string{`rule "aaa": no rule has this id` + "\n" + `authority table: rule "zzz"`}},
	} {
		_, err := base.With(tc.overrides)
		if err == nil {
			t.Errorf("With(%v) succeeded", tc.overrides)
			continue
		}
		var te *TableError
		if !errors.As(err, &te) {
			t.Errorf("With(%v): %T is not a *TableError", tc.overrides, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("With(%v) = %q, want it to say %q", tc.overrides, err, w)
			}
		}
	}
}

// edit returns the default table's JSON after f has changed it.
func edit(t *testing.T, f func(table map[string]any, rule func(id string) map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(defaultJSON, &m); err != nil {
		t.Fatal(err)
	}
	rule := func(id string) map[string]any {
		for _, r := range m["rules"].([]any) {
			if r := r.(map[string]any); r["id"] == id {
				return r
			}
		}
		t.Fatalf("no rule %q", id)
		return nil
	}
	f(m, rule)
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseTableErrors(t *testing.T) {
	type rf = func(string) map[string]any
	cases := []struct {
		name string
		data []byte
		want []string
	}{
		{"empty", nil, []string{"the file is empty"}},
		{"syntax", []byte("{\n  \"id\": \"x\",\n  \"rules\": [,]\n}"), []string{"invalid JSON at line 3, column"}},
		{"wrong type", []byte(`{"id": 5}`), []string{"invalid JSON at line 1", "id"}},
		{"trailing", append(slices.Clone(defaultJSON), []byte(" {}")...), []string{"after the table's closing brace"}},
		{"too large", make([]byte, MaxTableSize+1), []string{"more than the"}},
		{"unknown field", edit(t, func(_ map[string]any, rule rf) {
			rule("pengawas-one-level")["subject"].(map[string]any)["exclude_kind"] = []any{"jpt_pratama"}
		}), []string{`unknown field "exclude_kind"`}},
		{"duplicate id", edit(t, func(_ map[string]any, rule rf) { rule("pengawas-two-levels")["id"] = "pengawas-one-level" }),
			[]string{`rule 15 "pengawas-one-level", field "id": used twice`}},
		{"id clashes with the outside id", edit(t, func(_ map[string]any, rule rf) { rule("ppk-vacancy")["id"] = "pppk-outside-pp94" }),
			[]string{"used twice"}},
		{"bad id", edit(t, func(_ map[string]any, rule rf) { rule("ppk-vacancy")["id"] = "PPK Vacancy" }),
			[]string{`"PPK Vacancy" is not an id`}},
		{"bad sanction", edit(t, func(_ map[string]any, rule rf) { rule("pengawas-one-level")["sanctions"] = []any{"R4"} }),
			[]string{`"R4" is not a sanction code`}},
		{"sanction twice", edit(t, func(_ map[string]any, rule rf) { rule("pengawas-one-level")["sanctions"] = []any{"ringan", "R2"} }),
			[]string{"R2 is listed twice"}},
		{"no sanctions", edit(t, func(_ map[string]any, rule rf) { delete(rule("pengawas-one-level"), "sanctions") }),
			[]string{`field "sanctions": missing`}},
		{"distance 3", edit(t, func(_ map[string]any, rule rf) { rule("jpt-pratama-two-levels")["distance"] = 3 }),
			[]string{`field "distance": 3 is not 1 or 2`}},
		{"distance on a functional rule", edit(t, func(_ map[string]any, rule rf) { rule("pengawas-functional")["distance"] = 1 }),
			[]string{"only a levels_below rule has a distance"}},
		{"official imposing berat", edit(t, func(_ map[string]any, rule rf) {
			rule("jpt-pratama-two-levels")["sanctions"] = []any{"sedang", "B3"}
		}), []string{"B3 is berat: only the PPK or someone beyond the region imposes berat"}},
		{"enabled missing", edit(t, func(_ map[string]any, rule rf) { delete(rule("pengawas-two-levels-sedang"), "enabled") }),
			[]string{`field "enabled": missing`}},
		{"confirmed rule disabled", edit(t, func(_ map[string]any, rule rf) { rule("pengawas-one-level")["enabled"] = false }),
			[]string{"is the law and must be enabled"}},
		{"unknown kind", edit(t, func(_ map[string]any, rule rf) {
			rule("ppk-administrator-and-below")["subject"] = map[string]any{"kinds": []any{"administrator", "pengawas", "staf"}}
		}), []string{`"staf" is not a position kind`}},
		{"unknown level", edit(t, func(_ map[string]any, rule rf) {
			rule("ahli-muda-designated")["official"] = map[string]any{"kinds": []any{"fungsional"}, "levels": []any{"ahli muda"}}
		}), []string{`"ahli muda" is not a functional level`}},
		{"levels without fungsional", edit(t, func(_ map[string]any, rule rf) {
			rule("ahli-muda-designated")["official"] = map[string]any{"kinds": []any{"pengawas"}, "levels": []any{"ahli_muda"}}
		}), []string{"kinds do not include fungsional"}},
		{"official without kinds", edit(t, func(_ map[string]any, rule rf) { delete(rule("pengawas-one-level"), "official") }),
			[]string{`field "official.kinds": missing`}},
		{"ppk rule selecting officials", edit(t, func(_ map[string]any, rule rf) {
			rule("ppk-functional")["official"] = map[string]any{"kinds": []any{"pengawas"}}
		}), []string{"only an official's rule selects officials"}},
		{"subject matching nobody", edit(t, func(_ map[string]any, rule rf) {
			rule("pengawas-one-level")["subject"] = map[string]any{"kinds": []any{"pelaksana"}, "exclude_kinds": []any{"pelaksana"}}
		}), []string{"matches no subject"}},
		{"functional rule on structural subjects", edit(t, func(_ map[string]any, rule rf) {
			rule("pengawas-functional")["subject"] = map[string]any{"kinds": []any{"pelaksana"}}
		}), []string{"matches no subject"}},
		{"bad holder", edit(t, func(_ map[string]any, rule rf) { rule("ppk-functional")["holder"] = "bupati" }),
			[]string{`"bupati" is not ppk, official or beyond`}},
		{"bad relation", edit(t, func(_ map[string]any, rule rf) { rule("pengawas-one-level")["relation"] = "named" }),
			[]string{"an official's rule is levels_below or functional_in_unit"}},
		{"residual beyond", edit(t, func(_ map[string]any, rule rf) { rule("president-ahli-utama-b3")["relation"] = "residual" }),
			[]string{"a beyond rule is named"}},
		{"beyond without a name", edit(t, func(_ map[string]any, rule rf) { delete(rule("president-ahli-utama-b3"), "who_en") }),
			[]string{"names the holder in who_id and who_en"}},
		{"designation on a ppk rule", edit(t, func(_ map[string]any, rule rf) { rule("ppk-functional")["designated"] = true }),
			[]string{"only an official's levels_below rule can rest on a designation"}},
		{"no article", edit(t, func(_ map[string]any, rule rf) { rule("ppk-functional")["article"] = " " }),
			[]string{`field "article": missing`}},
		{"no description", edit(t, func(_ map[string]any, rule rf) { delete(rule("ppk-functional"), "description_en") }),
			[]string{"description_id and description_en are both required"}},
		{"gap", edit(t, func(m map[string]any, _ rf) {
			rules := m["rules"].([]any)
			m["rules"] = rules[:len(rules)-1] // drop ppk-vacancy
		}), []string{"nobody is named for [R1 R2 R3] on administrator", "on fungsional/ahli_pertama", "[R1 R2 R3 S1 S2 S3] on fungsional/terampil"}},
		{"B3 on Ahli Utama given to the PPK as well", edit(t, func(m map[string]any, rule rf) {
			rule("ppk-ahli-utama")["sanctions"] = []any{"ringan", "sedang", "berat"}
		}), []string{`rule "president-ahli-utama-b3", field "subject": B3 on fungsional/ahli_utama is also named by rule "ppk-ahli-utama"`}},
		{"bad status", edit(t, func(m map[string]any, _ rf) {
			m["scope"].(map[string]any)["statuses"] = []any{"PNS", "Honorer", "PNS"}
		}), []string{`"Honorer" is not PNS, CPNS or PPPK`, `"PNS" is listed twice`}},
		{"no scope", edit(t, func(m map[string]any, _ rf) { delete(m, "scope") }),
			[]string{"scope.statuses", "scope.article", "scope.outside"}},
		{"no table fields", []byte(`{"rules": []}`), []string{`field "id": missing`, `field "source": missing`, "vacancy_article", "the table has no rules"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			table, err := ParseTable(tc.data)
			if err == nil {
				t.Fatalf("ParseTable succeeded: %d rules", len(table.Rules()))
			}
			var te *TableError
			if !errors.As(err, &te) {
				t.Errorf("%T is not a *TableError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%s\nshould say %q", err, w)
				}
			}
		})
	}
}

// A tenant whose PPPK rules adopt PP 94 lists PPPK in the scope; its PPPK
// staff then get the same answers as PNS.
func TestParseTableTenantScope(t *testing.T) {
	table, err := ParseTable(edit(t, func(m map[string]any, _ func(string) map[string]any) {
		m["scope"].(map[string]any)["statuses"] = []any{"PNS", "CPNS", "PPPK"}
	}))
	if err != nil {
		t.Fatal(err)
	}
	subject := post(t, "stafKel")
	subject.Status = roster.PPPK
	got := table.Authorities(subject, []Post{post(t, "kasiKel"), post(t, "lurah")}, within)
	if got[0].By != Official || got[0].Official != post(t, "kasiKel") || got[8].By != PPK {
		t.Errorf("PPPK under an adopting tenant: %s, %s", describe(got[0]), describe(got[8]))
	}
}
