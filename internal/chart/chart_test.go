package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"testing"
)

var opts = Options{ID: "c", Title: "Laporan", Empty: "Tidak ada data", Hidden: func(n int) string { return "hidden " + string(rune('0'+n)) }}

func vals(ns ...float64) []Value {
	out := make([]Value, len(ns))
	for i, n := range ns {
		out[i] = Value{N: n}
	}
	return out
}

func TestBarsGeometry(t *testing.T) {
	c := Bars(opts, []string{"a", "b", "c"}, vals(10, 5, 0))
	if c.Empty {
		t.Fatal("empty")
	}
	// Top rounds 10 up to 10: bar a spans the whole plot, b half of it,
	// c (zero) is not drawn.
	if len(c.Rects) != 2 {
		t.Fatalf("rects %+v", c.Rects)
	}
	a, b := c.Rects[0], c.Rects[1]
	if a.Y != plotTop || a.H != plotBottom-plotTop {
		t.Errorf("a: %+v", a)
	}
	if b.H != (plotBottom-plotTop)/2 || b.Y != plotBottom-b.H {
		t.Errorf("b: %+v", b)
	}
	slot := (plotRight - plotLeft) / 3
	if math.Abs(a.X+a.W/2-(plotLeft+slot/2)) > 0.1 || a.X < plotLeft || b.X+b.W > plotRight {
		t.Errorf("bars off their slots: %+v %+v", a, b)
	}
	if c.Grid[0].Label != "0" || c.Grid[len(c.Grid)-1].Label != "10" || c.Grid[len(c.Grid)-1].Y != plotTop {
		t.Errorf("grid %+v", c.Grid)
	}
	if c.Alt != "Laporan. a: 10; b: 5; c: 0" {
		t.Errorf("alt %q", c.Alt)
	}
}

func TestStackedHiddenPartsAreNotDrawn(t *testing.T) {
	c := Stacked(opts, []string{"Jan", "Feb"}, []Series{
		{Name: "x", Values: []Value{{N: 4}, {N: 2, Hidden: true}}},
		{Name: "y", Values: []Value{{N: 6}, {N: 3}}},
	})
	if len(c.Rects) != 3 {
		t.Fatalf("rects %+v", c.Rects)
	}
	// Jan: 4 then 6 on top of it, reaching the top of 10.
	if c.Rects[1].Y != plotTop || c.Rects[0].Y+0.01 < c.Rects[1].Y+c.Rects[1].H-0.1 {
		t.Errorf("stack %+v", c.Rects)
	}
	if c.Note != "hidden 1" || !strings.Contains(c.Alt, "Feb: x –, y 3") {
		t.Errorf("note %q alt %q", c.Note, c.Alt)
	}
	if len(c.Legend) != 2 {
		t.Errorf("legend %+v", c.Legend)
	}
	for _, r := range c.Rects {
		if strings.Contains(r.Title, "x: 2") {
			t.Errorf("hidden value drawn: %+v", r)
		}
	}
}

func TestEmptyData(t *testing.T) {
	for name, c := range map[string]Chart{
		"no categories": Bars(opts, nil, nil),
		"all zero":      Bars(opts, []string{"a"}, vals(0)),
		"NaN":           Lines(opts, []string{"a", "b"}, []Series{{Values: vals(math.NaN(), 0)}}),
		"lines none":    Lines(opts, nil, nil),
	} {
		if !c.Empty || len(c.Rects)+len(c.Dots)+len(c.Lines) != 0 || !strings.Contains(c.Alt, "Tidak ada data") {
			t.Errorf("%s: %+v", name, c)
		}
	}
	for _, c := range Multiples(opts, []string{"a"}, nil) {
		t.Errorf("multiples of nothing: %+v", c)
	}
}

func TestNoNaNInGeometry(t *testing.T) {
	cs := []Chart{
		Lines(opts, []string{"a"}, []Series{{Values: vals(0.5)}}),
		Lines(opts, []string{"a", "b", "c"}, []Series{{Values: []Value{{N: 1}, {N: math.Inf(1)}, {N: 3}}}}),
		Bars(opts, []string{"a", "b"}, vals(0.2, -4)),
	}
	cs = append(cs, Multiples(opts, []string{"a", "b"}, []Series{{Name: "p", Values: vals(1, 2)}, {Name: "q", Values: vals(0, 0)}})...)
	for i, c := range cs {
		var fs []float64
		for _, r := range c.Rects {
			fs = append(fs, r.X, r.Y, r.W, r.H)
			if r.H < 0 {
				t.Errorf("chart %d: negative height %+v", i, r)
			}
		}
		for _, d := range c.Dots {
			fs = append(fs, d.X, d.Y)
		}
		for _, g := range c.Grid {
			fs = append(fs, g.Y)
		}
		for _, f := range fs {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				t.Fatalf("chart %d: %v in %+v", i, f, c)
			}
		}
		for _, l := range c.Lines {
			if strings.Contains(l.Points, "NaN") || strings.Contains(l.Points, "Inf") {
				t.Errorf("chart %d: %s", i, l.Points)
			}
		}
	}
	// The infinite middle point breaks the line: two dots, no line of one.
	if c := cs[1]; len(c.Dots) != 2 || len(c.Lines) != 0 {
		t.Errorf("broken line: %+v", c)
	}
}

