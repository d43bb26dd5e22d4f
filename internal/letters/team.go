package letters

import (
	"strings"

	"sigap/internal/calendar"
)

// Team is the PPK's decision forming the Tim Pemeriksa of a case (PP
// 94/2021 Ps 29; format A of the forms attributed to Perban BKN 6/2022).
type Team struct {
	Government string
	Number     string
	Date       calendar.Date // the day the team was formed: its last required seat filled
	Accused    Person
	Charges    []string
	Members    []TeamSeat
	Signer     Person // the PPK
	SignerRole string // "Bupati Serang"
	Texts      Texts
	// KeepUntil is the day the office keeps its copy until (the
	// government's retention period for exports, from the letter's date);
	// the zero date prints no line.
	KeepUntil calendar.Date
}

// TeamSeat is one member of the team and the seat they hold ("atasan
// langsung", "unsur pengawasan", ...).
type TeamSeat struct {
	Person
	Seat string
}

var teamPlaceholders = []string{"nama", "nip", "jabatan", "unit_kerja", "nomor", "tanggal", "penetap"}

func teamBlock(key, text string) Block {
	return Block{Key: key, Letter: "team", Default: text, Placeholders: teamPlaceholders}
}

func init() {
	Register(
		teamBlock("team.considering",
			"Menimbang: bahwa Saudara {nama} NIP {nip}, {jabatan} pada {unit_kerja}, diduga melakukan pelanggaran disiplin berikut, yang dapat dijatuhi hukuman disiplin tingkat sedang atau berat, sehingga perlu dibentuk Tim Pemeriksa:"),
		teamBlock("team.basis",
			"Mengingat: Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil Pasal 29; Peraturan Badan Kepegawaian Negara Nomor 6 Tahun 2022 tentang Peraturan Pelaksanaan Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil."),
		teamBlock("team.task",
			"KEDUA: Tim Pemeriksa bertugas memeriksa yang bersangkutan secara tertutup, menuangkan hasilnya dalam berita acara pemeriksaan, dan melaporkan hasil pemeriksaan kepada {penetap}. Tim Pemeriksa bersifat ad hoc dan berakhir dengan ditetapkannya keputusan atas hasil pemeriksaan."),
		teamBlock("team.closing",
			"KETIGA: keputusan ini mulai berlaku pada tanggal ditetapkan dan bersifat rahasia. Salinan keputusan ini disampaikan kepada anggota Tim Pemeriksa."),
	)
}

// TeamPDF renders the decision forming a case's team.
func TeamPDF(t Team) ([]byte, error) {
	p := newPage(t.Government, t.KeepUntil)
	vars := map[string]string{"nama": t.Accused.Name, "nip": t.Accused.NIP, "jabatan": t.Accused.Position, "unit_kerja": t.Accused.Unit,
		"nomor": t.Number, "tanggal": Tanggal(t.Date), "penetap": t.SignerRole}
	p.title("KEPUTUSAN "+strings.ToUpper(t.SignerRole), "Nomor: "+t.Number, "TENTANG", "PEMBENTUKAN TIM PEMERIKSA")
	p.text(t.Texts.fill("team.considering", vars))
	p.list(t.Charges)
	p.text(t.Texts.fill("team.basis", vars))
	p.text("MEMUTUSKAN")
	p.text("KESATU: membentuk Tim Pemeriksa atas dugaan pelanggaran disiplin oleh Saudara " + dots(t.Accused.Name) + " NIP " + dots(t.Accused.NIP) + ", dengan susunan:")
	for i, m := range t.Members {
		line := m.Name
		if m.NIP != "" {
			line += ", NIP " + m.NIP
		}
		if m.Position != "" {
			line += ", " + m.Position
		}
		p.list1(i+1, line+" — "+m.Seat)
	}
	p.pdf.Ln(2)
	p.text(t.Texts.fill("team.task", vars))
	p.text(t.Texts.fill("team.closing", vars))
	p.signature(Place(t.Government), t.Date, t.SignerRole+",", t.Signer)
	return p.bytes()
}
