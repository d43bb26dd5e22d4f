package protection

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

// The export for Simfoni PPA: one row per victim with the columns of
// Simfoni's case register (legal notes §7.5). Simfoni's own code lists are
// not published, so every value of a list goes out as the code the
// government set for it, or as sigap's own value when it set none
// (docs/PROTECTION-EXPORT.md).

// CodeList is a list of sigap's values that the export writes as codes.
type CodeList struct {
	Name   string   // "form", "place", …
	Values []string // sigap's values, in display order
}

// CodeLists are the lists a government may give its own codes for.
var CodeLists = []CodeList{
	{"form", strs(Forms)},
	{"place", strs(Places)},
	{"sex", []string{string(Female), string(Male)}},
	{"age_group", strs(AgeGroups)},
	{"disability", strs(Disabilities)},
	{"relation", strs(Relations)},
	{"service", strs(Services)},
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// KnownCode reports whether value is in the named list.
func KnownCode(list, value string) bool {
	for _, l := range CodeLists {
		if l.Name == list {
			for _, v := range l.Values {
				if v == value {
					return true
				}
			}
		}
	}
	return false
}

// Codes are a government's codes: list → sigap's value → code.
type Codes map[string]map[string]string

// Of returns the code of a value: the government's, else the value itself.
func (c Codes) Of(list, value string) string {
	if code, ok := c[list][value]; ok && code != "" {
		return code
	}
	return value
}

// MaxCode is the longest code accepted.
const MaxCode = 40

// CheckCode trims a code and checks it: at most MaxCode printable
// characters, without the "," and ";" that separate values in a cell.
// An empty code means sigap's own value.
func CheckCode(code string) (string, error) {
	code = strings.TrimSpace(code)
	switch {
	case utf8.RuneCountInString(code) > MaxCode:
		return "", apperr.New(apperr.Invalid, "protection.codes.long")
	case !cleanText(code) || strings.ContainsAny(code, ",;\n\r\t"):
		return "", apperr.New(apperr.Invalid, "protection.codes.chars")
	}
	return code, nil
}

// ExportService is a service given to a victim, for the export.
type ExportService struct {
	Kind     Service
	On       calendar.Date
	Provider string
}

// ExportRecord is one victim with their case, as the export writes it.
// The identity fields are filled only for a victim whose sealed identity
// the exporter may open at the time.
type ExportRecord struct {
	Number     string
	OccurredOn calendar.Date
	ReportedOn calendar.Date
	Place      Place
	Village    string // names of the incident's regions
	District   string
	Regency    string
	Province   string
	RegionCode string // the village's code
	Forms      []Form

	Name, NIK, Contact, Address, BirthDate string // identity: under a grant only

	Sex          Sex
	Age          int // years at the incident, under a grant only; -1 unknown or sealed
	AgeGroup     AgeGroup
	Education    string     // not recorded yet: empty
	Disability   Disability // under a grant only
	Perpetrators []Perpetrator
	Services     []ExportService
}

// SimfoniColumns are the export's column headers, Simfoni PPA's names for
// them (in Indonesian whatever the user's language: they are the names
// Simfoni's register uses).
var SimfoniColumns = []string{
	"No. Registrasi", "Tanggal Kejadian", "Tanggal Pelaporan", "Kategori Lokasi Kasus",
	"Desa/Kelurahan Kejadian", "Kecamatan Kejadian", "Kabupaten/Kota", "Provinsi", "Kode Wilayah",
	"Bentuk Kekerasan",
	"Nama Korban", "NIK Korban", "Kontak Korban", "Alamat Korban", "Tanggal Lahir Korban",
	"Jenis Kelamin Korban", "Usia Korban", "Kelompok Usia Korban", "Pendidikan Korban", "Disabilitas Korban",
	"Jenis Kelamin Pelaku", "Usia Pelaku", "Hubungan Pelaku dengan Korban",
	"Jenis Layanan", "Tanggal Layanan", "Penyedia Layanan",
}

// The column indexes of the identity cells, empty without a grant.
var IdentityColumns = []int{10, 11, 12, 13, 14}

// Cells returns the row of a record under the government's codes: text,
// or an int for a known age. Several perpetrators or services fill their
// columns with values separated by "; ", in the same order in each.
func (r ExportRecord) Cells(c Codes) []any {
	var forms []string
	for _, f := range r.Forms {
		forms = append(forms, c.Of("form", string(f)))
	}
	var psex, page, prel []string
	for _, p := range r.Perpetrators {
		sex, age := "", ""
		if p.Sex != "" {
			sex = c.Of("sex", string(p.Sex))
		}
		if p.Age >= 0 {
			age = strconv.Itoa(p.Age)
		}
		psex, page, prel = append(psex, sex), append(page, age), append(prel, c.Of("relation", string(p.Relation)))
	}
	var skind, son, sby []string
	for _, s := range r.Services {
		skind, son, sby = append(skind, c.Of("service", string(s.Kind))), append(son, s.On.String()), append(sby, s.Provider)
	}
	var age any = ""
	if r.Age >= 0 {
		age = r.Age
	}
	disability := ""
	if r.Disability != "" {
		disability = c.Of("disability", string(r.Disability))
	}
	group := ""
	if r.AgeGroup != "" {
		group = c.Of("age_group", string(r.AgeGroup))
	}
	return []any{
		r.Number, r.OccurredOn.String(), r.ReportedOn.String(), c.Of("place", string(r.Place)),
		r.Village, r.District, r.Regency, r.Province, r.RegionCode,
		strings.Join(forms, ", "),
		r.Name, r.NIK, r.Contact, r.Address, r.BirthDate,
		c.Of("sex", string(r.Sex)), age, group, r.Education, disability,
		joinAll(psex), joinAll(page), joinAll(prel),
		joinAll(skind), joinAll(son), joinAll(sby),
	}
}

// joinAll joins values with "; ", keeping empty ones in place unless all
// are empty (so the n-th value of each column is the same person's).
func joinAll(vs []string) string {
	for _, v := range vs {
		if v != "" {
			return strings.Join(vs, "; ")
		}
	}
	return ""
}
