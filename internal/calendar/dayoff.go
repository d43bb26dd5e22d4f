package calendar

// DayOff is one day on which government offices are closed.
type DayOff struct {
	// Date is the closed day.
	Date Date
	// Name is the occasion as written in the decree, e.g.
	// "Idul Fitri 1446 Hijriah".
	Name string
	// Kind says whether the day is national (libur, cuti_bersama) or local.
	Kind Kind
}

// entry is everything a Calendar knows about one closed date. Decrees can
// put two occasions on one day (and a tenant can declare a local day that
// coincides with a national one), so one DayOff is chosen as the primary
// and every distinct name is kept for display.
type entry struct {
	primary DayOff
	names   []string
}

// merge folds another DayOff for the same date into e. The first national
// entry wins as primary, because national status is what matters legally
// (and for Covers); a local entry never displaces it.
func (e *entry) merge(o DayOff) {
	if !e.primary.Kind.national() && o.Kind.national() {
		e.primary = o
	}
	for _, n := range e.names {
		if n == o.Name {
			return
		}
	}
	e.names = append(e.names, o.Name)
}
