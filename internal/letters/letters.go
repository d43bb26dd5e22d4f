// Package letters renders the letters of a discipline case as PDF, on the
// government's letterhead, in Indonesian, marked confidential: the
// summonses (PP 94/2021 Ps 26) and the sanction decision (Ps 33, 37).
// Their fixed paragraphs are text blocks (Block) a government may word its
// own way.
package letters

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"sigap/internal/calendar"
)

// Person is someone a letter names.
type Person struct {
	Name     string
	NIP      string
	Position string
	Unit     string
}

// Summons is a written summons to an examination.
type Summons struct {
	Government string // "Pemerintah Kabupaten Serang"
	Number     string // the letter's number
	Round      int    // 1 or 2
	Date       calendar.Date
	To         Person
	Exam       calendar.Date
	Place      string
	Charges    []string // "K4f — masuk kerja dan menaati ketentuan jam kerja (PP 94/2021 Ps 4 huruf f)"
	Signer     Person   // the direct superior
	Texts      Texts    // the government's own wording of the blocks
	// KeepUntil is the day the office keeps its copy until (the
	// government's retention period for exports, from the letter's date);
	// the zero date prints no line.
	KeepUntil calendar.Date
}

// Decision is the decision imposing a disciplinary sanction.
type Decision struct {
	Government string
	Number     string
	Date       calendar.Date
	To         Person
	Charges    []string
	Sanction   string // "S2 — pemotongan tunjangan kinerja 25% selama 9 bulan (PP 94/2021 Ps 8(3)b)"
	Signer     Person // the official who decides
	SignerRole string // "Bupati Serang", or the official's position
	EffectDay  string // when it takes effect: "hari kerja ke-15" (the default) or "hari ke-15"
	// Remedy is the remedy that lies and with whom ("keberatan kepada
	// Bupati Serang"), RemedyWithin its window ("14 hari kerja"); without
	// it the letter has no remedy paragraph.
	Remedy, RemedyWithin string
	Texts                Texts // the government's own wording of the blocks
	// KeepUntil is the day the office keeps its copy until (the
	// government's retention period for exports, from the letter's date);
	// the zero date prints no line.
	KeepUntil calendar.Date
}

var months = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
var weekdays = [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}

// Tanggal writes a date as Indonesian letters do: "8 Juli 2026".
func Tanggal(d calendar.Date) string {
	if d.IsZero() {
		return "…"
	}
	return fmt.Sprintf("%d %s %d", d.Day(), months[d.Month()-1], d.Year())
}

// HariTanggal adds the weekday: "Rabu, 8 Juli 2026".
func HariTanggal(d calendar.Date) string {
	if d.IsZero() {
		return "…"
	}
	return weekdays[d.Weekday()] + ", " + Tanggal(d)
}

// page is one A4 letter being written.
type page struct {
	pdf *fpdf.Fpdf
	tr  func(string) string
}

func newPage(government string, keepUntil calendar.Date) *page {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(25, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	// The same letter renders the same bytes: fixed dates and resources in
	// a fixed order, so that a reprint can be compared with the original.
	pdf.SetCreationDate(time.Unix(0, 0).UTC())
	pdf.SetModificationDate(time.Unix(0, 0).UTC())
	pdf.SetCatalogSort(true)
	pdf.SetHeaderFunc(func() {
		if pdf.PageNo() > 1 { // every following page is marked too; the first has the letterhead
			pdf.SetFont("Helvetica", "B", 9)
			pdf.SetTextColor(160, 0, 0)
			pdf.CellFormat(0, 5, "RAHASIA", "", 1, "R", false, 0, "")
			pdf.SetTextColor(0, 0, 0)
			pdf.Ln(3)
		}
	})
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	if !keepUntil.IsZero() {
		note := tr("Salinan arsip: simpan hingga " + Tanggal(keepUntil) + " menurut jadwal retensi, lalu musnahkan.")
		pdf.SetFooterFunc(func() {
			pdf.SetY(-14)
			pdf.SetFont("Helvetica", "", 7)
			pdf.SetTextColor(110, 110, 110)
			pdf.CellFormat(0, 4, note, "", 0, "L", false, 0, "")
			pdf.SetTextColor(0, 0, 0)
		})
	}
	pdf.AddPage()
	p := &page{pdf: pdf, tr: tr}
	pdf.SetFont("Helvetica", "B", 9)
	pdf.SetTextColor(160, 0, 0)
	pdf.CellFormat(0, 5, p.tr("RAHASIA"), "", 1, "R", false, 0, "")
	pdf.SetTextColor(0, 0, 0)
	pdf.SetFont("Helvetica", "B", 14)
	pdf.CellFormat(0, 7, p.tr(strings.ToUpper(government)), "", 1, "C", false, 0, "")
	pdf.SetLineWidth(0.6)
	y := pdf.GetY() + 1
	pdf.Line(25, y, 190, y)
	pdf.Ln(6)
	return p
}

func (p *page) title(lines ...string) {
	p.pdf.SetFont("Helvetica", "B", 12)
	for _, l := range lines {
		p.pdf.CellFormat(0, 6, p.tr(l), "", 1, "C", false, 0, "")
	}
	p.pdf.Ln(4)
	p.pdf.SetFont("Helvetica", "", 11)
}

func (p *page) text(s string) {
	p.pdf.SetFont("Helvetica", "", 11)
	p.pdf.MultiCell(0, 5.5, p.tr(s), "", "J", false)
	p.pdf.Ln(2)
}

// fields writes label: value lines, aligned.
func (p *page) fields(pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		p.pdf.SetX(35)
		p.pdf.CellFormat(35, 5.5, p.tr(pairs[i]), "", 0, "L", false, 0, "")
		p.pdf.CellFormat(4, 5.5, ":", "", 0, "L", false, 0, "")
		p.pdf.MultiCell(0, 5.5, p.tr(pairs[i+1]), "", "L", false)
	}
	p.pdf.Ln(2)
}

