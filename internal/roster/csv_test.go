package roster

import (
	"os"
	"strings"
	"testing"

	"sigap/internal/nip"
)

const goodCSV = `NIP,Nama,Status Pegawai,Golongan,Jabatan,Jenis Jabatan,Jenjang,Eselon,Unit Kerja,NIP Atasan
197001011995031001,"Drs. H. Ahmad Fauzi, M.M.",PNS,IV/c,Kepala Dinas Kesehatan,JPT Pratama,,II.b,Dinas Kesehatan,
198505052010012002,"Siti Aminah, S.Pd.",pns,iii/d,Kepala Bidang P2P,administrator,,III.b,Dinas Kesehatan,197001011995031001
199201012019031003,Budi Santoso,PPPK,IX,Perawat,fungsional,Ahli Pertama,,Dinas Kesehatan,198505052010012002

`

func TestReadGoodFile(t *testing.T) {
	rows, problems, err := ReadCSV(strings.NewReader(goodCSV))
	if err != nil || len(problems) != 0 {
		t.Fatalf("%v %v", problems, err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[1]
	if r.Status != PNS || r.Rank != "III/d" || r.Kind != Administrator || r.Echelon != "III.b" || r.SuperiorNIP != "197001011995031001" || r.Line != 3 {
		t.Errorf("%+v", r)
	}
	if rows[2].Level != "ahli_pertama" || rows[2].Rank != "IX" || rows[0].SuperiorNIP != "" {
		t.Errorf("%+v / %+v", rows[2], rows[0])
	}
}

// What Excel on Indonesian Windows writes: a BOM or Windows-1252, and
// semicolons; headers in other cases and spellings.
func TestReadExcelFile(t *testing.T) {
	semi := "\ufeff" + strings.ReplaceAll(strings.ReplaceAll(goodCSV, ",", ";"), `"Drs; H; Ahmad Fauzi; M;M;"`, `"x"`)
	semi = strings.Replace(semi, "NIP;Nama;Status Pegawai", "nip;NAMA_LENGKAP;jenis pegawai", 1)
	// The quoted names held commas, now semicolons inside quotes: still one field.
	rows, problems, err := ReadCSV(strings.NewReader(semi))
	if err != nil || len(problems) != 0 || len(rows) != 3 {
		t.Fatalf("semicolons: %d rows, %v %v", len(rows), problems, err)
	}
	cp1252 := "NIP,Nama,Status,Jabatan,Jenis Jabatan,Unit Kerja\n199001012015031002,Jos\xe9 Ram\xedrez,PNS,Staf,pelaksana,Setda\n"
	rows, problems, err = ReadCSV(strings.NewReader(cp1252))
	if err != nil || len(problems) != 0 || len(rows) != 1 || rows[0].Name != "José Ramírez" {
		t.Fatalf("windows-1252: %+v %v %v", rows, problems, err)
	}
}

func TestReadReportsEveryProblem(t *testing.T) {
	bad := `NIP,Nama,Status,Golongan,Jabatan,Jenis Jabatan,Jenjang,Unit Kerja,NIP Atasan
19900101201503100,Satu,PNS,III/a,Staf,pelaksana,,Setda,
199001012015031002,,HONORER,III/f,Staf,pelaksana,,Setda,
199001012015031003,Tiga,PNS,III/a,,kepala,,,
199001012015031004,Empat,PNS,III/a,Guru,fungsional,tinggi,Disdik,199001012015031004
199001012015031005,Lima,PNS,III/a,Staf,pelaksana,,Setda,
199001012015031005,Lima lagi,PNS,III/a,Staf,pelaksana,,Setda,
`
	rows, problems, err := ReadCSV(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Name != "Lima" {
		t.Errorf("good rows %+v", rows)
	}
	want := map[string]int{ // key → line
		"nip.length": 2, "roster.name.invalid": 3, "roster.status.invalid": 3, "roster.rank.invalid": 3,
		"roster.position.missing": 4, "roster.kind.invalid": 4, "roster.unit.missing": 4,
		"roster.level.invalid": 5, "roster.superior.self": 5, "roster.nip.duplicate": 7,
	}
	got := map[string]int{}
	for _, p := range problems {
		got[p.Key] = p.Line
		if p.Column == "" {
			t.Errorf("problem without a column: %+v", p)
		}
	}
	for k, line := range want {
		if got[k] != line {
			t.Errorf("%s: line %d, want %d (all: %v)", k, got[k], line, problems)
		}
	}
}

func TestReadState(t *testing.T) {
	f := "NIP;Nama;Status;Jabatan;Jenis Jabatan;Unit Kerja;Keadaan\n" +
		"199001012015031002;Budi;PNS;Staf;pelaksana;Setda;Pensiun\n" +
		"199001012015031003;Ani;PNS;Staf;pelaksana;Setda;\n" +
		"199001012015031004;Eko;PNS;Staf;pelaksana;Setda;cuti\n"
	rows, problems, err := ReadCSV(strings.NewReader(f))
	if err != nil || len(rows) != 2 || rows[0].State != Retired || rows[1].State != Active {
		t.Fatalf("%+v %v", rows, err)
	}
	if len(problems) != 1 || problems[0].Key != "roster.state.invalid" || problems[0].NIP != "199001012015031004" || problems[0].Line != 4 {
		t.Errorf("%+v", problems)
	}
}

func TestReadMissingColumns(t *testing.T) {
	_, problems, err := ReadCSV(strings.NewReader("NIP,Nama\n199001012015031002,Budi\n"))
	if err != nil || len(problems) != 4 || problems[0].Key != "roster.column.missing" || problems[0].Column != "status" {
		t.Errorf("%v %v", problems, err)
	}
	if _, _, err := ReadCSV(strings.NewReader("")); err == nil {
		t.Error("empty file accepted")
	}
}

func TestValidRank(t *testing.T) {
	for _, c := range []struct {
		st   Status
		rank string
		ok   bool
	}{{PNS, "IV/e", true}, {PNS, "III/e", false}, {CPNS, "ii/a", true}, {PNS, "V/a", false}, {PPPK, "XVII", true}, {PPPK, "XVIII", false}, {PPPK, "III/a", false}} {
		if ValidRank(c.st, c.rank) != c.ok {
			t.Errorf("%s %s", c.st, c.rank)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(goodCSV))
	f.Add([]byte("NIP;Nama\n1;2\n"))
	// The documented sample, and its first lines in the other delimiter.
	if sample, err := os.ReadFile("../../docs/samples/roster.csv"); err == nil {
		f.Add(sample)
		f.Add([]byte(strings.ReplaceAll(string(sample[:min(len(sample), 2000)]), ",", ";")))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, problems, err := ReadCSV(strings.NewReader(string(b)))
		if err != nil {
			if rows != nil || problems != nil {
				t.Fatalf("an unreadable file gave rows or problems")
			}
			return
		}
		lines := strings.Count(string(b), "\n") + 2
		for _, p := range problems {
			if p.Line < 1 || p.Line > lines || !strings.HasPrefix(p.Key, "roster.") && !strings.HasPrefix(p.Key, "nip.") {
				t.Fatalf("problem %+v", p)
			}
		}
		seen := map[string]bool{}
		for _, r := range rows {
			if r.Name == "" || r.Unit == "" || r.Position == "" || len(r.NIP.String()) != 18 || r.Line < 2 || r.Line > lines {
				t.Fatalf("an invalid row passed: %+v", r)
			}
			if back, err := nip.Parse(r.NIP.String()); err != nil || back != r.NIP {
				t.Fatalf("NIP %s does not parse back", r.NIP)
			}
			if seen[r.NIP.String()] {
				t.Fatalf("NIP %s passed twice", r.NIP)
			}
			seen[r.NIP.String()] = true
		}
	})
}
