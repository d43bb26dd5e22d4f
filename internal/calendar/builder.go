package calendar

import (
	"slices"
)

// builder accumulates entries and then freezes them into a Calendar; it
// keeps New and With from duplicating the index-building code.
type builder struct {
	byDate map[Date]*entry
}

// add merges one DayOff into the builder.
func (b *builder) add(d DayOff) {
	if d.Date.IsZero() {
		return
	}
	if e, ok := b.byDate[d.Date]; ok {
		e.merge(d)
		return
	}
	b.byDate[d.Date] = &entry{primary: d, names: []string{d.Name}}
}

// build computes the lookup structures of an immutable Calendar.
func (b *builder) build() *Calendar {
	c := &Calendar{byDate: b.byDate}
	c.sorted = make([]Date, 0, len(b.byDate))
	for d := range b.byDate {
		c.sorted = append(c.sorted, d)
	}
	slices.SortFunc(c.sorted, cmpDate)
	if len(c.sorted) == 0 {
		return c
	}
	c.first, c.last = c.sorted[0].n, c.sorted[len(c.sorted)-1].n
	c.closed = make([]uint64, (c.last-c.first)/64+1)
	for _, d := range c.sorted {
		i := d.n - c.first
		c.closed[i/64] |= 1 << (i % 64)
		if isWeekday(d.n) {
			c.weekdayOff = append(c.weekdayOff, d.n)
		}
		if e := b.byDate[d]; e.primary.Kind.national() {
			if y := d.Year(); len(c.nationalYears) == 0 || c.nationalYears[len(c.nationalYears)-1] != y {
				c.nationalYears = append(c.nationalYears, y)
			}
		}
	}
	return c
}
