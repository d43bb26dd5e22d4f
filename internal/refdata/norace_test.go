//go:build !race

package refdata

// raceEnabled reports whether the race detector is on, which invalidates
// timing checks.
const raceEnabled = false
