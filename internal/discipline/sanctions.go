package discipline

import "slices"

// Level is the level of a disciplinary sanction (tingkat hukuman disiplin),
// PP 94/2021 Pasal 8(1).
type Level string

// The three levels, lightest first.
const (
	Ringan Level = "ringan" // minor: Ps 8(2)
	Sedang Level = "sedang" // moderate: Ps 8(3)
	Berat  Level = "berat"  // severe: Ps 8(4)
)

// Levels lists the levels, lightest first.
var Levels = []Level{Ringan, Sedang, Berat}

// Valid reports whether l is one of the three levels.
func (l Level) Valid() bool { return slices.Contains(Levels, l) }

// NameEN is the English name of the level; the Indonesian name is the
// value itself.
func (l Level) NameEN() string {
	switch l {
	case Ringan:
		return "minor"
	case Sedang:
		return "moderate"
	case Berat:
		return "severe"
	}
	return ""
}

// Sanction is one of the nine kinds of disciplinary sanction (jenis hukuman
// disiplin) of PP 94/2021 Pasal 8(2)–(4). The codes are ours; the statute
// numbers them by paragraph and letter, which Article gives.
//
// S1–S3 are the tunjangan kinerja cuts of Ps 8(3). Until the PP on Gaji dan
// Tunjangan is in force, Ps 42 substitutes the "sedang" sanctions of PP
// 53/2010 Ps 7(3); who may impose them does not change, so the authority
// rules speak of S1–S3 either way.
type Sanction string

// The sanctions, lightest first.
const (
	R1 Sanction = "R1" // teguran lisan, Ps 8(2)a
	R2 Sanction = "R2" // teguran tertulis, Ps 8(2)b
	R3 Sanction = "R3" // pernyataan tidak puas secara tertulis, Ps 8(2)c
	S1 Sanction = "S1" // pemotongan tunjangan kinerja 25 % selama 6 bulan, Ps 8(3)a
	S2 Sanction = "S2" // pemotongan tunjangan kinerja 25 % selama 9 bulan, Ps 8(3)b
	S3 Sanction = "S3" // pemotongan tunjangan kinerja 25 % selama 12 bulan, Ps 8(3)c
	B1 Sanction = "B1" // penurunan jabatan setingkat lebih rendah selama 12 bulan, Ps 8(4)a
	B2 Sanction = "B2" // pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan, Ps 8(4)b
	B3 Sanction = "B3" // pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS, Ps 8(4)c
)

// Sanctions lists the nine sanctions in the order of Pasal 8, which is also
// the order of severity.
var Sanctions = []Sanction{R1, R2, R3, S1, S2, S3, B1, B2, B3}

// sanctionInfo is the catalogue row of one sanction, indexed like Sanctions.
var sanctionInfo = [...]struct {
	level   Level
	article string
	nameID  string
	nameEN  string
}{
	{Ringan, "PP 94/2021 Ps 8(2)a", "teguran lisan", "oral reprimand"},
	{Ringan, "PP 94/2021 Ps 8(2)b", "teguran tertulis", "written reprimand"},
	{Ringan, "PP 94/2021 Ps 8(2)c", "pernyataan tidak puas secara tertulis", "written statement of dissatisfaction"},
	{Sedang, "PP 94/2021 Ps 8(3)a", "pemotongan tunjangan kinerja 25% selama 6 bulan", "25% performance-allowance cut for 6 months"},
	{Sedang, "PP 94/2021 Ps 8(3)b", "pemotongan tunjangan kinerja 25% selama 9 bulan", "25% performance-allowance cut for 9 months"},
	{Sedang, "PP 94/2021 Ps 8(3)c", "pemotongan tunjangan kinerja 25% selama 12 bulan", "25% performance-allowance cut for 12 months"},
	{Berat, "PP 94/2021 Ps 8(4)a", "penurunan jabatan setingkat lebih rendah selama 12 bulan", "demotion by one position level for 12 months"},
	{Berat, "PP 94/2021 Ps 8(4)b", "pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan", "removal from post to a pelaksana post for 12 months"},
	{Berat, "PP 94/2021 Ps 8(4)c", "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS", "honourable discharge as a civil servant, not at own request"},
}

// index returns the position of s in Sanctions, or -1. A switch rather than
// a search: the lookup runs once per sanction on every authority question.
func (s Sanction) index() int {
	switch s {
	case R1:
		return 0
	case R2:
		return 1
	case R3:
		return 2
	case S1:
		return 3
	case S2:
		return 4
	case S3:
		return 5
	case B1:
		return 6
	case B2:
		return 7
	case B3:
		return 8
	}
	return -1
}

// Valid reports whether s is one of the nine codes.
func (s Sanction) Valid() bool { return s.index() >= 0 }

// Level returns the level of the sanction, or "" for an unknown code.
func (s Sanction) Level() Level {
	if i := s.index(); i >= 0 {
		return sanctionInfo[i].level
	}
	return ""
}

// Article cites the paragraph and letter of Pasal 8 that defines s.
func (s Sanction) Article() string {
	if i := s.index(); i >= 0 {
		return sanctionInfo[i].article
	}
	return ""
}

// NameID is the statutory Indonesian name, e.g. "teguran lisan".
func (s Sanction) NameID() string {
	if i := s.index(); i >= 0 {
		return sanctionInfo[i].nameID
	}
	return ""
}

// NameEN is a short English name, e.g. "oral reprimand".
func (s Sanction) NameEN() string {
	if i := s.index(); i >= 0 {
		return sanctionInfo[i].nameEN
	}
	return ""
}

// sanctionSet is a set of sanctions as bits, bit i for Sanctions[i]; the
// lookup works on these so that it does not allocate.
type sanctionSet uint16

// allSanctions has every bit of the nine sanctions set.
const allSanctions sanctionSet = 1<<9 - 1

// levelSet returns the sanctions of one level.
func levelSet(l Level) sanctionSet {
	switch l {
	case Ringan:
		return 0b000000111
	case Sedang:
		return 0b000111000
	case Berat:
		return 0b111000000
	}
	return 0
}

// list returns the sanctions of the set in the order of Sanctions.
func (set sanctionSet) list() []Sanction {
	var out []Sanction
	for i, s := range Sanctions {
		if set&(1<<i) != 0 {
			out = append(out, s)
		}
	}
	return out
}

// Months is how long the sanction runs once in effect, from its own text
// (S1–S3 six to twelve months, B1 and B2 twelve), or 0 for the sanctions
// that are done the day they take effect (reprimands, discharge). A "sedang"
// sanction imposed as its PP 53/2010 Ps 7(3) substitute runs one year
// whichever it replaces (pp53 true).
func (s Sanction) Months(pp53 bool) int {
	switch s {
	case S1, S2, S3:
		if pp53 {
			return 12
		}
		return map[Sanction]int{S1: 6, S2: 9, S3: 12}[s]
	case B1, B2:
		return 12
	}
	return 0
}
