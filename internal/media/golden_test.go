package media

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// expected is a golden file: what a careful reader takes from the article.
type expected struct {
	Region       string   `json:"region"` // Options.Region, when the asking tenant matters
	Government   string   `json:"government"`
	Agencies     []string `json:"agencies"`
	Category     string   `json:"category"`
	Accused      string   `json:"accused"`
	CivilServant *bool    `json:"civil_servant"`
	Places       []string `json:"places"`
	Published    string   `json:"published"`
	Dates        []string `json:"dates"`
	Figures      []string `json:"figures"` // "18 kasus", "<5 kasus"
	Periods      []string `json:"periods"`
	Quoted       []string `json:"quoted"` // "Name|Title"
	Nothing      bool     `json:"nothing_found"`
}

// tally counts one field's hits over the fixtures.
type tally struct{ tp, predicted, expected int }

func (t tally) precision() float64 {
	if t.predicted == 0 {
		return 1
	}
	return float64(t.tp) / float64(t.predicted)
}

func (t tally) recall() float64 {
	if t.expected == 0 {
		return 1
	}
	return float64(t.tp) / float64(t.expected)
}

// floors are the lowest precision and recall each field may fall to: the
// values reached when they were set, less a small margin.
var floors = map[string][2]float64{
	"government":    {0.9, 0.9},
	"agencies":      {0.9, 0.9},
	"category":      {0.9, 0.9},
	"accused":       {0.9, 0.9},
	"civil_servant": {0.9, 0.9},
	"places":        {0.9, 0.9},
	"published":     {0.8, 0.8}, // five dates: one miss is 0.8
	"dates":         {0.9, 0.9},
	"figures":       {0.9, 0.9},
	"periods":       {0.9, 0.9},
	"quoted":        {0.9, 0.9},
	"quoted_title":  {0.9, 0.9},
	"nothing":       {1, 1},
}

var fieldOrder = []string{"government", "agencies", "category", "accused", "civil_servant", "places", "published", "dates", "figures",
	"periods", "quoted", "quoted_title", "nothing"}

// The golden articles: every field compared, precision and recall per
// field over all of them, each held to its floor.
func TestGolden(t *testing.T) {
	x := testIndex(t)
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) < 20 {
		t.Fatalf("%d golden articles, want at least 20", len(files))
	}
	tallies := map[string]*tally{}
	for _, f := range fieldOrder {
		tallies[f] = &tally{}
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".json")
		if err != nil {
			t.Fatalf("%s: no golden file: %v", name, err)
		}
		var want expected
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := x.Extract(string(text), Options{Tenants: []string{"36.04", "36.73"}, Region: want.Region})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkSpans(t, got)
		for field, pair := range compare(got, want) {
			gotSet, wantSet := pair[0], pair[1]
			tl := tallies[field]
			tl.predicted += len(gotSet)
			tl.expected += len(wantSet)
			for _, g := range gotSet {
				if slices.ContainsFunc(wantSet, func(w string) bool { return same(field, g, w) }) {
					tl.tp++
				} else {
					t.Logf("%s: %s: extra %q", name, field, g)
				}
			}
			for _, w := range wantSet {
				if !slices.ContainsFunc(gotSet, func(g string) bool { return same(field, g, w) }) {
					t.Logf("%s: %s: missed %q", name, field, w)
				}
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-14s %9s %9s %6s %6s %6s\n", "field", "precision", "recall", "tp", "pred", "exp")
	for _, f := range fieldOrder {
		tl := tallies[f]
		fmt.Fprintf(&b, "%-14s %9.2f %9.2f %6d %6d %6d\n", f, tl.precision(), tl.recall(), tl.tp, tl.predicted, tl.expected)
	}
	t.Log(b.String())
	for _, f := range fieldOrder {
		tl, fl := tallies[f], floors[f]
		if tl.precision() < fl[0] || tl.recall() < fl[1] {
			t.Errorf("%s: precision %.2f recall %.2f, below the floor %.2f/%.2f", f, tl.precision(), tl.recall(), fl[0], fl[1])
		}
	}
}

// compare turns both sides into sets of comparable strings per field.
func compare(got Result, want expected) map[string][2][]string {
	out := map[string][2][]string{}
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	gov, cat, acc, pub := "", "", "", ""
	if got.Government != nil {
		gov = got.Government.Code
	}
	if got.Category != nil {
		cat = got.Category.Code
	}
	if got.Accused != nil {
		acc = got.Accused.Description
	}
	if got.Published != nil {
		pub = got.Published.Date
	}
	out["government"] = [2][]string{one(gov), one(want.Government)}
	var ags []string
	for _, a := range got.Agencies {
		ags = append(ags, a.ID)
	}
	out["agencies"] = [2][]string{ags, want.Agencies}
	out["category"] = [2][]string{one(cat), one(want.Category)}
	out["accused"] = [2][]string{one(acc), one(want.Accused)}
	var cs, wcs []string
	if got.CivilServant != nil {
		cs = []string{fmt.Sprint(got.CivilServant.Value)}
	}
	if want.CivilServant != nil {
		wcs = []string{fmt.Sprint(*want.CivilServant)}
	}
	out["civil_servant"] = [2][]string{cs, wcs}
	var places []string
	for _, p := range got.Places {
		places = append(places, p.Code)
	}
	out["places"] = [2][]string{places, want.Places}
	out["published"] = [2][]string{one(pub), one(want.Published)}
	var dates []string
	for _, d := range got.Dates {
		dates = append(dates, d.Date)
	}
	out["dates"] = [2][]string{dates, want.Dates}
	var figs, periods []string
	for _, f := range got.Figures {
		k := fmt.Sprintf("%s%d %s", f.Bound, f.Value, f.Unit)
		if !slices.Contains(figs, k) {
			figs = append(figs, k)
		}
		if f.Period != "" && !slices.Contains(periods, f.Period) {
			periods = append(periods, f.Period)
		}
	}
	out["figures"] = [2][]string{figs, lower(want.Figures)}
	out["periods"] = [2][]string{periods, lower(want.Periods)}
	var names, titles, wnames, wtitles []string
	for _, p := range got.Quoted {
		names = append(names, p.Name)
		if p.Title != "" {
			titles = append(titles, p.Name+"|"+p.Title)
		}
	}
	for _, q := range want.Quoted {
		n, title, _ := strings.Cut(q, "|")
		wnames = append(wnames, n)
		if title != "" {
			wtitles = append(wtitles, q)
		}
	}
	out["quoted"] = [2][]string{names, wnames}
	out["quoted_title"] = [2][]string{titles, wtitles}
	out["nothing"] = [2][]string{one(fmt.Sprint(got.Nothing)), one(fmt.Sprint(want.Nothing))}
	return out
}

// same compares one value of a field. Descriptions of the accused match
// when one holds the other ("oknum ASN" and "ASN"); everything else
// exactly, without regard to case.
func same(field, got, want string) bool {
	g, w := strings.ToLower(got), strings.ToLower(want)
	if field == "accused" {
		// "oknum aparatur sipil negara (ASN)" is "oknum ASN"
		for _, long := range []string{"aparatur sipil negara (asn)", "pegawai negeri sipil (pns)"} {
			short := long[strings.Index(long, "(")+1 : len(long)-1]
			g, w = strings.ReplaceAll(g, long, short), strings.ReplaceAll(w, long, short)
		}
		return strings.Contains(g, w) || strings.Contains(w, g)
	}
	return g == w
}

func lower(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}
