// Package export writes tables as files people open in a spreadsheet:
// XLSX through excelize's stream writer, and CSV with a byte-order mark so
// that Excel reads it as UTF-8.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Table is a header and rows of cells: text, or whole numbers.
type Table struct {
	Sheet  string // the XLSX sheet's name
	Header []string
	Rows   [][]any
}

// bom makes Excel read a CSV file as UTF-8 instead of the machine's code page.
const bom = "\ufeff"

// WriteCSV writes t as CSV (comma-separated, CRLF line ends, as Excel
// writes it) after a byte-order mark. A text cell that a spreadsheet would
// take for a formula (starting with = + - @ or a control character) is
// written with a leading apostrophe, so that opening the file runs nothing.
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	rec := make([]string, len(t.Header))
	for _, row := range t.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(row) {
				rec[i] = csvCell(row[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvCell(v any) string {
	s, ok := v.(string)
	if !ok {
		return fmt.Sprint(v)
	}
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteXLSX writes t as a workbook of one sheet with a bold, frozen
// header row. Text cells stay text (a formula-like text is not a formula).
func WriteXLSX(w io.Writer, t Table) error { return WriteWorkbook(w, t) }

// WriteWorkbook writes each table as a sheet of one workbook, in order,
// each with a bold, frozen header row.
func WriteWorkbook(w io.Writer, tables ...Table) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, t := range tables {
		sheet := t.Sheet
		if sheet == "" {
			sheet = fmt.Sprintf("Sheet%d", i+1)
		}
		if i == 0 {
			err = f.SetSheetName("Sheet1", sheet)
		} else {
			_, err = f.NewSheet(sheet)
		}
		if err != nil {
			return err
		}
		if err := writeSheet(f, sheet, bold, t); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

func writeSheet(f *excelize.File, sheet string, bold int, t Table) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(t.Header))
	for i, h := range t.Header {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, row := range t.Rows {
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}
