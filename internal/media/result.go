package media

// MinConfidence is the confidence under which a field is left empty: the
// officer fills it rather than correcting a guess.
const MinConfidence = 0.5

// Result is the proposal read from one article. Every span points into
// Text, the cleaned article.
type Result struct {
	// Text is the article as read: tags stripped, spaces normalised, the
	// "Baca Juga" lines and the footer dropped.
	Text     string `json:"text"`
	Headline string `json:"headline,omitempty"`
	// Dropped counts the lines dropped as boilerplate.
	Dropped int `json:"dropped_lines"`
	// Notes are message keys for the officer: "media.note.html",
	// "media.note.not_indonesian", "media.note.empty", "media.note.other_government".
	Notes []string `json:"notes,omitempty"`
	// Nothing is true when no field could be filled.
	Nothing bool `json:"nothing_found"`

	Government   *Government `json:"government,omitempty"`
	Agencies     []Agency    `json:"agencies,omitempty"`
	Category     *Category   `json:"category,omitempty"`
	Accused      *Accused    `json:"accused,omitempty"`
	CivilServant *Flag       `json:"civil_servant,omitempty"`
	Places       []Place     `json:"places,omitempty"`
	Published    *Date       `json:"published,omitempty"`
	Dates        []Date      `json:"dates,omitempty"`
	Figures      []Figure    `json:"figures,omitempty"`
	Quoted       []Person    `json:"quoted,omitempty"`
}

// Evidence is what every field carries: how sure the reading is and the
// words it was read from.
type Evidence struct {
	Confidence float64 `json:"confidence"`
	Spans      []Span  `json:"spans"`
}

// Government is the government concerned.
type Government struct {
	Code string `json:"code"` // Kemendagri code, e.g. "36.04"
	Name string `json:"name"` // official name, e.g. "Kabupaten Serang"
	Kind string `json:"kind"` // KindKabupaten, KindKota or KindProvinsi
	// Tenant is the code of the sigap tenant of that government, "" when
	// it has none.
	Tenant string `json:"tenant,omitempty"`
	Evidence
}

// Agency is an agency the article names.
type Agency struct {
	ID   string `json:"id"`             // stable key, e.g. "BKPSDM", "POLICE"
	Name string `json:"name"`           // as the article writes it, full name when given
	Full string `json:"full,omitempty"` // the full name of its kind
	Evidence
}

// Category is the kind of misconduct, a code of report.DefaultCategories.
type Category struct {
	Code string `json:"code"`
	Evidence
}

// Accused is who is accused, as the article describes them.
type Accused struct {
	Description string `json:"description"`
	Evidence
}

// Flag is a yes-or-no reading.
type Flag struct {
	Value bool `json:"value"`
	Evidence
}

// Place is a kecamatan or a desa/kelurahan of the region.
type Place struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level string `json:"level"` // "district" or "village"
	Evidence
}

// Date kinds.
const (
	DatePublished = "published"
	DateInterview = "interview"
	DateMentioned = "mentioned"
)

// Date is a date of the article, ISO 8601.
type Date struct {
	Date string `json:"date"`
	Kind string `json:"kind"`
	Evidence
}

// Figure is a number with what it counts.
type Figure struct {
	Value  int    `json:"value"`
	Bound  string `json:"bound,omitempty"` // "", "<", "<=", ">", ">=" or "~"
	Unit   string `json:"unit"`            // the noun counted: "kasus"
	Counts string `json:"counts"`          // the phrase counted: "kasus pelecehan seksual"
	Period string `json:"period,omitempty"`
	Evidence
}

// Person is someone quoted.
type Person struct {
	Name   string `json:"name"`
	Title  string `json:"title,omitempty"`
	Agency string `json:"agency,omitempty"` // Agency.ID found in the title
	Evidence
}

// Options say who asks.
type Options struct {
	// Tenants are the governments that use sigap, by region code.
	Tenants []string
	// Region is the asking tenant's region code: its districts and
	// villages are looked for. Empty: those of the government found.
	Region string
}
