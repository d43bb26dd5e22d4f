// Package refdata embeds sigap's public reference data (Kemendagri region
// codes, national holidays and cuti bersama, the Perangkat Daerah of the
// Serang tenants) and parses it.
//
// The parsers are strict because their output is loaded into every tenant's
// database: a malformed file is rejected as a whole, before anything is
// written, with errors that name the file, line, field and problem (up to
// MaxProblems of them) so an operator can fix it in one pass. See
// data/SOURCES.md for where each file comes from and its licence.
package refdata
