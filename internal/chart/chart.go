// Package chart lays out small charts drawn on the server as SVG: bars,
// stacked bars, lines and small multiples. It computes geometry only; the
// shared template partial (Partial) draws a Chart, so every label passes
// through html/template's escaping. Each chart carries a text alternative
// and, when there is nothing to draw, says so instead of dividing by zero.
package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The view box every chart is drawn in, and its plot area.
const (
	Width, Height         = 320.0, 200.0
	plotLeft, plotRight   = 40.0, 312.0
	plotTop, plotBottom   = 12.0, 160.0
	labelY                = 172.0
	maxCategoryLabelChars = 10
)

// Chart is a laid-out chart for the partial to draw.
type Chart struct {
	ID, Title string
	Alt       string // the text alternative: what the chart shows, in words
	Empty     bool   // nothing to draw: the partial shows EmptyText instead
	EmptyText string
	Rects     []Rect
	Lines     []Line
	Dots      []Dot
	Grid      []Tick
	XLabels   []Label
	Legend    []Key
	Note      string // e.g. "2 values not drawn: hidden"
}

// Rect is one bar or part of a stacked bar.
type Rect struct {
	X, Y, W, H float64
	Class      string // series class: s0…s5, for fill and print patterns
	Title      string // the tooltip: "Label: value"
}

// Line is one series of a line chart.
type Line struct {
	Points string
	Class  string
}

// Dot marks one point of a line.
type Dot struct {
	X, Y  float64
	Class string
	Title string
}

// Tick is a horizontal grid line with its value.
type Tick struct {
	Y     float64
	Label string
}

// Label is a category's name below the plot.
type Label struct {
	X    float64
	Text string
	Full string // the whole name, when Text is cut short
}

// Key is one series in the legend.
type Key struct {
	Name, Class string
}

// Value is one number of a chart. A hidden value (suppressed for the
// viewer) is not drawn: a bar's height would give it away.
type Value struct {
	N      float64
	Hidden bool
}

// Series is a named row of values, one per category.
type Series struct {
	Name   string
	Values []Value
}

// Options are the texts a chart needs from its caller, already translated.
type Options struct {
	ID, Title string
	Empty     string                 // shown when there is nothing to draw
	Hidden    func(n int) string     // note for n values not drawn
	Format    func(v float64) string // how a value reads; whole numbers by default
}

