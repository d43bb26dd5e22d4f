// Package quarterly writes the quarterly report to the head of region as
// a PDF: a title page block, then sections of tables whose counts are
// drawn as bars beside them. The figures come in already hidden where
// they must be (a document that leaves sigap never carries a small
// count); this package only lays them out.
package quarterly

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Row is one line of a table: a label, the value as shown ("12", "<3",
// "–"), and the bar's length from 0 to 1, or -1 for no bar (a hidden
// count is never drawn).
type Row struct {
	Label, Value string
	Bar          float64
}

// Table is a titled list of rows with an optional total line.
type Table struct {
	Title      string
	Head       [2]string
	Rows       []Row
	Total      string // "" for none
	TotalLabel string
	Empty      string // said instead of the rows when there are none
}

// Section is a heading, some sentences and tables.
type Section struct {
	Title  string
	Lines  []string
	Tables []Table
}

// Report is the whole document.
type Report struct {
	Government string
	Title      string
	Period     string
	Extracted  string
	Note       string // how small counts are shown
	Sections   []Section
	Footer     string // printed with the page number on every page
}

// Page geometry, millimetres on A4.
const (
	left, right = 20.0, 190.0
	labelW      = 78.0
	valueW      = 22.0
	barX        = left + labelW + valueW + 4
	barMax      = right - barX
)

// PDF renders r. The same report renders the same bytes.
func PDF(r Report) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(left, 18, 210-right)
	pdf.SetAutoPageBreak(true, 18)
	pdf.SetCreationDate(time.Unix(0, 0).UTC())
	pdf.SetModificationDate(time.Unix(0, 0).UTC())
	pdf.SetCatalogSort(true)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(right-left-30, 4, tr(r.Footer), "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 4, fmt.Sprintf("%d / {nb}", pdf.PageNo()), "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AliasNbPages("{nb}")
	pdf.AddPage()

	pdf.SetFont("Helvetica", "B", 14)
	pdf.MultiCell(0, 7, tr(r.Government), "", "C", false)
	pdf.SetLineWidth(0.5)
	pdf.Line(left, pdf.GetY()+1, right, pdf.GetY()+1)
	pdf.Ln(5)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.MultiCell(0, 6, tr(r.Title), "", "C", false)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, tr(r.Period), "", "C", false)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 8.5)
	pdf.SetTextColor(70, 70, 70)
	pdf.MultiCell(0, 4.2, tr(r.Extracted), "", "L", false)
	pdf.MultiCell(0, 4.2, tr(r.Note), "", "L", false)
	pdf.SetTextColor(0, 0, 0)
	pdf.Ln(3)

	for _, s := range r.Sections {
		if pdf.GetY() > 250 {
			pdf.AddPage()
		}
		pdf.SetFont("Helvetica", "B", 12)
		pdf.SetFillColor(230, 238, 244)
		pdf.CellFormat(0, 7, tr(s.Title), "", 1, "L", true, 0, "")
		pdf.Ln(1.5)
		pdf.SetFont("Helvetica", "", 10)
		for _, l := range s.Lines {
			pdf.MultiCell(0, 5, tr(l), "", "L", false)
		}
		if len(s.Lines) > 0 {
			pdf.Ln(1.5)
		}
		for _, t := range s.Tables {
			table(pdf, tr, t)
		}
	}
	var b bytes.Buffer
	err := pdf.Output(&b)
	return b.Bytes(), err
}

func table(pdf *fpdf.Fpdf, tr func(string) string, t Table) {
	if need := 12 + 5.5*float64(min(len(t.Rows), 4)); pdf.GetY()+need > 279-18 {
		pdf.AddPage()
	}
	pdf.SetFont("Helvetica", "B", 10)
	pdf.CellFormat(0, 6, tr(t.Title), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "B", 8.5)
	pdf.SetTextColor(80, 80, 80)
	pdf.CellFormat(labelW, 5, tr(t.Head[0]), "B", 0, "L", false, 0, "")
	pdf.CellFormat(valueW, 5, tr(t.Head[1]), "B", 0, "R", false, 0, "")
	pdf.CellFormat(right-left-labelW-valueW, 5, "", "B", 1, "L", false, 0, "")
	pdf.SetTextColor(0, 0, 0)
	pdf.SetFont("Helvetica", "", 9.5)
	if len(t.Rows) == 0 {
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5.5, tr(t.Empty), "", 1, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	}
	for _, r := range t.Rows {
		y := pdf.GetY()
		if y+5.5 > 279-18 {
			pdf.AddPage()
			y = pdf.GetY()
		}
		pdf.CellFormat(labelW, 5.5, tr(fit(pdf, tr, r.Label, labelW-1)), "", 0, "L", false, 0, "")
		pdf.CellFormat(valueW, 5.5, tr(r.Value), "", 0, "R", false, 0, "")
		if r.Bar > 0 {
			pdf.SetFillColor(31, 95, 139)
			pdf.Rect(barX, y+1.2, barMax*min(r.Bar, 1), 3.1, "F")
		}
		pdf.Ln(5.5)
	}
	if t.Total != "" {
		pdf.SetFont("Helvetica", "B", 9.5)
		pdf.CellFormat(labelW, 5.5, tr(t.TotalLabel), "T", 0, "L", false, 0, "")
		pdf.CellFormat(valueW, 5.5, tr(t.Total), "T", 0, "R", false, 0, "")
		pdf.CellFormat(right-left-labelW-valueW, 5.5, "", "T", 1, "L", false, 0, "")
		pdf.SetFont("Helvetica", "", 9.5)
	}
	pdf.Ln(3)
}

// fit shortens a label to the width with an ellipsis.
func fit(pdf *fpdf.Fpdf, tr func(string) string, s string, w float64) string {
	if pdf.GetStringWidth(tr(s)) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && pdf.GetStringWidth(tr(string(r)+"…")) > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