func (p *page) list(items []string) {
	for i, it := range items {
		p.list1(i+1, it)
	}
	p.pdf.Ln(2)
}

// list1 writes item n of a numbered list.
func (p *page) list1(n int, item string) {
	p.pdf.SetX(35)
	p.pdf.CellFormat(7, 5.5, fmt.Sprintf("%d.", n), "", 0, "L", false, 0, "")
	p.pdf.MultiCell(0, 5.5, p.tr(item), "", "L", false)
}

func (p *page) signature(place string, d calendar.Date, role string, who Person) {
	p.pdf.Ln(6)
	p.pdf.SetX(115)
	p.pdf.MultiCell(0, 5.5, p.tr(place+", "+Tanggal(d)), "", "L", false)
	p.pdf.SetX(115)
	p.pdf.MultiCell(0, 5.5, p.tr(role), "", "L", false)
	p.pdf.Ln(18)
	p.pdf.SetX(115)
	p.pdf.SetFont("Helvetica", "B", 11)
	p.pdf.MultiCell(0, 5.5, p.tr(who.Name), "", "L", false)
	p.pdf.SetFont("Helvetica", "", 11)
	if who.NIP != "" {
		p.pdf.SetX(115)
		p.pdf.MultiCell(0, 5.5, p.tr("NIP "+who.NIP), "", "L", false)
	}
}

func (p *page) bytes() ([]byte, error) {
	var b bytes.Buffer
	err := p.pdf.Output(&b)
	return b.Bytes(), err
}

// Place is the town letters are signed in: the government's name without
// "Pemerintah Kabupaten/Kota".
func Place(government string) string {
	for _, pre := range []string{"Pemerintah Kabupaten ", "Pemerintah Kota ", "Pemerintah Provinsi "} {
		if rest, ok := strings.CutPrefix(government, pre); ok {
			return rest
		}
	}
	return government
}

// SummonsPDF renders a summons.
func SummonsPDF(s Summons) ([]byte, error) {
	p := newPage(s.Government, s.KeepUntil)
	round := "I"
	if s.Round == 2 {
		round = "II"
	}
	vars := map[string]string{"nama": s.To.Name, "nip": s.To.NIP, "jabatan": s.To.Position, "unit_kerja": s.To.Unit, "nomor": s.Number,
		"panggilan_ke": round, "tanggal_surat": Tanggal(s.Date), "tanggal_pemeriksaan": HariTanggal(s.Exam), "tempat": s.Place}
	p.title("SURAT PANGGILAN "+round, "Nomor: "+s.Number)
	p.text(s.Texts.fill("summons.opening", vars))
	p.fields("Nama", s.Signer.Name, "NIP", s.Signer.NIP, "Jabatan", s.Signer.Position)
	p.text("dengan ini memanggil Saudara:")
	p.fields("Nama", s.To.Name, "NIP", s.To.NIP, "Jabatan", s.To.Position, "Unit kerja", s.To.Unit)
	p.text(s.Texts.fill("summons.call", vars))
	p.fields("Hari, tanggal", HariTanggal(s.Exam), "Tempat", s.Place)
	p.text(s.Texts.fill("summons.charges", vars))
	p.list(s.Charges)
	if s.Round == 2 {
		p.text(s.Texts.fill("summons.second", vars))
	}
	p.text(s.Texts.fill("summons.closing", vars))
	p.signature(Place(s.Government), s.Date, "Atasan langsung,", s.Signer)
	return p.bytes()
}

// DecisionPDF renders a sanction decision.
func DecisionPDF(d Decision) ([]byte, error) {
	p := newPage(d.Government, d.KeepUntil)
	effect := d.EffectDay
	if effect == "" {
		effect = "hari kerja ke-15"
	}
	vars := map[string]string{"nama": d.To.Name, "nip": d.To.NIP, "jabatan": d.To.Position, "unit_kerja": d.To.Unit, "nomor": d.Number,
		"tanggal_keputusan": Tanggal(d.Date), "hukuman": d.Sanction, "hari_berlaku": effect, "upaya_administratif": d.Remedy, "batas_upaya": d.RemedyWithin}
	p.title("KEPUTUSAN "+strings.ToUpper(d.SignerRole), "Nomor: "+d.Number, "TENTANG", "PENJATUHAN HUKUMAN DISIPLIN")
	p.text(d.Texts.fill("decision.considering", vars))
	p.list(d.Charges)
	p.text(d.Texts.fill("decision.basis", vars))
	p.text("MEMUTUSKAN")
	p.text("Menetapkan: menjatuhkan hukuman disiplin kepada:")
	p.fields("Nama", d.To.Name, "NIP", d.To.NIP, "Jabatan", d.To.Position, "Unit kerja", d.To.Unit)
	p.text("berupa: " + d.Sanction + ".")
	p.text(d.Texts.fill("decision.effect", vars))
	if d.Remedy != "" {
		p.text(d.Texts.fill("decision.remedy", vars))
	}
	p.signature(Place(d.Government), d.Date, d.SignerRole+",", d.Signer)
	return p.bytes()
}
