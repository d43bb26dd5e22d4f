package roster

import (
	"slices"
	"strings"
)

// Status is what kind of civil servant someone is.
type Status string

// The statuses. CPNS are candidates in their probation year; PPPK are
// government employees on contract (UU 20/2023).
const (
	PNS  Status = "PNS"
	CPNS Status = "CPNS"
	PPPK Status = "PPPK"
)

// PositionKind is the family of a position, which decides who examines and
// who may sanction (PP 94/2021 Ps 16–25).
type PositionKind string

// The position kinds.
const (
	JPTPratama    PositionKind = "jpt_pratama"   // head of an OPD, Sekda of a regency
	Administrator PositionKind = "administrator" // echelon III
	Pengawas      PositionKind = "pengawas"      // echelon IV
	Fungsional    PositionKind = "fungsional"    // teachers, doctors, auditors…
	Pelaksana     PositionKind = "pelaksana"     // staff
)

// PositionKinds lists the kinds in order of seniority.
var PositionKinds = []PositionKind{JPTPratama, Administrator, Pengawas, Fungsional, Pelaksana}

// FunctionalLevels are the levels of functional positions, expert track
// first, then the skill track.
var FunctionalLevels = []string{"ahli_utama", "ahli_madya", "ahli_muda", "ahli_pertama", "penyelia", "mahir", "terampil", "pemula"}

// Echelons are the structural echelons still used at regency level.
var Echelons = []string{"II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b"}

// ValidRank reports whether rank is a golongan of the status: I/a to IV/e
// for PNS and CPNS (I to III have a–d), I to XVII for PPPK.
func ValidRank(st Status, rank string) bool {
	rank = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(rank), " ", ""))
	if st == PPPK {
		return slices.Contains([]string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"}, rank)
	}
	group, room, ok := strings.Cut(rank, "/")
	if !ok || len(room) != 1 {
		return false
	}
	switch group {
	case "I", "II", "III":
		return room >= "A" && room <= "D"
	case "IV":
		return room >= "A" && room <= "E"
	}
	return false
}

// NormalizeRank writes a golongan the usual way: "III/c", "IX".
func NormalizeRank(rank string) string {
	rank = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(rank), " ", ""))
	if g, r, ok := strings.Cut(rank, "/"); ok {
		return g + "/" + strings.ToLower(r)
	}
	return rank
}

// State is whether someone is still in service. Left is set by sigap, not
// by a file: the employee was on the roster and is not on the new one
// (moved to another government, or removed by the personnel office).
type State string

// The states.
const (
	Active    State = "active"
	Retired   State = "retired"
	Dismissed State = "dismissed"
	Left      State = "left"
)

// ParseState reads the state column of a roster file, in Indonesian or
// English.
func ParseState(s string) (State, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "aktif", "active":
		return Active, true
	case "pensiun", "retired":
		return Retired, true
	case "diberhentikan", "berhenti", "dismissed":
		return Dismissed, true
	}
	return "", false
}
