package media

// agencies finds the agencies named, one entry per agency with every
// mention as evidence. The name is the full one when the article gives it.
func agencies(d *doc) []Agency {
	l := theLexicon()
	var out []Agency
	at := map[string]int{}
	for i := 0; i < len(d.toks); i++ {
		v, n, ok := l.agencies.at(d, i)
		if !ok {
			continue
		}
		full := v < 0
		if full {
			v = -v - 1
		}
		def := agencyDefs[v]
		end := i + n - 1
		if def.namesRest {
			// "Polres Serang Kota", "Kejari Cilegon": the capitalised words
			// after it name the office.
			for k := end + 1; k < len(d.toks) && k <= end+3 && d.toks[k].cap && sameLine(d, i, k) && d.gap(k-1) == " " && !stopwords[d.toks[k].low]; k++ {
				end = k
			}
		}
		sp := d.span(i, end)
		conf := 0.9
		if !full && !d.toks[i].upper && (def.ID == "POLICE" && (d.toks[i].low == "polisi" || d.toks[i].low == "kepolisian")) {
			conf = 0.7
		}
		k, seen := at[def.ID]
		if !seen {
			at[def.ID] = len(out)
			out = append(out, Agency{ID: def.ID, Name: sp.Text, Full: def.Full, Evidence: Evidence{Confidence: conf}})
			k = len(out) - 1
		} else if full && !agencyFullGiven(out[k]) {
			out[k].Name = sp.Text
		}
		if full {
			out[k].Confidence = max(out[k].Confidence, 0.95)
		}
		out[k].Spans = append(out[k].Spans, sp)
		i = end
	}
	for k := range out {
		if agencyFullGiven(out[k]) {
			continue
		}
		if out[k].ID == "POLICE" && len(out[k].Spans) > 0 {
			// the most specific office named: "Polres Serang" over "polisi"
			for _, s := range out[k].Spans {
				if len(s.Text) > len(out[k].Name) {
					out[k].Name = s.Text
				}
			}
		}
	}
	return out
}

// agencyFullGiven reports whether the name is the full one, by its length.
func agencyFullGiven(a Agency) bool { return len(a.Name) > 20 && a.ID != "POLICE" }
