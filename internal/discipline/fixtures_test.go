package discipline

import (
	"fmt"
	"strings"
	"testing"

	"sigap/internal/roster"
)

// The units of a regency government as the tests see it: OPDs at the top,
// their parts below. Schools and puskesmas hang under their Dinas, as
// UPTDs and satuan pendidikan do in SOTK data.
var parentUnit = map[int64]int64{
	10: 0, 11: 10, 12: 11, 13: 12, // Sekretariat Daerah > Asisten Pemerintahan > Bagian Hukum > Subbagian Perundang-undangan
	20: 0, 21: 20, 22: 21, 23: 20, 24: 23, 25: 20, // Dinas Pendidikan: Sekretariat > Subbag Umum; Bidang SD > Seksi Kurikulum; SDN 1 Ciruas
	30: 0, 31: 30, 32: 30, // Dinas Kesehatan: Bidang Pelayanan; UPTD Puskesmas Ciruas
	40: 0, 41: 40, 42: 40, // BKPSDM: Sekretariat; Bidang Pengadaan, Pemberhentian dan Informasi
	50: 0, 51: 50, // Kecamatan Ciruas: Seksi Pemerintahan
	54: 0, 55: 54, 56: 0, // Kota Serang: Kecamatan Cipocok Jaya > Kelurahan Cipocok Jaya; its Sekretariat Daerah
	60: 0, 61: 60, // Inspektorat: Inspektur Pembantu Wilayah I
	70: 0, // RSUD
}

// within walks up parentUnit.
func within(unit, ancestor int64) bool {
	for u, steps := unit, 0; u != 0 && steps < 32; u, steps = parentUnit[u], steps+1 {
		if u == ancestor {
			return true
		}
	}
	return false
}

// staff are the posts of the example structures, by short name.
var staff = func() map[string]Post {
	rows := []struct {
		name  string
		kind  roster.PositionKind
		level string
		unit  int64
	}{
		// Sekretariat Daerah Kabupaten.
		{"sekda", roster.JPTPratama, "", 10},
		{"asisten", roster.JPTPratama, "", 11},
		{"kabagHukum", roster.Administrator, "", 12},
		{"kasubagUU", roster.Pengawas, "", 13},
		{"stafHukum", roster.Pelaksana, "", 13},
		// Dinas Pendidikan dan Kebudayaan.
		{"kadisdik", roster.JPTPratama, "", 20},
		{"sekdis", roster.Administrator, "", 21},
		{"kasubagUmum", roster.Pengawas, "", 22},
		{"stafUmum", roster.Pelaksana, "", 22},
		{"kabidSD", roster.Administrator, "", 23},
		{"kasiKurikulum", roster.Pengawas, "", 24},
		{"stafKurikulum", roster.Pelaksana, "", 24},
		{"kepsek", roster.Fungsional, "ahli_muda", 25}, // Guru Ahli Muda, kepala sekolah
		{"guru", roster.Fungsional, "ahli_pertama", 25},
		// Dinas Kesehatan, UPTD Puskesmas.
		{"kadinkes", roster.JPTPratama, "", 30},
		{"kapus", roster.Pengawas, "", 32},                   // Kepala UPTD Puskesmas
		{"karu", roster.Fungsional, "penyelia", 32},          // Perawat Penyelia, kepala ruang
		{"perawat", roster.Fungsional, "terampil", 32},       // Perawat Terampil
		{"kaTU", roster.Pelaksana, "", 32},                   // Kepala Tata Usaha, a pelaksana coordinator
		{"stafTU", roster.Pelaksana, "", 32},                 // Pengadministrasi Umum
		{"kaban", roster.JPTPratama, "", 40},                 // Kepala BKPSDM
		{"analisMadya", roster.Fungsional, "ahli_madya", 40}, // Analis SDM Aparatur Ahli Madya, reports to the Kaban
		{"asesorMadya", roster.Fungsional, "ahli_madya", 40}, // Asesor SDM Aparatur Ahli Madya, coordinates a unit with no administrator
		{"stafAsesmen", roster.Pelaksana, "", 40},
		{"kabidPPI", roster.Administrator, "", 42},
		{"pranataMuda", roster.Fungsional, "ahli_muda", 42}, // Pranata Komputer Ahli Muda, sub-coordinator in place of a Kasubbid
		{"stafPPI", roster.Pelaksana, "", 42},
		// Kecamatan Ciruas.
		{"camat", roster.Administrator, "", 50},
		{"sekcam", roster.Pengawas, "", 50},
		{"kasiPem", roster.Pengawas, "", 51},
		{"stafPem", roster.Pelaksana, "", 51},
		// Kota Serang: Kecamatan and Kelurahan.
		{"sekdaKota", roster.JPTPratama, "", 56},
		{"camatKota", roster.Administrator, "", 54},
		{"lurah", roster.Pengawas, "", 55},
		{"kasiKel", roster.Pengawas, "", 55},
		{"stafKel", roster.Pelaksana, "", 55},
		// Inspektorat and RSUD.
		{"inspektur", roster.JPTPratama, "", 60},
		{"irban", roster.Administrator, "", 61},
		{"auditor", roster.Fungsional, "ahli_pertama", 61},
		{"direktur", roster.JPTPratama, "", 70},
		{"dokterUtama", roster.Fungsional, "ahli_utama", 70}, // Dokter Ahli Utama
	}
	out := make(map[string]Post, len(rows))
	for i, r := range rows {
		if _, dup := out[r.name]; dup {
			panic("duplicate fixture " + r.name)
		}
		out[r.name] = Post{EmployeeID: int64(100 + i), Status: roster.PNS, Kind: r.kind, Level: r.level, UnitID: r.unit}
	}
	return out
}()

// post returns the named post; "vacant:name" is that post with nobody in it.
func post(t testing.TB, name string) Post {
	t.Helper()
	vacant := false
	if n, ok := strings.CutPrefix(name, "vacant:"); ok {
		name, vacant = n, true
	}
	p, ok := staff[name]
	if !ok {
		t.Fatalf("no fixture %q", name)
	}
	if vacant {
		p.EmployeeID = 0
	}
	return p
}

// nameOf returns the fixture name of a post, for messages.
func nameOf(p Post) string {
	for n, q := range staff {
		if q == p {
			return n
		}
	}
	return fmt.Sprintf("%+v", p)
}
