package report

// Category is a kind of misconduct a reporter can choose.
type Category struct {
	Code   string
	NameID string
	NameEN string
}

// DefaultCategories is the catalogue a tenant starts with. Its codes are
// stable: statistics count by them.
var DefaultCategories = []Category{
	{"sexual_violence", "Pelecehan atau kekerasan seksual", "Sexual harassment or violence"},
	{"infidelity", "Perselingkuhan atau hidup bersama di luar perkawinan yang sah", "Infidelity or living together unmarried"},
	{"abuse_of_authority", "Penyalahgunaan wewenang", "Abuse of authority"},
	{"absence", "Tidak masuk kerja atau meninggalkan tugas", "Absence from work"},
	{"gratification", "Gratifikasi, pungutan liar atau pemerasan", "Gratification, illegal levies or extortion"},
	{"political_neutrality", "Pelanggaran netralitas politik", "Breach of political neutrality"},
	{"other", "Lainnya", "Other"},
}

// Name returns the category's name in the language given ("id" or "en").
func (c Category) Name(lang string) string {
	if lang == "en" && c.NameEN != "" {
		return c.NameEN
	}
	return c.NameID
}

func hasCategory(cs []Category, code string) bool {
	for _, c := range cs {
		if c.Code == code {
			return true
		}
	}
	return false
}
