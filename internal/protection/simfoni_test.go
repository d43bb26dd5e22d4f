package protection

import (
	"testing"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

// Codes replace values only where the government set one; several
// perpetrators or services keep their order in each column, unknown
// values stay empty in place.
func TestSimfoniCells(t *testing.T) {
	r := ExportRecord{Number: "PPA/2026/0001", OccurredOn: calendar.NewDate(2026, 1, 2), ReportedOn: calendar.NewDate(2026, 1, 3), Place: School,
		Forms: []Form{Psychological, Sexual}, Sex: Female, Age: 14, AgeGroup: "13-17", Disability: "sensorik",
		Perpetrators: []Perpetrator{{Sex: Male, Age: 40, Relation: "guru"}, {Age: -1, Relation: "tidak_dikenal"}},
		Services:     []ExportService{{Kind: "pengaduan", On: calendar.NewDate(2026, 1, 3), Provider: "UPTD PPA"}, {Kind: "kesehatan_visum", On: calendar.NewDate(2026, 1, 4), Provider: "RSUD"}}}
	cells := r.Cells(Codes{"form": {"seksual": "3"}, "sex": {"P": "2"}, "relation": {"guru": ""}})
	if len(cells) != len(SimfoniColumns) {
		t.Fatalf("%d cells for %d columns", len(cells), len(SimfoniColumns))
	}
	at := func(name string) any {
		for i, c := range SimfoniColumns {
			if c == name {
				return cells[i]
			}
		}
		t.Fatalf("no column %q", name)
		return nil
	}
	for name, want := range map[string]any{"Bentuk Kekerasan": "psikis, 3", "Jenis Kelamin Korban": "2", "Usia Korban": 14, "Kategori Lokasi Kasus": "sekolah",
		"Jenis Kelamin Pelaku": "L; ", "Usia Pelaku": "40; ", "Hubungan Pelaku dengan Korban": "guru; tidak_dikenal",
		"Jenis Layanan": "pengaduan; kesehatan_visum", "Tanggal Layanan": "2026-01-03; 2026-01-04", "Nama Korban": "", "Pendidikan Korban": ""} {
		if got := at(name); got != want {
			t.Errorf("%s: %#v, want %#v", name, got, want)
		}
	}
	if at("Usia Korban") != 14 {
		t.Error("a known age is a number")
	}
	r.Age = -1
	if got := r.Cells(nil)[16]; got != "" {
		t.Errorf("unknown age: %#v", got)
	}
	for _, i := range IdentityColumns {
		if SimfoniColumns[i] != []string{"Nama Korban", "NIK Korban", "Kontak Korban", "Alamat Korban", "Tanggal Lahir Korban"}[i-IdentityColumns[0]] {
			t.Errorf("identity column %d is %q", i, SimfoniColumns[i])
		}
	}
}

func TestCheckCode(t *testing.T) {
	for in, want := range map[string]string{" 3 ": "3", "": "", "KES-V": "KES-V", "Perempuan": "Perempuan"} {
		if got, err := CheckCode(in); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	for in, key := range map[string]string{"a;b": "protection.codes.chars", "a,b": "protection.codes.chars", "a\x00": "protection.codes.chars",
		"12345678901234567890123456789012345678901": "protection.codes.long"} {
		if _, err := CheckCode(in); apperr.As(err).Key != key {
			t.Errorf("%q: %v, want %s", in, err, key)
		}
	}
	if !KnownCode("form", "seksual") || KnownCode("form", "pukulan") || KnownCode("warna", "seksual") {
		t.Error("KnownCode")
	}
}
