package app

import (
	"testing"

	"sigap/internal/disclosure"
)

func statTable(id string, total int, counts ...int) StatTable {
	t := StatTable{ID: id, Section: "reports", Total: Cell{N: total}}
	for _, n := range counts {
		t.Rows = append(t.Rows, StatRow{Cell: Cell{N: n}})
	}
	return t
}

// Four reports: one of a category and three of another. Hiding the one
// beside the three and the total of four pins it (the three is at least
// 3), and the month table shows the four anyway: the category table is
// withheld whole, the total stays; the share of the section is withheld
// too, and the median is a whole number.
func TestSuppressWithholdsRatherThanHidingATotal(t *testing.T) {
	v := DashboardView{Least: 3,
		Reports: []StatTable{statTable("category", 4, 1, 3), statTable("month", 4, 4)},
		Rates:   []Rate{{ID: "reporter_return", Section: "reports", Num: Cell{N: 3}, Den: Cell{N: 4}, Pct: 75, HasRate: true}},
	}
	v.suppress("reports")
	cat, month := v.Reports[0], v.Reports[1]
	if !cat.Withheld || cat.Rows != nil || cat.Total.Mark != disclosure.Shown || cat.Total.N != 4 {
		t.Errorf("category table: %+v", cat)
	}
	if month.Withheld || month.Rows[0].Cell.N != 4 || month.Total.N != 4 {
		t.Errorf("month table: %+v", month)
	}
	if v.Rates[0].HasRate {
		t.Error("a share shown beside a withheld table")
	}
	if d := duration("closing", "reports", []int{1, 2, 3, 4}); d.Median != 2 {
		t.Errorf("median of an even group %v, want the lower middle 2", d.Median)
	}
	// Five and four of two categories: nothing small, nothing withheld.
	w := DashboardView{Least: 3, Reports: []StatTable{statTable("category", 9, 5, 4)}}
	w.suppress("reports")
	if w.Reports[0].Withheld || w.Reports[0].Rows[0].Cell.N != 5 {
		t.Errorf("nothing small: %+v", w.Reports[0])
	}
}

// The overview's column of one report beside three, whose total the
// public page shows: every office hidden, zeros too, the total shown.
func TestOverviewWithholdsRatherThanHidingATotal(t *testing.T) {
	v := PreventionOverviewView{Least: 3, Rows: []OverviewRow{{}, {}, {}}}
	v.Rows[0].OfficeOutcome.Reports, v.Rows[1].OfficeOutcome.Reports, v.Rows[0].Staff, v.Rows[1].Staff, v.Rows[2].Staff = 1, 3, 10, 10, 10
	v.Total.Reports.N = 4
	v.figures()
	for i, r := range v.Rows {
		if r.Reports.Shown() {
			t.Errorf("office %d's reports shown: %+v", i, r.Reports)
		}
	}
	if !v.Total.Reports.Shown() || v.Total.Reports.N != 4 {
		t.Errorf("total %+v", v.Total.Reports)
	}
}
