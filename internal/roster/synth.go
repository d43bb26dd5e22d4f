package roster

import (
	"fmt"
	"math/rand/v2"
	"time"

	"sigap/internal/calendar"
	"sigap/internal/nip"
)

// Names for synthetic rosters: common given names across Indonesia, and
// second names and clan names from Java, Sunda (Banten), Sumatra, Bali and
// eastern Indonesia, so that search is tested on names that look real.
var (
	maleNames = []string{"Ahmad", "Muhammad", "Budi", "Agus", "Andi", "Rizki", "Dedi", "Eko", "Hendra", "Iwan",
		"Joko", "Bambang", "Asep", "Ujang", "Dadang", "Yusuf", "Fajar", "Rahmat", "Arif", "Teguh",
		"Wahyu", "Hasan", "Imam", "Gede", "Made", "Putu", "Yohanes", "Daniel", "Rudi", "Slamet"}
	femaleNames = []string{"Siti", "Dewi", "Sri", "Nur", "Rina", "Wati", "Ani", "Lestari", "Fitri", "Rahmawati",
		"Yuliani", "Nurul", "Ratna", "Euis", "Neneng", "Ayu", "Dian", "Kartika", "Indah", "Puspita",
		"Maria", "Ketut", "Komang", "Fatimah", "Aisyah", "Wulan", "Intan", "Mega", "Eka", "Rosita"}
	secondNames = []string{"Santoso", "Hidayat", "Saputra", "Wijaya", "Kurniawan", "Setiawan", "Pratama", "Nugroho",
		"Susanti", "Handayani", "Permana", "Sulaeman", "Suryana", "Hermawan", "Firmansyah", "Siregar",
		"Nasution", "Harahap", "Lubis", "Simanjuntak", "Wibowo", "Utami", "Maulana", "Ramadhan",
		"Sutrisno", "Gunawan", "Rohman", "Amelia", "Wardani", "Mahendra", "Sembiring", "Pangaribuan"}
	frontTitleList = []string{"Drs.", "Dra.", "Ir.", "dr.", "H.", "Hj."}
	degreeList     = []string{"S.Pd.", "S.H.", "S.E.", "S.Sos.", "S.Kom.", "S.T.", "M.Si.", "M.M.", "A.Md.", "S.IP."}
)

// Person is one synthetic civil servant.
type Person struct {
	Name string
	NIP  nip.NIP
}

// Synth makes reproducible synthetic people: the same seed gives the same
// people, and no NIP is given twice.
type Synth struct {
	rng  *rand.Rand
	used map[string]bool
	now  int // the year the roster is "as of"
}

// NewSynth returns a generator as of the given year.
func NewSynth(seed uint64, asOf int) *Synth {
	return &Synth{rng: rand.New(rand.NewPCG(seed, seed^0x5167a9)), used: map[string]bool{}, now: asOf}
}

// Person returns the next person: born between 57 and 20 years before the
// roster's year, appointed between the ages of 20 and 35 and not after it.
func (g *Synth) Person() Person {
	for {
		sex := nip.Male
		given := maleNames
		if g.rng.IntN(2) == 1 {
			sex, given = nip.Female, femaleNames
		}
		birth := calendar.NewDate(g.now-20-g.rng.IntN(38), time.Month(1+g.rng.IntN(12)), 1+g.rng.IntN(28))
		age := 20 + g.rng.IntN(16)
		year := min(birth.Year()+age, g.now)
		month := time.Month(1 + g.rng.IntN(12))
		if year*12+int(month) <= birth.Year()*12+int(birth.Month()) {
			continue
		}
		n := nip.NIP{Birth: birth, AppointedYear: year, AppointedMonth: month, Sex: sex, Seq: 1 + g.rng.IntN(999)}
		if g.used[n.String()] {
			continue
		}
		g.used[n.String()] = true
		return Person{Name: g.name(given), NIP: n}
	}
}

// name makes a name of one to three parts, with a title or a degree now
// and then, as rosters are written.
func (g *Synth) name(given []string) string {
	name := given[g.rng.IntN(len(given))]
	if g.rng.IntN(3) > 0 {
		name += " " + secondNames[g.rng.IntN(len(secondNames))]
	}
	if g.rng.IntN(5) == 0 {
		name += " " + secondNames[g.rng.IntN(len(secondNames))]
	}
	switch g.rng.IntN(8) {
	case 0:
		name = frontTitleList[g.rng.IntN(len(frontTitleList))] + " " + name
	case 1, 2:
		name = fmt.Sprintf("%s, %s", name, degreeList[g.rng.IntN(len(degreeList))])
	}
	return name
}
