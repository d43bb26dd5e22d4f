// Package disclosure decides which counts of a published table are hidden
// so that no victim or accused can be singled out from it.
//
// A count from 1 to Min-1 (a "small" count) is hidden (primary
// suppression): in an office of forty people, "1 report" points at
// someone. Where a total is shown beside the counts, hiding the small
// count alone is not enough: the total minus the shown counts gives it
// back. So further counts are hidden (complementary suppression) until no
// hidden count can be worked out from what is shown, or else the total is
// hidden too.
//
// The reader is assumed to know the rules: that a count shown as "<Min" is
// between 1 and Min-1, and that a count hidden for the protection of
// another is at least Min (it would be small otherwise, and zeros are
// never hidden). A count is protected when, with everything shown, it can
// still take at least two values.
package disclosure

// DefaultMin is the smallest count shown when a government has chosen no
// threshold of its own.
const DefaultMin = 3

// MinLeast and MaxLeast bound the threshold a government may choose.
const (
	MinLeast = 3
	MaxLeast = 20
)

// Mark says how one count is shown.
type Mark uint8

// The marks.
const (
	Shown     Mark = iota
	Small          // between 1 and Min-1: shown as "<Min"
	Protected      // hidden for the protection of a small count: shown as a dash
)

// Column is one column of counts with its total, as it will be shown.
type Column struct {
	Marks       []Mark
	TotalHidden bool
}

// Hidden reports whether the i-th count is not shown.
func (c Column) Hidden(i int) bool { return c.Marks[i] != Shown }

// Suppress decides how to show counts (all >= 0) and, when withTotal,
// their sum. A least below MinLeast hides nothing: "<2" could only mean 1.
func Suppress(counts []int, least int, withTotal bool) Column {
	c := Column{Marks: make([]Mark, len(counts))}
	if least < MinLeast {
		return c
	}
	for i, n := range counts {
		if n > 0 && n < least {
			c.Marks[i] = Small
		}
	}
	if !withTotal {
		return c
	}
	for !protects(counts, c.Marks, least) {
		// Hide the smallest count still shown, to lose the least. Zeros
		// stay shown: a protected count is read as at least least.
		pick := -1
		for i, n := range counts {
			if c.Marks[i] == Shown && n > 0 && (pick < 0 || n < counts[pick]) {
				pick = i
			}
		}
		if pick < 0 {
			c.TotalHidden = true
			return c
		}
		c.Marks[pick] = Protected
	}
	return c
}

// unbounded stands for "no upper limit" in the ranges; large enough never
// to be reached, small enough that sums of many do not overflow.
const unbounded = 1 << 40

// bounds is what the reader knows of a hidden count of this mark.
func bounds(m Mark, least int) (lo, hi int) {
	if m == Small {
		return 1, least - 1
	}
	return least, unbounded
}

// protects reports whether, with the shown counts and the total known,
// every hidden count can still take at least two values. The reader knows
// the sum of the hidden counts (the total less the shown ones) and each
// one's bounds; count i is pinned when the bounds of the others leave it
// a single value.
func protects(counts []int, marks []Mark, least int) bool {
	sum, lo, hi := 0, 0, 0
	for i, n := range counts {
		if marks[i] == Shown {
			continue
		}
		l, h := bounds(marks[i], least)
		sum, lo, hi = sum+n, lo+l, hi+h
	}
	for i := range counts {
		if marks[i] == Shown {
			continue
		}
		l, h := bounds(marks[i], least)
		// The others add up to between lo-l and hi-h.
		if max(l, sum-(hi-h)) >= min(h, sum-(lo-l)) {
			return false
		}
	}
	return true
}
