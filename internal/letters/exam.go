package letters

import (
	"fmt"
	"strings"

	"sigap/internal/calendar"
)

// The letters of the examination and after: the record of the examination
// (BAP, PP 94/2021 Ps 27, 32), the decision on a temporary release from
// duties (Ps 31), the receipt of the sanction decision (Ps 37) and the
// decision on an objection (Ps 38(2), PP 79/2021).

// QA is one question and its answer, as the BAP writes them.
type QA struct{ Q, A string }

// BAP is the record of an examination. It names the accused and the
// examiners only: statements of other parties are not part of it.
type BAP struct {
	Government string
	Number     string
	Date       calendar.Date // the day of the examination
	Virtual    bool
	Place      string
	Examiners  []string
	Accused    Person
	Charges    []string
	QAs        []QA
	Refused    bool // the accused refused to sign
	// KeepUntil is the day the office keeps its copy until (the
	// government's retention period for exports, from the letter's date);
	// the zero date prints no line.
	KeepUntil calendar.Date
}

// Release is the decision releasing the accused from the duties of the
// post for the time of the examination.
type Release struct {
	Government string
	Number     string
	Date       calendar.Date // set on, and effective from
	To         Person
	Charges    []string
	Acting     string // the pelaksana harian: name, and position when known
	Signer     Person // the direct superior
	SignerRole string
	// KeepUntil is the day the office keeps its copy until (the
	// government's retention period for exports, from the letter's date);
	// the zero date prints no line.
	KeepUntil calendar.Date
}

// Receipt is the accused's receipt of the sanction decision.
type Receipt struct {
	Government     string
	Number         string
	Decision       string // the decision's number
	DecisionRole   string // who set it: "Bupati Serang", an official's position
	Decided        calendar.Date
	Sanction       string
	Delivered      calendar.Date
	Received       calendar.Date
	Effective      calendar.Date // the day it takes effect without an objection
	To             Person
	DeliveredBy    Person
	DeliveredByJob string
	// KeepUntil is the day the office keeps its copy until (the
	// government's retention period for exports, from the letter's date);
	// the zero date prints no line.
	KeepUntil calendar.Date
}

// Objection is the decision on an objection to a sanction.
type Objection struct {
	Government string
	Number     string
	Date       calendar.Date
	To         Person
	Decision   string // the number of the decision objected to
	Decided    calendar.Date
	Objected   calendar.Date
	Outcome    string // uphold, lighten, heavier, change, revoke
	Original   string // the sanction objected to
	Sanction   string // the sanction after the objection; empty when revoked
	Signer     Person
	SignerRole string
	// KeepUntil is the day the office keeps its copy until (the
	// government's retention period for exports, from the letter's date);
	// the zero date prints no line.
	KeepUntil calendar.Date
}

// dots stands for what a letter does not know yet, to be filled by hand.
func dots(s string) string {
	if strings.TrimSpace(s) == "" {
		return "…"
	}
	return s
}

// twoSignatures writes the place and date, then two signature blocks side
// by side: left and right are the roles, then each one's people, name and
// NIP. They start a new page rather than break across one.
func (p *page) twoSignatures(dateLine, leftRole string, left []Person, rightRole string, right []Person) {
	_, pageHeight := p.pdf.GetPageSize()
	_, _, _, bottom := p.pdf.GetMargins()
	if need := 20 + 25*float64(max(len(left), len(right))); p.pdf.GetY()+need > pageHeight-bottom {
		p.pdf.AddPage()
	}
	p.pdf.Ln(2)
	p.pdf.SetX(115)
	p.pdf.MultiCell(0, 5.5, p.tr(dateLine), "", "L", false)
	p.pdf.Ln(4)
	top := p.pdf.GetY()
	block := func(x float64, role string, people []Person) float64 {
		p.pdf.SetXY(x, top)
		p.pdf.SetFont("Helvetica", "", 11)
		p.pdf.MultiCell(70, 5.5, p.tr(role), "", "L", false)
		for i, who := range people {
			p.pdf.Ln(14)
			p.pdf.SetX(x)
			p.pdf.SetFont("Helvetica", "B", 11)
			name := who.Name
			if len(people) > 1 {
				name = fmt.Sprintf("%d. %s", i+1, who.Name)
			}
			p.pdf.MultiCell(70, 5.5, p.tr(dots(name)), "", "L", false)
			p.pdf.SetFont("Helvetica", "", 11)
			if who.NIP != "" {
				p.pdf.SetX(x)
				p.pdf.MultiCell(70, 5.5, p.tr("NIP "+who.NIP), "", "L", false)
			}
			if who.Position != "" && who.NIP == "" {
				p.pdf.SetX(x)
				p.pdf.MultiCell(70, 5.5, p.tr(who.Position), "", "L", false)
			}
		}
		return p.pdf.GetY()
	}
	y1 := block(25, leftRole, left)
	y2 := block(115, rightRole, right)
	p.pdf.SetY(max(y1, y2))
}

