package roster

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"sigap/internal/org"
)

// SynthUnit is an office a synthetic roster is spread over.
type SynthUnit struct {
	Name string
	Kind org.UnitKind
}

// Roster makes a believable roster of about size people over the given
// offices (top-level OPDs), shaped as a regency's structure is: the Sekda
// with assistants, heads of section and sub-section in the Secretariat;
// heads of agencies with a secretary, heads of division and section,
// staff and functional officials; camats with their secretaries and
// sections. Heads of agencies report to the head of the region (no
// superior in the roster); camats to the Sekda, as PP 17/2018 has it. The
// rows come shuffled, so superiors are often later in the file than their
// subordinates, as real exports have them.
func (g *Synth) Roster(units []SynthUnit, size int) []Row {
	b := &rosterBuilder{g: g}
	var sekda *Row
	for _, u := range units {
		if u.Kind == org.KindSekretariat && strings.Contains(strings.ToLower(u.Name), "daerah") {
			sekda = b.add(u.Name, "Sekretaris Daerah", JPTPratama, "", "II.a", nil)
			for _, a := range []string{"Pemerintahan dan Kesejahteraan Rakyat", "Perekonomian dan Pembangunan", "Administrasi Umum"} {
				asisten := b.add(u.Name, "Asisten "+a, JPTPratama, "", "II.b", sekda)
				for i := range 3 {
					kabag := b.add(u.Name, fmt.Sprintf("Kepala Bagian %s %d", a, i+1), Administrator, "", "III.a", asisten)
					for j := range 2 {
						b.supervisors = append(b.supervisors, leaf{b.add(u.Name, fmt.Sprintf("Kepala Subbagian %d.%d", i+1, j+1), Pengawas, "", "IV.a", kabag), u})
					}
				}
			}
			break
		}
	}
	for _, u := range units {
		switch u.Kind {
		case org.KindSekretariat:
			if sekda != nil && strings.Contains(strings.ToLower(u.Name), "daerah") {
				continue
			}
			b.agency(u, "Sekretaris "+strings.TrimPrefix(u.Name, "Sekretariat "))
		case org.KindKecamatan:
			camat := b.add(u.Name, "Camat "+strings.TrimPrefix(u.Name, "Kecamatan "), Administrator, "", "III.a", sekda)
			sekcam := b.add(u.Name, "Sekretaris Kecamatan", Administrator, "", "III.b", camat)
			for _, s := range []string{"Pemerintahan", "Ketenteraman dan Ketertiban Umum", "Pemberdayaan Masyarakat", "Pelayanan Umum"} {
				b.supervisors = append(b.supervisors, leaf{b.add(u.Name, "Kepala Seksi "+s, Pengawas, "", "IV.a", camat), u})
			}
			b.supervisors = append(b.supervisors, leaf{b.add(u.Name, "Kepala Subbagian Umum dan Kepegawaian", Pengawas, "", "IV.b", sekcam), u})
		case org.KindSubunit:
			continue
		default:
			b.agency(u, "Kepala "+u.Name)
		}
	}
	for len(b.rows) < size && len(b.supervisors) > 0 {
		l := b.supervisors[g.rng.IntN(len(b.supervisors))]
		if g.rng.IntN(100) < functionalShare(l.unit) {
			level := []string{"ahli_pertama", "ahli_pertama", "ahli_muda", "ahli_muda", "ahli_madya", "terampil", "mahir"}[g.rng.IntN(7)]
			b.add(l.unit.Name, functionalTitle(l.unit, level), Fungsional, level, "", l.head)
		} else {
			b.add(l.unit.Name, []string{"Pengadministrasi Umum", "Pengelola Keuangan", "Analis Kebijakan", "Pengelola Data", "Pengemudi", "Arsiparis Pelaksana"}[g.rng.IntN(6)], Pelaksana, "", "", l.head)
		}
	}
	g.rng.Shuffle(len(b.rows), func(i, j int) { b.rows[i], b.rows[j] = b.rows[j], b.rows[i] })
	out := make([]Row, len(b.rows))
	for i, r := range b.rows {
		out[i] = *r
		out[i].Line = i + 2
	}
	return out
}

// leaf is a supervisor staff can be put under.
type leaf struct {
	head *Row
	unit SynthUnit
}

