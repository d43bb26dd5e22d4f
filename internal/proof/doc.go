// Package proof holds tests of whole sigap processes: the binary is built
// once, started as real server processes on a shared database, killed with
// SIGKILL in the middle of traffic, and the database is then checked for
// what was promised to the callers. It has no code of its own; the tests
// are the point.
package proof
