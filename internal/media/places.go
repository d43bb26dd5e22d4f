package media

import (
	"strings"

	"sigap/internal/refdata"
)

// places finds the kecamatan and desa/kelurahan of a regency the body
// names. A name after "Kecamatan" or "Desa" counts; a bare name only for
// a kecamatan, capitalised. Words that are part of a government's name
// ("Kota Serang" is also a kecamatan of it) are not places.
func (x *Index) places(d *doc, regency string, govs []govMention, cueOnly bool) []Place {
	p := x.placesOf(regency)
	if p == nil {
		return nil
	}
	taken := make([]bool, len(d.toks))
	for _, m := range govs {
		for k := m.from; k <= m.to && k < len(taken); k++ {
			taken[k] = true
		}
	}
	// The dateline says where the news was written, not where it happened.
	for k := range d.toks {
		if d.toks[k].line == d.bodyLine && d.toks[k].start < d.datelineEnd {
			taken[k] = true
		}
	}
	// "Pengadilan Negeri Rangkasbitung", "Polsek Ciruas": an office named
	// after a place is not where something happened.
	for k := range d.toks {
		if d.is(k, "pengadilan", "pn", "lapas", "rutan", "polsek", "polres", "polresta", "kejari", "kejaksaan") && d.toks[k].cap {
			for j := k + 1; j < len(d.toks) && j <= k+3 && d.toks[j].cap && sameLine(d, k, j); j++ {
				taken[j] = true
			}
		}
	}
	var out []Place
	at := map[string]int{}
	add := func(r refdata.Region, conf float64, sp Span) {
		if k, ok := at[r.Code]; ok {
			out[k].Spans = append(out[k].Spans, sp)
			out[k].Confidence = max(out[k].Confidence, conf)
			return
		}
		at[r.Code] = len(out)
		out = append(out, Place{Code: r.Code, Name: r.Name, Level: string(r.Level), Evidence: Evidence{Confidence: conf, Spans: []Span{sp}}})
	}
	type pending struct {
		cands []refdata.Region
		sp    Span
	}
	var unsure []pending
	for i := 0; i < len(d.toks); i++ {
		if taken[i] {
			continue
		}
		regs, n, ok := p.names.at(d, i)
		if !ok {
			continue
		}
		want := refdata.Level("")
		from := i
		switch {
		case d.is(i-1, "kecamatan", "kec"):
			want, from = refdata.LevelDistrict, i-1
		case d.is(i-1, "desa", "kelurahan", "kel", "ds"):
			want, from = refdata.LevelVillage, i-1
		}
		var cands []refdata.Region
		for _, r := range regs {
			if want == "" && r.Level == refdata.LevelDistrict || want != "" && r.Level == want {
				cands = append(cands, r)
			}
		}
		sp := d.span(from, i+n-1)
		switch {
		case len(cands) == 0:
		case want == "" && (cueOnly || !d.toks[i].cap || len(d.toks[i].low) < 5 && n == 1 || x.sameAsRegency(regency, regs)):
			// A bare "Tangerang" is the city more often than its kecamatan.
		case len(cands) == 1 && want != "":
			add(cands[0], 0.9, sp)
		case len(cands) == 1:
			add(cands[0], 0.6, sp)
		default:
			unsure = append(unsure, pending{cands, sp})
		}
		i += n - 1
	}
	// A village name shared by several kecamatan is settled by a kecamatan
	// the article names.
	for _, u := range unsure {
		var hit []refdata.Region
		for _, c := range u.cands {
			if _, ok := at[c.ParentCode]; ok {
				hit = append(hit, c)
			}
		}
		if len(hit) == 1 {
			add(hit[0], 0.8, u.sp)
		}
	}
	return out
}

// sameAsRegency reports whether a name is also the regency's own name
// ("Serang" in Kota Serang), which only "Kecamatan" can make a place.
func (x *Index) sameAsRegency(regency string, regs []refdata.Region) bool {
	r, ok := x.regions[regency]
	if !ok {
		return false
	}
	_, base := splitRegency(r.Name)
	for _, c := range regs {
		if strings.EqualFold(c.Name, base) {
			return true
		}
	}
	return false
}