func (o Options) format(v float64) string {
	if o.Format != nil {
		return o.Format(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// niceTop rounds v up to 1, 2 or 5 times a power of ten (at least 1) and
// cuts it into steps that read as round numbers.
func niceTop(v float64) (top float64, steps int) {
	if !(v > 1) || math.IsInf(v, 0) {
		return 1, 2
	}
	pow := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*pow {
			if m == 2 {
				return m * pow, 4
			}
			return m * pow, 5
		}
	}
	return 10 * pow, 5
}

func shorten(s string) string {
	r := []rune(s)
	if len(r) <= maxCategoryLabelChars {
		return s
	}
	return string(r[:maxCategoryLabelChars-1]) + "…"
}

func y(v, top float64) float64 { return plotBottom - v/top*(plotBottom-plotTop) }

func (c *Chart) grid(top float64, steps int, o Options) {
	for i := 0; i <= steps; i++ {
		v := top * float64(i) / float64(steps)
		c.Grid = append(c.Grid, Tick{Y: round(y(v, top)), Label: o.format(v)})
	}
}

func (c *Chart) labels(cats []string, x func(i int) float64) {
	// With many categories only every k-th name fits.
	every := max(1, (len(cats)+11)/12)
	for i, name := range cats {
		if i%every == 0 {
			c.XLabels = append(c.XLabels, Label{X: round(x(i)), Text: shorten(name), Full: name})
		}
	}
}

func round(v float64) float64 { return math.Round(v*10) / 10 }

// describe writes the text alternative: each category with its values.
func describe(title string, cats []string, series []Series, o Options, hiddenText string) string {
	var b strings.Builder
	b.WriteString(title)
	b.WriteString(". ")
	for i, cat := range cats {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(cat)
		b.WriteString(": ")
		for j, s := range series {
			if j > 0 {
				b.WriteString(", ")
			}
			if len(series) > 1 {
				b.WriteString(s.Name)
				b.WriteString(" ")
			}
			if i < len(s.Values) && s.Values[i].Hidden {
				b.WriteString(hiddenText)
			} else if i < len(s.Values) {
				b.WriteString(o.format(s.Values[i].N))
			}
		}
	}
	return b.String()
}

func (o Options) hiddenNote(n int) string {
	if n == 0 || o.Hidden == nil {
		return ""
	}
	return o.Hidden(n)
}

// drawable reports whether any shown value is above zero.
func drawable(series []Series) bool {
	for _, s := range series {
		for _, v := range s.Values {
			if !v.Hidden && v.N > 0 && !math.IsNaN(v.N) && !math.IsInf(v.N, 0) {
				return true
			}
		}
	}
	return false
}

// empty is a chart with nothing to draw. When something is hidden it says
// so, so that the chart does not contradict the "<3" of the table beside
// it.
func empty(o Options, series []Series) Chart {
	c := Chart{ID: o.ID, Title: o.Title, EmptyText: o.Empty, Empty: true}
	if n := hiddenCount(series); n > 0 {
		c.EmptyText = o.hiddenNote(n)
	}
	c.Alt = o.Title + ". " + c.EmptyText
	return c
}

// hiddenCount is how many values of the series are hidden.
func hiddenCount(series []Series) int {
	n := 0
	for _, s := range series {
		for _, v := range s.Values {
			if v.Hidden {
				n++
			}
		}
	}
	return n
}

func clean(v Value) float64 {
	if v.Hidden || math.IsNaN(v.N) || math.IsInf(v.N, 0) || v.N < 0 {
		return 0
	}
	return v.N
}

// Bars lays out one bar per category.
func Bars(o Options, cats []string, values []Value) Chart {
	return Stacked(o, cats, []Series{{Name: o.Title, Values: values}})
}

// Stacked lays out one bar per category with the series stacked in it,
// lightest first. A hidden part is left out of its bar (and counted in
// the note), so the bar is no taller than what is shown.
func Stacked(o Options, cats []string, series []Series) Chart { return stacked(o, cats, series, 0) }

// stacked lays out the bars against a top of at least least (a scale
// shared by small multiples).
func stacked(o Options, cats []string, series []Series, least float64) Chart {
	c := Chart{ID: o.ID, Title: o.Title, EmptyText: o.Empty}
	if len(cats) == 0 || !drawable(series) {
		return empty(o, series)
	}
	top, hidden := 0.0, 0
	for i := range cats {
		sum := 0.0
		for _, s := range series {
			if i < len(s.Values) {
				sum += clean(s.Values[i])
				if s.Values[i].Hidden {
					hidden++
				}
			}
		}
		top = math.Max(top, sum)
	}
	top, steps := niceTop(math.Max(top, least))
	c.grid(top, steps, o)
	slot := (plotRight - plotLeft) / float64(len(cats))
	w := slot * 0.7
	x := func(i int) float64 { return plotLeft + slot*float64(i) + slot/2 }
	for i, cat := range cats {
		base := 0.0
		for j, s := range series {
			if i >= len(s.Values) {
				continue
			}
			v := clean(s.Values[i])
			if v == 0 {
				continue
			}
			title := cat + ": " + o.format(v)
			if len(series) > 1 {
				title = cat + ", " + s.Name + ": " + o.format(v)
			}
			c.Rects = append(c.Rects, Rect{X: round(x(i) - w/2), Y: round(y(base+v, top)), W: round(w),
				H: round(y(base, top) - y(base+v, top)), Class: class(j), Title: title})
			base += v
		}
	}
	c.labels(cats, x)
	if len(series) > 1 {
		for j, s := range series {
			c.Legend = append(c.Legend, Key{Name: s.Name, Class: class(j)})
		}
	}
	c.Note = o.hiddenNote(hidden)
	c.Alt = describe(o.Title, cats, series, o, "–")
	return c
}

// Lines lays out one line per series across the categories (months). A
// hidden value breaks the line: no point is drawn for it.
func Lines(o Options, cats []string, series []Series) Chart {
	c := Chart{ID: o.ID, Title: o.Title, EmptyText: o.Empty}
	if len(cats) == 0 || !drawable(series) {
		return empty(o, series)
	}
	top, hidden := 0.0, 0
	for _, s := range series {
		for _, v := range s.Values {
			top = math.Max(top, clean(v))
			if v.Hidden {
				hidden++
			}
		}
	}
	top, steps := niceTop(top)
	c.grid(top, steps, o)
	x := func(i int) float64 {
		if len(cats) == 1 {
			return (plotLeft + plotRight) / 2
		}
		return plotLeft + 6 + (plotRight-plotLeft-12)*float64(i)/float64(len(cats)-1)
	}
	for j, s := range series {
		var pts []string
		flush := func() {
			if len(pts) > 1 {
				c.Lines = append(c.Lines, Line{Points: strings.Join(pts, " "), Class: class(j)})
			}
			pts = nil
		}
		for i, v := range s.Values {
			if i >= len(cats) {
				break
			}
			if v.Hidden || math.IsNaN(v.N) || math.IsInf(v.N, 0) {
				flush()
				continue
			}
			px, py := round(x(i)), round(y(clean(v), top))
			pts = append(pts, fmt.Sprintf("%g,%g", px, py))
			title := cats[i] + ": " + o.format(v.N)
			if len(series) > 1 {
				title = cats[i] + ", " + s.Name + ": " + o.format(v.N)
			}
			c.Dots = append(c.Dots, Dot{X: px, Y: py, Class: class(j), Title: title})
		}
		flush()
	}
	c.labels(cats, x)
	if len(series) > 1 {
		for j, s := range series {
			c.Legend = append(c.Legend, Key{Name: s.Name, Class: class(j)})
		}
	}
	c.Note = o.hiddenNote(hidden)
	c.Alt = describe(o.Title, cats, series, o, "–")
	return c
}

// Multiples lays out one small bar chart per series, on a common scale so
// that the panels compare: the same months for each category, say.
func Multiples(o Options, cats []string, series []Series) []Chart {
	top := 0.0
	for _, s := range series {
		for _, v := range s.Values {
			top = math.Max(top, clean(v))
		}
	}
	out := make([]Chart, 0, len(series))
	for i, s := range series {
		so := o
		so.Title = s.Name
		so.ID = fmt.Sprintf("%s-%d", o.ID, i)
		out = append(out, stacked(so, cats, []Series{{Name: s.Name, Values: s.Values}}, top))
	}
	return out
}

func class(j int) string { return "s" + strconv.Itoa(j%6) }
