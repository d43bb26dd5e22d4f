package refdata

import (
	"embed"
	"io"
)

// files holds the reference CSVs. They are read-only copies of
// shared/data; update them there and copy, never edit them here.
//
//go:embed data/*.csv
var files embed.FS

// File names used in embedded paths and in ParseError.File.
const (
	RegionsFile  = "regions-id.csv"
	HolidaysFile = "holidays-id.csv"
	OfficesFile  = "opd-serang.csv"
)

// NationalRegions returns the embedded Kemendagri region table
// (regions-id.csv), for ParseRegions.
func NationalRegions() io.Reader { return open(RegionsFile) }

// NationalHolidays returns the embedded national holidays and cuti bersama
// (holidays-id.csv), for ParseHolidays.
func NationalHolidays() io.Reader { return open(HolidaysFile) }

// SerangOffices returns the embedded Perangkat Daerah list of Kab. and Kota
// Serang (opd-serang.csv, PARTIAL: see data/SOURCES.md), for ParseOffices.
func SerangOffices() io.Reader { return open(OfficesFile) }

// open returns a fresh reader over an embedded file. Opening, rather than
// ReadFile, avoids copying the 3.7 MB region table. A failure can only mean
// the embed directive and the constants disagree, a build defect that tests
// catch, so it panics rather than burdening every caller with an error.
func open(name string) io.Reader {
	f, err := files.Open("data/" + name)
	if err != nil {
		panic("refdata: embedded file missing: " + err.Error())
	}
	return f
}
