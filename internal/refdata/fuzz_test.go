package refdata

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// The fuzz targets check that the parsers never panic, that a failure is a
// well-formed ParseErrors, and that on success every row satisfies the
// documented invariants, checked here with independent code (regular
// expressions rather than the parser's own helpers). Accepted tables are
// also written back with encoding/csv and must parse to the same rows.

// codePattern is the reference form of each level's code.
var codePattern = map[Level]*regexp.Regexp{
	LevelProvince: regexp.MustCompile(`^[0-9]{2}$`),
	LevelRegency:  regexp.MustCompile(`^[0-9]{2}\.[0-9]{2}$`),
	LevelDistrict: regexp.MustCompile(`^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$`),
	LevelVillage:  regexp.MustCompile(`^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$`),
}

func FuzzParseRegions(f *testing.F) {
	for _, s := range []string{okRegions, "\uFEFF" + okRegions, rh, "", rh + "36,Banten,province,36\n", rh + "36.04,X,regency,36\n",
		rh + "36,\"Ban,ten\",province,\n", rh + "36,Banten,province,\n36,Banten,province,\n", headOf(f, NationalRegions(), 12)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ParseRegions(strings.NewReader(s))
		if err != nil {
			checkFailure(t, err, RegionsFile, rows == nil)
			return
		}
		codes := map[string]bool{}
		for _, r := range rows {
			re, ok := codePattern[r.Level]
			if !ok || !re.MatchString(r.Code) {
				t.Fatalf("accepted %+v: code does not match level", r)
			}
			wantParent := ""
			if i := strings.LastIndex(r.Code, "."); i > 0 {
				wantParent = r.Code[:i]
			}
			if r.ParentCode != wantParent {
				t.Fatalf("accepted %+v: parent should be %q", r, wantParent)
			}
			checkName(t, r.Name, 200, true)
			if codes[r.Code] {
				t.Fatalf("accepted duplicate code %q", r.Code)
			}
			codes[r.Code] = true
		}
		for _, r := range rows {
			if r.ParentCode != "" && !codes[r.ParentCode] {
				t.Fatalf("accepted orphan %+v", r)
			}
		}
		again, err := ParseRegions(rewrite(t, rh, len(rows), func(i int) []string {
			return []string{rows[i].Code, rows[i].Name, string(rows[i].Level), rows[i].ParentCode}
		}))
		if err != nil || !slices.Equal(again, rows) {
			t.Fatalf("re-encoded table parses differently: %v", err)
		}
	})
}

func FuzzParseHolidays(f *testing.F) {
	for _, s := range []string{hh + "2025-01-01,Tahun Baru,libur\n", hh + "2025-03-29,Nyepi,cuti_bersama\n", hh + "2025-01-01,x,local\n",
		hh + "2025-02-29,x,libur\n", hh + "2025-01-01,a,libur\n2025-01-01,b,libur\n", headOf(f, NationalHolidays(), 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseHolidays(strings.NewReader(s))
		if err != nil {
			checkFailure(t, err, HolidaysFile, days == nil)
			return
		}
		seen := map[string]bool{}
		for _, d := range days {
			ds := d.Date.String()
			if _, err := time.Parse(time.DateOnly, ds); err != nil || d.Date.IsZero() {
				t.Fatalf("accepted invalid date %q", ds)
			}
			if d.Kind != "libur" && d.Kind != "cuti_bersama" {
				t.Fatalf("accepted kind %q", d.Kind)
			}
			if wd := d.Date.Weekday(); d.Kind == "cuti_bersama" && (wd == time.Saturday || wd == time.Sunday) {
				t.Fatalf("accepted cuti_bersama on %s", wd)
			}
			checkName(t, d.Name, 200, true)
			if seen[ds] {
				t.Fatalf("accepted duplicate date %s", ds)
			}
			seen[ds] = true
		}
		again, err := ParseHolidays(rewrite(t, hh, len(days), func(i int) []string {
			return []string{days[i].Date.String(), days[i].Name, string(days[i].Kind)}
		}))
		if err != nil || !slices.Equal(again, days) {
			t.Fatalf("re-encoded file parses differently: %v", err)
		}
	})
}