func TestMultiplesShareTheScale(t *testing.T) {
	ms := Multiples(opts, []string{"a", "b"}, []Series{{Name: "p", Values: vals(10, 5)}, {Name: "q", Values: vals(5, 0)}})
	if len(ms) != 2 || ms[1].Empty {
		t.Fatalf("%+v", ms)
	}
	// q's 5 is as tall as p's 5.
	if ms[0].Rects[1].H != ms[1].Rects[0].H || ms[1].Title != "q" || ms[0].ID == ms[1].ID {
		t.Errorf("scales differ: %+v / %+v", ms[0].Rects, ms[1].Rects)
	}
}

func TestLineGeometry(t *testing.T) {
	c := Lines(opts, []string{"Jan", "Feb", "Mar"}, []Series{{Name: "n", Values: []Value{{N: 0}, {N: 5, Hidden: true}, {N: 10}}}})
	if len(c.Dots) != 2 || len(c.Lines) != 0 || c.Note != "hidden 1" {
		t.Fatalf("%+v", c)
	}
	if c.Dots[0].Y != plotBottom || c.Dots[1].Y != plotTop || c.Dots[0].X >= c.Dots[1].X {
		t.Errorf("dots %+v", c.Dots)
	}
}

func TestLabelsAreEscaped(t *testing.T) {
	tm := template.Must(template.New("x").Parse(Partial + `{{template "chart" .}}`))
	evil := `<script>alert("x")</script>&"'`
	o := opts
	o.Title = evil
	c := Stacked(o, []string{evil, "b"}, []Series{{Name: evil, Values: vals(1, 2)}, {Name: "z", Values: vals(3, 0)}})
	var b strings.Builder
	if err := tm.Execute(&b, c); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "<script>") || strings.Contains(out, `alert("x")`) {
		t.Fatalf("label not escaped:\n%s", out)
	}
	if !strings.Contains(out, "&lt;script&gt;") || !strings.Contains(out, "<rect") || !strings.Contains(out, `class="legend"`) {
		t.Errorf("chart not drawn:\n%s", out)
	}
	b.Reset()
	if err := tm.Execute(&b, Bars(opts, nil, nil)); err != nil || !strings.Contains(b.String(), "Tidak ada data") || strings.Contains(b.String(), "<svg") {
		t.Errorf("empty chart: %v %s", err, b.String())
	}
}

func TestLongLabelsAreShortened(t *testing.T) {
	c := Bars(opts, []string{"Dinas Pendidikan dan Kebudayaan"}, vals(1))
	if l := c.XLabels[0]; len([]rune(l.Text)) != maxCategoryLabelChars || l.Full != "Dinas Pendidikan dan Kebudayaan" {
		t.Errorf("%+v", l)
	}
	many := make([]string, 36)
	for i := range many {
		many[i] = "m"
	}
	if c := Bars(opts, many, make([]Value, 36)); !c.Empty {
		t.Error("zeros drawn")
	}
	vs := make([]Value, 36)
	vs[0].N = 1
	if c := Bars(opts, many, vs); len(c.XLabels) != 12 {
		t.Errorf("labels %d", len(c.XLabels))
	}
}

// A chart whose every value is hidden says so instead of "nothing to
// show", so it does not contradict the "<3" of the table beside it.
func TestAllHiddenSaysHidden(t *testing.T) {
	o := Options{ID: "x", Title: "T", Empty: "kosong", Hidden: func(n int) string { return fmt.Sprintf("%d disembunyikan", n) }}
	for _, c := range []Chart{Bars(o, []string{"a", "b"}, []Value{{N: 1, Hidden: true}, {N: 0}}),
		Lines(o, []string{"a"}, []Series{{Name: "s", Values: []Value{{N: 2, Hidden: true}}}})} {
		if !c.Empty || c.EmptyText != "1 disembunyikan" {
			t.Errorf("all hidden: empty %v text %q", c.Empty, c.EmptyText)
		}
	}
	if c := Bars(o, []string{"a"}, []Value{{N: 0}}); c.EmptyText != "kosong" {
		t.Errorf("nothing at all: %q", c.EmptyText)
	}
}
