// Package calendar answers "hari kerja" (working-day) questions for
// Indonesian government offices.
//
// Statutory deadlines in regional government procedures are counted in
// working days. A working day is a Monday to Friday that is neither a
// national holiday (libur nasional), nor a national cuti bersama, nor a day
// off declared by the tenant (the regional government) itself. Deadlines
// follow the usual legal convention: the day on which the period starts is
// not counted, and the next working day is day 1.
//
// The package is pure: it has no I/O and no global mutable state. Holiday
// data comes from the caller (see package sigap/internal/refdata for the
// embedded national list), so tests and tenants can use their own.
package calendar