func FuzzParseOffices(f *testing.F) {
	for _, s := range []string{oh + "kab-serang,Dinas Sosial,Dinsos,dinas\n", oh + "kab-serang,Kecamatan Ciruas,,kecamatan\n",
		oh + "kab-serang,\"Dinas, X\",DX,dinas\nkota-serang,\"Dinas, X\",DX,dinas\n", oh + "Kab,X,,dinas\n", headOf(f, SerangOffices(), 200)} {
		f.Add(s)
	}
	tenantRE := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	kinds := []string{"sekretariat", "inspektorat", "badan", "dinas", "satpol_pp", "rsud", "kecamatan"}
	f.Fuzz(func(t *testing.T, s string) {
		offs, err := ParseOffices(strings.NewReader(s))
		if err != nil {
			checkFailure(t, err, OfficesFile, offs == nil)
			return
		}
		names, abbrs := map[[2]string]bool{}, map[[2]string]bool{}
		for _, o := range offs {
			if !tenantRE.MatchString(o.Tenant) || len(o.Tenant) > 63 {
				t.Fatalf("accepted tenant %q", o.Tenant)
			}
			if !slices.Contains(kinds, o.Kind) {
				t.Fatalf("accepted kind %q", o.Kind)
			}
			checkName(t, o.Name, 200, true)
			checkName(t, o.Abbreviation, 50, false)
			if names[[2]string{o.Tenant, o.Name}] {
				t.Fatalf("accepted duplicate name %q", o.Name)
			}
			names[[2]string{o.Tenant, o.Name}] = true
			if o.Abbreviation != "" && abbrs[[2]string{o.Tenant, o.Abbreviation}] {
				t.Fatalf("accepted duplicate abbreviation %q", o.Abbreviation)
			}
			abbrs[[2]string{o.Tenant, o.Abbreviation}] = true
		}
		again, err := ParseOffices(rewrite(t, oh, len(offs), func(i int) []string {
			return []string{offs[i].Tenant, offs[i].Name, offs[i].Abbreviation, offs[i].Kind}
		}))
		if err != nil || !slices.Equal(again, offs) {
			t.Fatalf("re-encoded file parses differently: %v", err)
		}
	})
}

// checkFailure verifies the shape of a parser's error.
func checkFailure(t *testing.T, err error, file string, noRows bool) {
	t.Helper()
	if !noRows {
		t.Fatal("rows returned together with an error")
	}
	var pes ParseErrors
	if !errors.As(err, &pes) || len(pes) == 0 || len(pes) > MaxProblems {
		t.Fatalf("error %T with %d problems", err, len(pes))
	}
	for i, pe := range pes {
		if pe.File != file || pe.Line < 0 || pe.Problem == "" {
			t.Fatalf("malformed problem %+v", pe)
		}
		if i > 0 && pes[i-1].Line > pe.Line {
			t.Fatalf("problems not sorted by line")
		}
	}
	_ = err.Error()
}

// checkName verifies a stored text value.
func checkName(t *testing.T, v string, max int, required bool) {
	t.Helper()
	switch {
	case required && v == "":
		t.Fatal("accepted an empty name")
	case v != strings.TrimSpace(v):
		t.Fatalf("name %q not trimmed", v)
	case !utf8.ValidString(v):
		t.Fatalf("name %q not UTF-8", v)
	case utf8.RuneCountInString(v) > max:
		t.Fatalf("name of %d characters accepted", utf8.RuneCountInString(v))
	case strings.ContainsFunc(v, unicode.IsControl):
		t.Fatalf("name %q has a control character", v)
	}
}

// rewrite encodes rows as CSV under header.
func rewrite(t *testing.T, header string, n int, row func(int) []string) io.Reader {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(header)
	w := csv.NewWriter(&b)
	for i := range n {
		if err := w.Write(row(i)); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return &b
}

// headOf returns the first lines of an embedded file as a realistic seed.
func headOf(f *testing.F, r io.Reader, lines int) string {
	b, err := io.ReadAll(r)
	if err != nil {
		f.Fatal(err)
	}
	parts := strings.SplitAfterN(string(b), "\n", lines+1)
	return strings.Join(parts[:min(lines, len(parts))], "")
}
