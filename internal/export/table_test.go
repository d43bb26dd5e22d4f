package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var sample = Table{Sheet: "Uji", Header: []string{"Nama", "Usia", "Catatan"},
	Rows: [][]any{{"Siti, \"Ani\"", 14, "=HYPERLINK(\"x\")"}, {"Budi", "", "-1"}, {"Ñandú ā", 7}}}

// The CSV starts with a byte-order mark, quotes what needs it, and a text
// that looks like a formula is written so that it stays text.
func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, sample); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.HasPrefix(s, "\ufeff") {
		t.Fatal("no BOM")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"Nama", "Usia", "Catatan"}, {"Siti, \"Ani\"", "14", "'=HYPERLINK(\"x\")"}, {"Budi", "", "'-1"}, {"Ñandú ā", "7", ""}}
	if len(recs) != len(want) {
		t.Fatalf("%q", recs)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i, recs[i], want[i])
		}
	}
}

// The workbook reads back cell by cell; numbers are numbers, and a
// formula-like text is text, not a formula.
func TestWriteXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(&b, sample); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Uji")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[1][0] != "Siti, \"Ani\"" || rows[1][1] != "14" || rows[1][2] != "=HYPERLINK(\"x\")" || rows[3][0] != "Ñandú ā" {
		t.Fatalf("%q", rows)
	}
	if formula, _ := f.GetCellFormula("Uji", "C2"); formula != "" {
		t.Errorf("text became a formula: %q", formula)
	}
	if typ, _ := f.GetCellType("Uji", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("age cell type %v", typ)
	}
}

// Each table is its own sheet, in order, read back whole.
func TestWriteWorkbook(t *testing.T) {
	var b bytes.Buffer
	second := Table{Sheet: "Kedua", Header: []string{"Kantor", "Jumlah"}, Rows: [][]any{{"Dinas A", 3}, {"Dinas B", "<3"}}}
	if err := WriteWorkbook(&b, sample, second); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Uji" || got[1] != "Kedua" {
		t.Fatalf("sheets %q", got)
	}
	rows, err := f.GetRows("Kedua")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "Kantor" || rows[1][1] != "3" || rows[2][1] != "<3" {
		t.Fatalf("%q", rows)
	}
}
