// Package nip reads the Nomor Induk Pegawai, the 18-digit number of a civil
// servant: birth date (8 digits), appointment year and month (6), sex (1)
// and a sequence number (3), e.g. 19900101 201503 1 002. No I/O.
package nip

import (
	"strconv"
	"strings"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

// Sex is the sex digit of a NIP.
type Sex int

// The two values the sex digit takes.
const (
	Male   Sex = 1
	Female Sex = 2
)

// NIP is a parsed, valid NIP.
type NIP struct {
	Birth          calendar.Date
	AppointedYear  int
	AppointedMonth time.Month
	Sex            Sex
	Seq            int
}

// Len is the number of digits of a NIP.
const Len = 18

// field is the form field errors are reported on.
const field = "nip"

func invalid(key string, args map[string]any) error {
	return apperr.InvalidField(field, key, args)
}

// Normalize removes the spaces, dots and dashes people type between the
// parts of a NIP, and nothing else.
func Normalize(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '\u00a0', '\t':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// Parse checks a NIP part by part; the error names the part that is wrong
// (its message key is nip.<part>), so a clerk knows what to correct.
func Parse(s string) (NIP, error) {
	s = Normalize(s)
	if len(s) != Len {
		return NIP{}, invalid("nip.length", map[string]any{"Len": len([]rune(s))})
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return NIP{}, invalid("nip.digits", nil)
		}
	}
	num := func(a, b int) int { n, _ := strconv.Atoi(s[a:b]); return n }
	var n NIP
	by, bm, bd := num(0, 4), num(4, 6), num(6, 8)
	n.Birth = calendar.NewDate(by, time.Month(bm), bd)
	// NewDate normalises 31 February into March: a round trip shows it.
	if bm < 1 || bm > 12 || n.Birth.Year() != by || int(n.Birth.Month()) != bm || n.Birth.Day() != bd || by < 1900 {
		return NIP{}, invalid("nip.birth", map[string]any{"Value": s[0:8]})
	}
	n.AppointedYear, n.AppointedMonth = num(8, 12), time.Month(num(12, 14))
	if n.AppointedMonth < 1 || n.AppointedMonth > 12 || n.AppointedYear < 1900 {
		return NIP{}, invalid("nip.appointment", map[string]any{"Value": s[8:14]})
	}
	// The appointment month must come after the month of birth.
	if n.AppointedYear*12+int(n.AppointedMonth) <= by*12+bm {
		return NIP{}, invalid("nip.appointment_before_birth", nil)
	}
	switch s[14] {
	case '1':
		n.Sex = Male
	case '2':
		n.Sex = Female
	default:
		return NIP{}, invalid("nip.sex", map[string]any{"Value": s[14:15]})
	}
	n.Seq = num(15, 18)
	if n.Seq == 0 {
		return NIP{}, invalid("nip.sequence", nil)
	}
	return n, nil
}

// String returns the 18 digits.
func (n NIP) String() string {
	var b strings.Builder
	b.Grow(Len)
	b.WriteString(strings.ReplaceAll(n.Birth.String(), "-", ""))
	b.WriteString(pad(n.AppointedYear, 4))
	b.WriteString(pad(int(n.AppointedMonth), 2))
	b.WriteString(strconv.Itoa(int(n.Sex)))
	b.WriteString(pad(n.Seq, 3))
	return b.String()
}

// Formatted returns the NIP grouped as it is printed on letters:
// 19900101 201503 1 002.
func (n NIP) Formatted() string {
	s := n.String()
	return s[0:8] + " " + s[8:14] + " " + s[14:15] + " " + s[15:18]
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
