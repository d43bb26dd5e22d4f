package calendar

// Kind says why government offices are closed on a day. The values are the
// ones stored in the database and the reference CSV, so they are Indonesian
// legal terms rather than translations.
type Kind string

const (
	// KindHoliday is a hari libur nasional declared in the SKB 3 Menteri
	// (or an ad-hoc Keppres such as an election day).
	KindHoliday Kind = "libur"
	// KindCutiBersama is a national cuti bersama from the same SKB: leave
	// taken collectively, on which government offices are closed.
	KindCutiBersama Kind = "cuti_bersama"
	// KindLocal is a day off declared by one tenant (regional government)
	// only, e.g. a regional anniversary.
	KindLocal Kind = "local"
)

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool {
	switch k {
	case KindHoliday, KindCutiBersama, KindLocal:
		return true
	}
	return false
}

// national reports whether k comes from the national decree, which is what
// Covers uses to decide whether a year's data is present at all.
func (k Kind) national() bool {
	return k == KindHoliday || k == KindCutiBersama
}