// BAPPDF renders the record of an examination.
func BAPPDF(b BAP) ([]byte, error) {
	p := newPage(b.Government, b.KeepUntil)
	p.title("BERITA ACARA PEMERIKSAAN", "Nomor: "+b.Number)
	mode := "secara tatap muka"
	if b.Virtual {
		mode = "secara virtual"
	}
	p.text("Pada hari ini " + HariTanggal(b.Date) + ", bertempat di " + dots(b.Place) + ", " + mode + ", kami yang bertanda tangan di bawah ini:")
	if len(b.Examiners) == 0 {
		p.list([]string{"…"})
	} else {
		p.list(b.Examiners)
	}
	p.text("telah melakukan pemeriksaan secara tertutup terhadap:")
	p.fields("Nama", b.Accused.Name, "NIP", b.Accused.NIP, "Jabatan", b.Accused.Position, "Unit kerja", b.Accused.Unit)
	p.text("karena yang bersangkutan diduga melakukan pelanggaran disiplin berikut:")
	p.list(b.Charges)
	p.text("Atas pertanyaan pemeriksa, yang diperiksa memberikan keterangan sebagai berikut:")
	if len(b.QAs) == 0 {
		p.text("(tidak ada tanya jawab yang dicatat)")
	}
	for i, qa := range b.QAs {
		p.pdf.SetFont("Helvetica", "B", 11)
		p.pdf.MultiCell(0, 5.5, p.tr(fmt.Sprintf("Pertanyaan %d:", i+1)), "", "L", false)
		p.pdf.SetFont("Helvetica", "", 11)
		p.pdf.SetX(35)
		p.pdf.MultiCell(0, 5.5, p.tr(qa.Q), "", "J", false)
		p.pdf.SetFont("Helvetica", "B", 11)
		p.pdf.MultiCell(0, 5.5, p.tr("Jawaban:"), "", "L", false)
		p.pdf.SetFont("Helvetica", "", 11)
		p.pdf.SetX(35)
		p.pdf.MultiCell(0, 5.5, p.tr(dots(qa.A)), "", "J", false)
		p.pdf.Ln(2)
	}
	p.text("Demikian berita acara pemeriksaan ini dibuat dengan sebenarnya berdasarkan Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil Pasal 27 dan Pasal 32, dan ditandatangani oleh pemeriksa dan yang diperiksa. Yang diperiksa berhak mendapatkan salinan berita acara pemeriksaan ini (Pasal 32 ayat 3).")
	accused := b.Accused
	if b.Refused {
		p.text("Yang diperiksa menolak menandatangani berita acara pemeriksaan ini. Penolakan tersebut tidak menghalangi penggunaan berita acara pemeriksaan ini sebagai dasar untuk menjatuhkan hukuman disiplin (PP 94/2021 Pasal 32).")
		accused.Name += " (menolak menandatangani)"
	}
	var examiners []Person
	for _, x := range b.Examiners {
		examiners = append(examiners, Person{Name: x})
	}
	if len(examiners) == 0 {
		examiners = []Person{{}}
	}
	p.twoSignatures(Place(b.Government)+", "+Tanggal(b.Date), "Yang diperiksa,", []Person{accused}, "Pemeriksa,", examiners)
	return p.bytes()
}

// ReleasePDF renders the decision on a temporary release from duties.
func ReleasePDF(r Release) ([]byte, error) {
	p := newPage(r.Government, r.KeepUntil)
	p.title("KEPUTUSAN "+strings.ToUpper(r.SignerRole), "Nomor: "+r.Number, "TENTANG", "PEMBEBASAN SEMENTARA DARI TUGAS JABATAN")
	p.text("Menimbang: bahwa Saudara " + r.To.Name + " NIP " + r.To.NIP + " sedang diperiksa atas dugaan pelanggaran disiplin berikut:")
	p.list(r.Charges)
	p.text("yang dapat dijatuhi hukuman disiplin berat, sehingga untuk kelancaran pemeriksaan yang bersangkutan perlu dibebaskan sementara dari tugas jabatannya.")
	p.text("Mengingat: Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil Pasal 31.")
	p.text("MEMUTUSKAN")
	p.text("KESATU: membebaskan sementara dari tugas jabatannya:")
	p.fields("Nama", r.To.Name, "NIP", r.To.NIP, "Jabatan", r.To.Position, "Unit kerja", r.To.Unit)
	p.text("terhitung mulai tanggal " + Tanggal(r.Date) + " sampai dengan ditetapkannya keputusan hukuman disiplin.")
	p.text("KEDUA: menunjuk " + dots(r.Acting) + " sebagai pelaksana harian selama yang bersangkutan dibebaskan sementara dari tugas jabatannya.")
	p.text("KETIGA: selama dibebaskan sementara dari tugas jabatannya, yang bersangkutan tetap masuk kerja dan tetap diberikan hak-hak kepegawaiannya sesuai dengan ketentuan peraturan perundang-undangan.")
	p.text("KEEMPAT: keputusan ini mulai berlaku pada tanggal ditetapkan. Salinan keputusan ini disampaikan kepada yang bersangkutan.")
	p.signature(Place(r.Government), r.Date, r.SignerRole+",", r.Signer)
	return p.bytes()
}