type rosterBuilder struct {
	g           *Synth
	rows        []*Row
	supervisors []leaf
}

// agency adds the structure of a dinas, badan or similar office.
func (b *rosterBuilder) agency(u SynthUnit, headTitle string) {
	head := b.add(u.Name, headTitle, JPTPratama, "", "II.b", nil)
	sec := b.add(u.Name, "Sekretaris", Administrator, "", "III.a", head)
	for _, s := range []string{"Umum dan Kepegawaian", "Keuangan", "Perencanaan"} {
		b.supervisors = append(b.supervisors, leaf{b.add(u.Name, "Kepala Subbagian "+s, Pengawas, "", "IV.a", sec), u})
	}
	for i := range 3 {
		kabid := b.add(u.Name, fmt.Sprintf("Kepala Bidang %d", i+1), Administrator, "", "III.b", head)
		b.supervisors = append(b.supervisors, leaf{kabid, u}) // functional officials report to the head of division
		for j := range 2 {
			b.supervisors = append(b.supervisors, leaf{b.add(u.Name, fmt.Sprintf("Kepala Seksi %d.%d", i+1, j+1), Pengawas, "", "IV.a", kabid), u})
		}
	}
}

func functionalShare(u SynthUnit) int {
	n := strings.ToLower(u.Name)
	switch {
	case strings.Contains(n, "pendidikan"), strings.Contains(n, "kesehatan"), u.Kind == org.KindRSUD:
		return 85
	case u.Kind == org.KindInspektorat:
		return 60
	}
	return 20
}

func functionalTitle(u SynthUnit, level string) string {
	n := strings.ToLower(u.Name)
	title := "Analis Kebijakan"
	switch {
	case strings.Contains(n, "pendidikan"):
		title = "Guru"
	case strings.Contains(n, "kesehatan"), u.Kind == org.KindRSUD:
		title = []string{"Perawat", "Bidan", "Dokter", "Apoteker"}[len(n)%4]
	case u.Kind == org.KindInspektorat:
		title = "Auditor"
	}
	words := strings.Fields(strings.ReplaceAll(level, "_", " "))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return title + " " + strings.Join(words, " ")
}

// add appends one person in a position.
func (b *rosterBuilder) add(unit, title string, kind PositionKind, level, echelon string, superior *Row) *Row {
	p := b.g.Person()
	r := &Row{NIP: p.NIP, Name: p.Name, Status: PNS, Position: title, Kind: kind, Level: level, Echelon: echelon, Unit: unit, State: Active}
	if superior != nil {
		r.SuperiorNIP = superior.NIP.String()
	}
	rng := b.g.rng
	switch kind {
	case JPTPratama:
		r.Rank = []string{"IV/c", "IV/d"}[rng.IntN(2)]
	case Administrator:
		r.Rank = []string{"IV/a", "IV/b"}[rng.IntN(2)]
	case Pengawas:
		r.Rank = []string{"III/c", "III/d"}[rng.IntN(2)]
	default:
		switch n := rng.IntN(100); {
		case n < 15:
			r.Status, r.Rank = PPPK, []string{"V", "VII", "IX"}[rng.IntN(3)]
		case n < 18:
			r.Status, r.Rank = CPNS, []string{"II/a", "III/a"}[rng.IntN(2)]
		case kind == Fungsional:
			r.Rank = []string{"III/a", "III/b", "III/c", "III/d", "IV/a"}[rng.IntN(5)]
		default:
			r.Rank = []string{"II/a", "II/b", "II/c", "II/d", "III/a", "III/b"}[rng.IntN(6)]
		}
	}
	b.rows = append(b.rows, r)
	return r
}

// Header is the header line of the documented column set.
var Header = []string{"NIP", "Nama", "Status Pegawai", "Golongan", "Jabatan", "Jenis Jabatan", "Jenjang", "Eselon", "Unit Kerja", "NIP Atasan", "Keadaan"}

// WriteCSV writes rows in the documented column set, as a personnel
// system's export would.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	states := map[State]string{Active: "aktif", Retired: "pensiun", Dismissed: "diberhentikan"}
	for _, r := range rows {
		if err := cw.Write([]string{r.NIP.String(), r.Name, string(r.Status), r.Rank, r.Position, string(r.Kind), r.Level,
			r.Echelon, r.Unit, r.SuperiorNIP, states[r.State]}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
