package media

import (
	"slices"
	"sort"
)

// govMention is one place the article names a government.
type govMention struct {
	code   string
	kind   string
	weight float64
	span   Span
	from   int // first token
	to     int // last token
}

// govCues are the words before a government's name, with the kind they
// imply ("" for any) and how strongly they say "this government".
var govCues = []struct {
	words  []string
	kind   string
	weight float64
}{
	{[]string{"pemerintah", "kabupaten"}, KindKabupaten, 3},
	{[]string{"pemerintah", "kota"}, KindKota, 3},
	{[]string{"pemerintah", "provinsi"}, KindProvinsi, 3},
	{[]string{"pemerintah", "daerah", "kabupaten"}, KindKabupaten, 3},
	{[]string{"pemerintah", "daerah", "kota"}, KindKota, 3},
	{[]string{"pemkab"}, KindKabupaten, 3},
	{[]string{"pemkot"}, KindKota, 3},
	{[]string{"pemprov"}, KindProvinsi, 3},
	{[]string{"kabupaten"}, KindKabupaten, 2},
	{[]string{"kab"}, KindKabupaten, 2},
	{[]string{"kota"}, KindKota, 2},
	{[]string{"provinsi"}, KindProvinsi, 1.5},
	{[]string{"prov"}, KindProvinsi, 1.5},
	{[]string{"bupati"}, KindKabupaten, 2},
	{[]string{"wakil", "bupati"}, KindKabupaten, 2},
	{[]string{"wali", "kota"}, KindKota, 2},
	{[]string{"walikota"}, KindKota, 2},
	{[]string{"wakil", "wali", "kota"}, KindKota, 2},
	{[]string{"gubernur"}, KindProvinsi, 1.5},
	{[]string{"sekda"}, "", 2},
	{[]string{"pemda"}, "", 2.5},
}

// governments finds every mention of a government and of the bare name of
// a regency of the province in scope.
func (x *Index) governments(d *doc, scope string) []govMention {
	var out []govMention
	covered := -1
	for i := range d.toks {
		if i <= covered {
			continue
		}
		best := govMention{}
		for _, c := range govCues {
			if !d.lows(i, c.words...) {
				continue
			}
			j := i + len(c.words)
			if j < len(d.toks) && d.toks[j].low == "administrasi" {
				j++
			}
			if j >= len(d.toks) || !sameLine(d, i, j) {
				continue
			}
			names, n, ok := x.govs.at(d, j)
			if !ok {
				continue
			}
			for _, g := range names {
				if c.kind != "" && g.kind != c.kind {
					continue
				}
				w := c.weight
				if n+j-1 > best.to || best.code == "" {
					// The agency just before it speaks for the government
					// ("BKPSDM Kabupaten Serang").
					if i > 0 && isAgencyWord(d, i-1) {
						w++
					}
					best = govMention{code: g.code, kind: g.kind, weight: w, span: d.span(i, j+n-1), from: i, to: j + n - 1}
				}
			}
		}
		if best.code != "" {
			out = append(out, best)
			covered = best.to
			continue
		}
		// A bare name ("di Cilegon"), capitalised, of a regency of the
		// province in scope, and only when the name is that regency's
		// alone.
		if scope == "" || !d.toks[i].cap {
			continue
		}
		names, n, ok := x.govs.at(d, i)
		if !ok {
			continue
		}
		var only []govName
		for _, g := range names {
			if g.kind != KindProvinsi && len(g.code) == 5 && g.code[:2] == scope[:2] {
				only = append(only, g)
			}
		}
		if len(only) == 1 {
			out = append(out, govMention{code: only[0].code, kind: only[0].kind, weight: 1, span: d.span(i, i+n-1), from: i, to: i + n - 1})
			covered = i + n - 1
		}
	}
	return out
}

func isAgencyWord(d *doc, i int) bool {
	_, _, ok := theLexicon().agencies.at(d, i)
	if ok {
		return true
	}
	// the last word of a multi-word agency ("UPTD PPA", "Satpol PP")
	return d.toks[i].upper && len(d.toks[i].low) >= 3
}

// government picks the government the article is about: the one named
// most, and most explicitly. A province counts for less than a regency in
// it: an article on the BKPSDM of Kabupaten Serang names Banten as well.
func (x *Index) government(d *doc, opt Options) (*Government, []govMention) {
	scope := opt.Region
	ms := x.governments(d, scope)
	if scope == "" && len(ms) > 0 {
		// a second pass with the province of the strongest mention, for
		// the bare names
		strongest := slices.MaxFunc(ms, func(a, b govMention) int { return cmpFloat(a.weight, b.weight) })
		ms = x.governments(d, strongest.code)
	}
	if len(ms) == 0 {
		return nil, nil
	}
	score := map[string]float64{}
	for _, m := range ms {
		w := m.weight
		if d.toks[m.from].line == 0 && d.headline {
			w *= 1.5 // the headline says what the article is about
		}
		score[m.code] += w
	}
	for code := range score {
		if len(code) == 2 {
			for c2 := range score {
				if len(c2) == 5 && c2[:2] == code {
					score[code] *= 0.5
					break
				}
			}
		}
	}
	codes := make([]string, 0, len(score))
	for c := range score {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if score[codes[i]] != score[codes[j]] {
			return score[codes[i]] > score[codes[j]]
		}
		return codes[i] < codes[j]
	})
	best, bestScore := codes[0], score[codes[0]]
	conf := min(0.95, 0.5+0.1*bestScore)
	if len(codes) > 1 {
		second := score[codes[1]]
		if second >= bestScore*0.8 {
			conf = min(conf, 0.45) // two governments named about as much: the officer decides
		} else if second >= bestScore*0.5 {
			conf *= 0.85
		}
	}
	if conf < MinConfidence {
		return nil, ms
	}
	r := x.regions[best]
	g := &Government{Code: best, Name: r.Name, Evidence: Evidence{Confidence: round2(conf)}}
	for _, m := range ms {
		if m.code == best {
			g.Kind = m.kind
			g.Spans = append(g.Spans, m.span)
		}
	}
	if slices.Contains(opt.Tenants, best) {
		g.Tenant = best
	}
	return g, ms
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }
