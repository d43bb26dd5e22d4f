package web

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"sigap/internal/app"
	"sigap/internal/media"
)

// mediaView is the proposal as the page shows it: one row per field read,
// and the cleaned article cut into plain and marked segments.
type mediaView struct {
	Rows     []mediaRow
	Segments []mediaSegment
	Notes    []string // message keys
	Nothing  bool
	Dropped  int
}

// mediaRow is one field read: its label key, the value, the confidence
// and the words it was read from.
type mediaRow struct {
	Label      string
	ValueKey   string // a message key shown before Value, for values said in words
	Value      string
	Confidence string
	Evidence   []string
	Note       string // a message key said after the value
}

// mediaSegment is a piece of the article; Label is the label key of the
// field a marked piece is evidence for, "" for plain text.
type mediaSegment struct {
	Text  string
	Label string
}

func newMediaView(p app.MediaProposal, lang string) *mediaView {
	res := p.Result
	v := &mediaView{Notes: res.Notes, Nothing: res.Nothing, Dropped: res.Dropped}
	var marks []mark
	add := func(label, value string, e media.Evidence) {
		key := ""
		if k, rest, ok := strings.Cut(value, "\x00"); ok {
			key, value = k, rest
		}
		row := mediaRow{Label: label, ValueKey: key, Value: value, Confidence: strconv.Itoa(int(e.Confidence*100+0.5)) + "%"}
		for _, sp := range e.Spans {
			if !slices.Contains(row.Evidence, sp.Text) {
				row.Evidence = append(row.Evidence, sp.Text)
			}
			marks = append(marks, mark{sp.Start, sp.End, label})
		}
		v.Rows = append(v.Rows, row)
	}
	if g := res.Government; g != nil {
		add("media.field.government", g.Name, g.Evidence)
		switch {
		case g.Tenant != "" && g.Tenant == p.Tenant.Code:
			v.Rows[len(v.Rows)-1].Note = "media.government.own"
		case g.Tenant != "":
			v.Rows[len(v.Rows)-1].Note = "media.government.tenant"
		}
	}
	for _, a := range res.Agencies {
		name := a.Name
		if a.Full != "" && !strings.EqualFold(a.Full, a.Name) {
			name += " (" + a.Full + ")"
		}
		add("media.field.agency", name, a.Evidence)
	}
	if c := res.Category; c != nil {
		name := c.Code
		for _, cat := range p.Form.Categories {
			if cat.Code == c.Code {
				name = cat.Name(lang)
			}
		}
		add("media.field.category", name, c.Evidence)
	}
	if a := res.Accused; a != nil {
		add("media.field.accused", a.Description, a.Evidence)
	}
	if f := res.CivilServant; f != nil {
		add("media.field.civil_servant", yesNoKey(f.Value)+"\x00", f.Evidence)
	}
	for _, pl := range res.Places {
		add("media.field.place", pl.Name+" ("+pl.Code+")", pl.Evidence)
	}
	for _, d := range res.Dates {
		add("media.field.date", "media.date."+d.Kind+"\x00"+d.Date, d.Evidence)
	}
	for _, f := range res.Figures {
		val := fmt.Sprintf("%s%d — %s", boundText(f.Bound), f.Value, f.Counts)
		if f.Period != "" {
			val += " (" + f.Period + ")"
		}
		add("media.field.figure", val, f.Evidence)
	}
	for _, q := range res.Quoted {
		val := q.Name
		if q.Title != "" {
			val += " — " + q.Title
		}
		add("media.field.quoted", val, q.Evidence)
	}
	v.Segments = segments(res.Text, marks)
	return v
}

type mark struct {
	start, end int
	label      string
}

// segments cuts text into plain and marked pieces; overlapping evidence is
// marked once, as the field that starts first.
func segments(text string, marks []mark) []mediaSegment {
	slices.SortFunc(marks, func(a, b mark) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(b.end, a.end))
	})
	var out []mediaSegment
	at := 0
	for _, m := range marks {
		if m.start < at || m.end > len(text) || m.start >= m.end {
			if m.end > at && m.start < at && len(out) > 0 && out[len(out)-1].Label != "" && m.end <= len(text) {
				out[len(out)-1].Text += text[at:m.end] // extend the mark it overlaps
				at = m.end
			}
			continue
		}
		if m.start > at {
			out = append(out, mediaSegment{Text: text[at:m.start]})
		}
		out = append(out, mediaSegment{Text: text[m.start:m.end], Label: m.label})
		at = m.end
	}
	if at < len(text) {
		out = append(out, mediaSegment{Text: text[at:]})
	}
	return out
}

func yesNoKey(b bool) string {
	if b {
		return "common.yes"
	}
	return "common.no"
}

func boundText(b string) string {
	switch b {
	case "":
		return ""
	case "~":
		return "± "
	case "<=":
		return "≤ "
	case ">=":
		return "≥ "
	}
	return b + " "
}
