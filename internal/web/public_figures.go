package web

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"sigap/internal/app"
	"sigap/internal/apperr"
)

// The public figures page: a government's reports, what became of them
// and its prevention, for anyone, without signing in. The figures are
// counted at most once per app.FiguresTTL; the page as sent to a visitor
// without a session is kept as bytes per government, year and language,
// so that a busy day costs a map look-up per request.

// figuresData is the page's data: the figures and their charts.
type figuresData struct {
	app.PublicFiguresView
	Categories, Quarters, Districts bars
	Minutes                         int // how long the figures are kept
}

// bars is a small server-drawn bar chart of one table: a bar per shown
// count; a hidden count gets its mark and no bar (a bar would show it).
type bars struct {
	Title  string
	Height int // of the view box, 320 wide
	Bars   []bar
	Empty  bool // nothing above zero is shown: no chart, a sentence
}

type bar struct {
	Y     int // top of the row
	W     float64
	Label string
	Value string
}

// Chart geometry: each row is a label line and a bar below it.
const (
	barRow   = 30
	barWidth = 250.0
)

// figurePages keeps the rendered page per government, year and language,
// with the generation of the figures it shows.
type figurePages struct {
	mu sync.Mutex
	m  map[figurePageKey]figurePage
}

type figurePageKey struct {
	tenant int64
	year   int
	lang   string
}

type figurePage struct {
	gen  uint64
	body []byte
}

func (c *figurePages) get(k figurePageKey, gen uint64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[k]
	return p.body, ok && p.gen == gen
}

func (c *figurePages) put(k figurePageKey, gen uint64, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[figurePageKey]figurePage{}
	}
	c.m[k] = figurePage{gen: gen, body: body}
}

func (s *Server) publicFigures(w http.ResponseWriter, r *http.Request) {
	t, ok := s.publicTenant(w, r)
	if !ok {
		return
	}
	v, err := s.app.PublicFigures(r.Context(), t, r.URL.Query().Get("year"))
	if apperr.Is(err, apperr.Invalid) {
		// A year that is not one: the address is wrong, not a form.
		p := s.page(w, r, "error.title", errorData{Status: http.StatusBadRequest})
		p.FormError = s.cat.T(p.Lang, apperr.As(err).Key, nil)
		s.render(w, r, http.StatusBadRequest, "error", p)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st := stateOf(r)
	// A signed-in visitor's page carries their session's form token, and
	// a flash message is for one page: neither is kept nor shared.
	_, flashErr := r.Cookie(flashCookie)
	shared := !st.signedIn && flashErr != nil
	key := figurePageKey{t.ID, v.Year, st.lang}
	if shared {
		if body, ok := s.figurePages.get(key, v.Gen); ok {
			writeFigures(w, body)
			return
		}
	}
	p := s.page(w, r, "figures.title", nil)
	p.Tenant = t
	p.Path = "/angka/" + t.Slug + "?year=" + strconv.Itoa(v.Year) // where the language switch returns
	d := &figuresData{PublicFiguresView: v, Minutes: int(app.FiguresTTL / time.Minute)}
	d.Categories = newBars(p, p.L("figures.by_category"), v.Least, v.ByCategory, func(c app.PublicCount) string { return categoryName(p, c) })
	d.Quarters = newBars(p, p.L("figures.by_quarter"), v.Least, v.ByQuarter, func(c app.PublicCount) string { return p.T("figures.quarter", "Q", c.Key) })
	d.Districts = newBars(p, p.L("figures.by_district"), v.Least, v.ByDistrict, func(c app.PublicCount) string { return districtName(p, c) })
	p.Data = d
	body, ok := s.renderBytes(w, "public_figures", p)
	if !ok {
		return
	}
	if !shared {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
		return
	}
	s.figurePages.put(key, v.Gen, body)
	writeFigures(w, body)
}

// writeFigures sends a shared page: any cache may keep it as long as the
// figures are kept, apart for each language (chosen by cookie).
func writeFigures(w http.ResponseWriter, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(app.FiguresTTL/time.Second)))
	h.Set("Vary", "Cookie")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func categoryName(p *Page, c app.PublicCount) string {
	if c.Key == "" {
		return p.L("figures.category.other")
	}
	return p.Pick(c.NameID, c.NameEN)
}

func districtName(p *Page, c app.PublicCount) string {
	if c.Key == "" {
		return p.L("figures.district.none")
	}
	return c.NameID
}

// newBars draws a table's shown counts as bars scaled to the largest.
func newBars(p *Page, title string, least int, t app.PublicTable, name func(app.PublicCount) string) bars {
	b := bars{Title: title}
	top := t.Max()
	if t.Withheld || top == 0 {
		b.Empty = true
		return b
	}
	scale := float64(top)
	// A long table (the districts) charts only its rows with something in
	// them; the table beside lists them all.
	skipZeros := len(t.Rows) > 8
	for _, c := range t.Rows {
		if skipZeros && c.Shown() && c.N == 0 {
			continue
		}
		x := bar{Y: len(b.Bars) * barRow, Label: name(c)}
		if c.Shown() {
			x.W, x.Value = float64(c.N)/scale*barWidth, p.Num(c.N)
		} else {
			x.Value = hiddenText(least, c.Figure)
		}
		b.Bars = append(b.Bars, x)
	}
	b.Height = len(b.Bars)*barRow + 4
	return b
}

// Name is how a row of a table is named on the page.
func (d *figuresData) Name(p *Page, table string, c app.PublicCount) string {
	switch table {
	case "category":
		return categoryName(p, c)
	case "quarter":
		return p.T("figures.quarter", "Q", c.Key)
	case "district":
		return districtName(p, c)
	}
	return p.L("figures.fate." + c.Key)
}

// Hidden is how a hidden count reads on the page.
func (d *figuresData) Hidden(f app.Figure) string { return hiddenText(d.Least, f) }
