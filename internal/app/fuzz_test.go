package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/org"
	"sigap/internal/refdata"
	"sigap/internal/report"
)

// Fuzz targets of the form and query parsers that live in the use cases:
// the sign-in sheet, the statistics filter, and the dates, times and ages
// of the protection forms.

func FuzzReadSheet(f *testing.F) {
	for _, s := range []string{
		"nip;status\n197001011995031001;hadir\n197202021996032002;terlambat\n",
		"NIP,Kehadiran\n1970 0101 1995 03 1 001,izin\n",
		"nama,nip\nSiti,197001011995031001\n\n",
		"nip\n197001011995031001\n197001011995031001\n",
		"nip;status\n197001011995031001;entah\n\"unclosed\n",
		"\xef\xbb\xbfnip\n197001011995031001\n", "", "status\nhadir\n", "\xff\xfe",
	} {
		f.Add([]byte(s))
	}
	members := map[string]int64{"197001011995031001": 1, "197202021996032002": 2}
	f.Fuzz(func(t *testing.T, data []byte) {
		marks, problems, err := readSheet(data, members)
		switch {
		case err != nil:
			if e := apperr.As(err); e.Code != apperr.Invalid || !strings.HasPrefix(e.Key, "guidance.sheet.") || marks != nil || problems != nil {
				t.Fatalf("%q: %v", data, err)
			}
		case len(problems) > 0:
			if marks != nil || len(problems) > MaxSheetRows {
				t.Fatalf("%q: marks beside problems, or too many", data)
			}
			lines := strings.Count(string(data), "\n") + 2
			for i, p := range problems {
				if p.Line < 2 || p.Line > lines || !strings.HasPrefix(p.Key, "guidance.sheet.") || i > 0 && p.Line < problems[i-1].Line {
					t.Fatalf("%q: problem %+v", data, p)
				}
			}
		default:
			if len(marks) == 0 || len(marks) > len(members) {
				t.Fatalf("%q: %d marks", data, len(marks))
			}
			for emp, st := range marks {
				if (emp != 1 && emp != 2) || !st.Valid() {
					t.Fatalf("%q: mark %d %q", data, emp, st)
				}
			}
		}
	})
}

func FuzzDashboardFilter(f *testing.F) {
	f.Add("", "", "", "", "", "")
	f.Add(PresetCustom, "2026-01-01", "2026-03-31", "7", "36.04.05", "sexual_violence")
	f.Add(PresetCustom, "2026-03-31", "2026-01-01", "x", "99", "none")
	f.Add("", "0001-01-01", "9999-12-31", "", "", "")
	f.Add(PresetYearToDate, " 2026-02-30", "", "-1", "", "")
	today := calendar.NewDate(2026, 11, 20)
	f.Fuzz(func(t *testing.T, preset, from, to, office, district, category string) {
		v := DashboardView{Today: today, Offices: []org.Unit{{ID: 7, Name: "Inspektorat"}},
			Districts: []refdata.Region{{Code: "36.04.05", Name: "Cikande"}},
			Catalogue: []report.CatalogueEntry{{Category: report.Category{Code: "sexual_violence"}}}}
		q := DashboardQuery{Preset: preset, From: from, To: to, Office: office, District: district, Category: category}
		filter, err := (&App{}).dashboardFilter(&v, &q)
		if err != nil {
			for _, e := range apperr.FieldsOf(err) {
				if e.Code != apperr.Invalid || !slices.Contains([]string{"preset", "from", "to", "office", "district", "category"}, e.Field) {
					t.Fatalf("%+v: bad error %+v", q, e)
				}
			}
			return
		}
		switch {
		case filter.From.IsZero() || filter.To.IsZero() || filter.To.Before(filter.From):
			t.Fatalf("%+v: period %v..%v", q, filter.From, filter.To)
		case filter.From.AddDays(366 * maxDashboardYears).Before(filter.To):
			t.Fatalf("%+v: period longer than %d years", q, maxDashboardYears)
		case office != "" && filter.Office != 7, district != "" && filter.District != "36.04.05", category != "" && filter.Category != "sexual_violence":
			t.Fatalf("%+v: accepted an unknown choice: %+v", q, filter)
		case q.From != filter.From.String() && q.Preset != PresetCustom:
			t.Fatalf("%+v: the form does not show the period used", q)
		}
	})
}

// FuzzProtectionForms feeds the parsers of the protection forms' dates,
// times and ages: each either gives a value that reads back as typed, or
// notes a problem beside its field and gives the zero value.
func FuzzProtectionForms(f *testing.F) {
	f.Add("2026-03-02", "2026-03-02T10:00", "30", "09:15")
	f.Add("2026-02-30", "2026-03-02 25:00", "-1", "")
	f.Add(" 0001-01-01 ", "2026-03-02T10:00:61", "99999999999999999999", "24:00")
	f.Fuzz(func(t *testing.T, day, moment, age, clock string) {
		var fields apperr.Fields
		d := parseDay("day", day, &fields)
		if len(fields) > 0 {
			if !d.IsZero() || fields[0].Field != "day" {
				t.Fatalf("day %q: %v %+v", day, d, fields)
			}
		} else if strings.TrimSpace(day) != "" && d.String() != strings.TrimSpace(day) {
			t.Fatalf("day %q read as %v", day, d)
		}
		fields = nil
		m := parseMoment("at", moment, &fields)
		if len(fields) > 0 {
			if !m.IsZero() || fields[0].Field != "at" {
				t.Fatalf("moment %q: %v %+v", moment, m, fields)
			}
		} else if moment != "" {
			if m.Location() != time.UTC || !slices.ContainsFunc(momentLayouts, func(l string) bool {
				back, err := time.ParseInLocation(l, moment, m.In(time.FixedZone("WIB", 7*3600)).Location())
				return err == nil && back.Equal(m)
			}) {
				t.Fatalf("moment %q read as %v", moment, m)
			}
		}
		fields = nil
		n := parseAge("age", age, &fields)
		if len(fields) > 0 && n != -1 || strings.TrimSpace(age) == "" && n != -1 {
			t.Fatalf("age %q: %d %+v", age, n, fields)
		}
		fields = nil
		in := parseIncident(IncidentForm{OccurredOn: day, ReportedOn: day, ReportedTime: clock}, &fields)
		if len(fields) == 0 && strings.TrimSpace(day) != "" && in.ReportedAt.IsZero() {
			t.Fatalf("incident %q %q: no time and no problem", day, clock)
		}
		for _, e := range fields {
			if e.Code != apperr.Invalid || (e.Field != "occurred_on" && e.Field != "reported_at") {
				t.Fatalf("incident %q %q: %+v", day, clock, e)
			}
		}
	})
}