// ReceiptPDF renders the receipt of a sanction decision.
func ReceiptPDF(r Receipt) ([]byte, error) {
	p := newPage(r.Government, r.KeepUntil)
	p.title("TANDA TERIMA", "KEPUTUSAN HUKUMAN DISIPLIN", "Nomor: "+r.Number)
	p.text("Yang bertanda tangan di bawah ini:")
	p.fields("Nama", r.To.Name, "NIP", r.To.NIP, "Jabatan", r.To.Position, "Unit kerja", r.To.Unit)
	p.text("menyatakan telah menerima Keputusan " + r.DecisionRole + " Nomor " + r.Decision + " tanggal " + Tanggal(r.Decided) +
		" tentang Penjatuhan Hukuman Disiplin berupa " + r.Sanction + ", yang disampaikan pada tanggal " + Tanggal(r.Delivered) +
		" dan diterima pada tanggal " + Tanggal(r.Received) + ".")
	p.text("Keputusan tersebut mulai berlaku pada tanggal " + Tanggal(r.Effective) + ", kecuali apabila diajukan upaya administratif (PP 94/2021 Pasal 38).")
	p.twoSignatures(Place(r.Government)+", "+Tanggal(r.Received), "Yang menyerahkan,", []Person{r.DeliveredBy}, "Yang menerima,", []Person{r.To})
	return p.bytes()
}

// objectionDicta are the decisions an objection may lead to (PP 79/2021
// Ps 6(1), 9(1)), as the letter words them.
var objectionDicta = map[string]string{
	"uphold":  "menguatkan hukuman disiplin berupa %[1]s",
	"lighten": "memperingan hukuman disiplin berupa %[1]s menjadi %[2]s",
	"heavier": "memperberat hukuman disiplin berupa %[1]s menjadi %[2]s",
	"change":  "mengubah hukuman disiplin berupa %[1]s menjadi %[2]s",
	"revoke":  "membatalkan hukuman disiplin berupa %[1]s",
}

// ObjectionPDF renders the decision on an objection.
func ObjectionPDF(o Objection) ([]byte, error) {
	dictum, ok := objectionDicta[o.Outcome]
	if !ok {
		return nil, fmt.Errorf("unknown outcome %q", o.Outcome)
	}
	p := newPage(o.Government, o.KeepUntil)
	p.title("KEPUTUSAN "+strings.ToUpper(o.SignerRole), "Nomor: "+o.Number, "TENTANG", "PENYELESAIAN KEBERATAN ATAS HUKUMAN DISIPLIN")
	p.text("Menimbang: bahwa Saudara " + o.To.Name + " NIP " + o.To.NIP + " pada tanggal " + Tanggal(o.Objected) + " telah mengajukan keberatan atas Keputusan Nomor " +
		o.Decision + " tanggal " + Tanggal(o.Decided) + " tentang Penjatuhan Hukuman Disiplin berupa " + o.Original +
		", dan bahwa berdasarkan pemeriksaan atas keberatan tersebut perlu ditetapkan keputusan.")
	p.text("Mengingat: Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil Pasal 38; Peraturan Pemerintah Nomor 79 Tahun 2021 tentang Upaya Administratif dan Badan Pertimbangan Aparatur Sipil Negara.")
	p.text("MEMUTUSKAN")
	p.text("KESATU: " + fmt.Sprintf(dictum, o.Original, o.Sanction) + " yang dijatuhkan dengan Keputusan Nomor " + o.Decision + " kepada:")
	p.fields("Nama", o.To.Name, "NIP", o.To.NIP, "Jabatan", o.To.Position, "Unit kerja", o.To.Unit)
	if o.Outcome == "revoke" {
		p.text("KEDUA: dengan dibatalkannya hukuman disiplin tersebut, hak-hak kepegawaian yang bersangkutan dipulihkan sesuai dengan ketentuan peraturan perundang-undangan.")
	} else {
		p.text("KEDUA: hukuman disiplin sebagaimana dimaksud pada diktum KESATU berlaku sesuai dengan keputusan ini (PP 94/2021 Pasal 38 ayat 2).")
	}
	p.text("KETIGA: keputusan ini mulai berlaku pada tanggal ditetapkan. Salinan keputusan ini disampaikan kepada yang bersangkutan.")
	p.signature(Place(o.Government), o.Date, o.SignerRole+",", o.Signer)
	return p.bytes()
}
