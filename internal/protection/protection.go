// Package protection holds the rules of a victim protection case as the
// women and child protection office (UPTD PPA, DP3A) keeps it: the victims,
// the incident, the perpetrators, what the victim agreed to share, and the
// vocabularies of Simfoni PPA. It has no I/O.
//
// Sources: UU 12/2022 (TPKS) and Simfoni PPA's published dimensions, in
// the legal notes §7. Simfoni's full code lists are not published; the
// lists here are the ones seen in its statistics and printouts, and the
// export maps them to the codes a government configures (docs/PROTECTION-EXPORT.md).
package protection

import "slices"

// Via says how a case reached the office.
type Via string

// The ways in.
const (
	ViaReport   Via = "report"   // from a report on the public channel (the desk opened it)
	ViaWalkIn   Via = "walk_in"  // the victim or a companion came to the office
	ViaOutreach Via = "outreach" // the office reached the victim (penjangkauan)
)

// Vias lists the ways in, in display order.
var Vias = []Via{ViaReport, ViaWalkIn, ViaOutreach}

// Valid reports whether v is a known way in.
func (v Via) Valid() bool { return slices.Contains(Vias, v) }

// Form is a form of violence, as Simfoni PPA counts them.
type Form string

// The forms of violence of Simfoni PPA.
const (
	Physical      Form = "fisik"
	Psychological Form = "psikis"
	Sexual        Form = "seksual"
	Exploitation  Form = "eksploitasi"
	Trafficking   Form = "trafficking"
	Neglect       Form = "penelantaran"
	OtherForm     Form = "lainnya"
)

// Forms lists the forms of violence in Simfoni's order.
var Forms = []Form{Physical, Psychological, Sexual, Exploitation, Trafficking, Neglect, OtherForm}

// Valid reports whether f is a known form.
func (f Form) Valid() bool { return slices.Contains(Forms, f) }

// Place is the kind of place an incident happened, as Simfoni groups them.
// The list seen in Simfoni's statistics is incomplete; "lainnya" takes
// the rest.
type Place string

// The kinds of place.
const (
	Household   Place = "rumah_tangga"
	School      Place = "sekolah"
	PublicPlace Place = "fasilitas_umum"
	Workplace   Place = "tempat_kerja"
	OnlinePlace Place = "daring"
	OtherPlace  Place = "lainnya"
)

// Places lists the kinds of place in display order.
var Places = []Place{Household, School, PublicPlace, Workplace, OnlinePlace, OtherPlace}

// Valid reports whether p is a known kind of place.
func (p Place) Valid() bool { return slices.Contains(Places, p) }

// Sex is a person's sex as recorded.
type Sex string

// The sexes Simfoni records.
const (
	Female Sex = "P"
	Male   Sex = "L"
)

// Valid reports whether s is a known sex.
func (s Sex) Valid() bool { return s == Female || s == Male }

// Relation is how a perpetrator stands to the victim.
type Relation string

// The relations, in display order.
var Relations = []Relation{
	"atasan", "rekan_kerja", "bawahan", "suami_istri", "orang_tua", "keluarga",
	"pacar", "teman", "guru", "tetangga", "tidak_dikenal", "lainnya",
}

// Valid reports whether r is a known relation.
func (r Relation) Valid() bool { return slices.Contains(Relations, r) }

// Disability is a victim's disability, when there is one (UU 8/2016 Ps 4).
type Disability string

// The disabilities; "" is none.
var Disabilities = []Disability{"fisik", "intelektual", "mental", "sensorik", "ganda"}

// Valid reports whether d is none or a known disability.
func (d Disability) Valid() bool { return d == "" || slices.Contains(Disabilities, d) }

// Outcome is how a closed case ended.
type Outcome string

// The outcomes. TPKS cases cannot be settled out of court (UU 12/2022
// Ps 23), so there is no "mediated" outcome.
var Outcomes = []Outcome{"services_done", "referred", "court_decided", "victim_withdrew", "moved_away", "other"}

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool { return slices.Contains(Outcomes, o) }

// Status is where a case stands.
type Status string

// The statuses.
const (
	Open   Status = "open"
	Closed Status = "closed"
)

// Service is a kind of service given to a victim, as Simfoni PPA counts
// them (health split into its usual kinds), with shelter.
type Service string

// The services, in display order.
var Services = []Service{
	"pengaduan", "kesehatan_medis", "kesehatan_visum", "kesehatan_psikologis",
	"bantuan_hukum", "penegakan_hukum", "rehabilitasi_sosial", "reintegrasi_sosial",
	"pemulangan", "pendampingan_tokoh_agama", "rumah_aman",
}

// Valid reports whether s is a known service.
func (s Service) Valid() bool { return slices.Contains(Services, s) }
