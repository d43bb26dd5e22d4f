package report

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"sigap/internal/apperr"
)

// places is the test's tenant: one district with one village.
type places struct{}

func (places) IsDistrict(code string) bool { return code == "36.04.01" }
func (places) IsVillage(district, code string) bool {
	return district == "36.04.01" && code == "36.04.01.2001"
}

var today = time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)

func good() Submission {
	return Submission{
		Category: "sexual_violence", What: "Atasan saya berulang kali menyentuh saya tanpa izin di ruang arsip.",
		OccurredOn: "2026-11-20", District: "36.04.01", Village: "36.04.01.2001", Place: "Ruang arsip lantai 2",
		AccusedName: "Budi", AccusedOffice: "Dinas Pendidikan", ReporterIsVictim: "yes", Mode: "confidential",
		ReporterName: "Siti", ReporterContact: "0812 0000 0000", ReporterNIK: "3604 0101 0101 0001",
		ContactVictim: "yes", ShareIdentity: "no",
	}
}

func fields(err error) map[string]string {
	out := map[string]string{}
	for _, e := range apperr.FieldsOf(err) {
		out[e.Field] = e.Key
	}
	return out
}

func TestCheckAcceptsAGoodReport(t *testing.T) {
	c, err := good().Check(DefaultCategories, places{}, today)
	if err != nil {
		t.Fatal(err)
	}
	if c.Mode != Confidential || c.Channel != Web || !c.ReporterIsVictim || !c.ContactVictim || c.ShareIdentity ||
		c.ReporterNIK.Reveal() != "3604010101010001" || c.AccusedName.Reveal() != "Budi" || c.OccurredOn.Day() != 20 {
		t.Errorf("checked %+v", c)
	}
}

func TestCheckListsEveryProblem(t *testing.T) {
	s := Submission{Category: "gossip", What: "too short", OccurredOn: "2026-12-04", District: "36.73.01", Village: "36.04.01.2001",
		ReporterIsVictim: "maybe", Mode: "named", ReporterNIK: "12345"}
	got := fields(func() error { _, err := s.Check(DefaultCategories, places{}, today); return err }())
	want := map[string]string{
		"category": "report.category.invalid", "what": "report.what.short", "occurred_on": "report.date.future",
		"district": "report.district.invalid", "village": "report.village.invalid", "accused_name": "report.accused.required",
		"reporter_is_victim": "report.choice.required", "reporter_name": "report.field.required", "reporter_nik": "report.nik.invalid",
		"contact_victim": "report.choice.required", "share_identity": "report.choice.required",
	}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("%s: %q, want %q", f, got[f], k)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %v", got)
	}
}

func TestCheckBadText(t *testing.T) {
	s := good()
	s.AccusedName = strings.Repeat("x", 1<<20)
	s.Place = "Ruang \xff arsip"
	s.What = "Line one\r\nline two\x00\x07 with enough characters"
	c, err := s.Check(DefaultCategories, places{}, today)
	got := fields(err)
	if got["accused_name"] != "report.text.long" || got["place"] != "report.text.encoding" || len(got) != 2 {
		t.Fatalf("%v", got)
	}
	s.AccusedName, s.Place = "Budi", ""
	if c, err = s.Check(DefaultCategories, places{}, today); err != nil || c.What.Reveal() != "Line one\nline two with enough characters" {
		t.Errorf("%q %v", c.What.Reveal(), err)
	}
}

func TestAnonymousKeepsNothingAboutTheReporter(t *testing.T) {
	s := good()
	s.Mode = "anonymous"
	s.ShareIdentity, s.ContactVictim = "", ""
	c, err := s.Check(DefaultCategories, places{}, today)
	if err != nil {
		t.Fatal(err)
	}
	if !c.ReporterName.IsZero() || !c.ReporterContact.IsZero() || !c.ReporterNIK.IsZero() || c.ContactVictim || c.ShareIdentity {
		t.Errorf("an anonymous report kept the reporter: %+v", c)
	}
}

func TestIntakeChannels(t *testing.T) {
	s := good()
	s.Channel, s.ChannelRef = "lapor", "LPR-2026-1234"
	if c, err := s.Check(DefaultCategories, places{}, today); err != nil || c.Channel != Lapor || c.ChannelRef.Reveal() != "LPR-2026-1234" {
		t.Errorf("%+v %v", c, err)
	}
	s.Channel = "fax"
	if fields(func() error { _, err := s.Check(DefaultCategories, places{}, today); return err }())["channel"] != "report.channel.invalid" {
		t.Error("an unknown channel passed")
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("sexual_violence", "Sesuatu terjadi di kantor kemarin sore.", "2026-11-01", "36.04.01", "yes", "anonymous", "")
	f.Add("other", "\xff\xfe", "2026-13-45", "", "no", "named", "1234")
	f.Fuzz(func(t *testing.T, cat, what, date, district, victim, mode, nik string) {
		s := Submission{Category: cat, What: what, OccurredOn: date, District: district, ReporterIsVictim: victim,
			Mode: mode, ReporterNIK: nik, ReporterName: what, AccusedName: what, ContactVictim: victim, ShareIdentity: victim}
		c, err := s.Check(DefaultCategories, places{}, today)
		if err != nil {
			for _, e := range apperr.FieldsOf(err) {
				if e.Code != apperr.Invalid || e.Field == "" || e.Key == "" {
					t.Fatalf("bad error %+v", e)
				}
			}
			return
		}
		for _, v := range []string{c.What.Reveal(), c.AccusedName.Reveal(), c.ReporterName.Reveal()} {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				t.Fatalf("unclean text %q", v)
			}
		}
		if !c.Mode.Valid() || c.OccurredOn.After(today) {
			t.Fatalf("checked %+v", c)
		}
	})
}

func FuzzCleanMessage(f *testing.F) {
	for _, s := range []string{"Senin pagi.", "", " \r\n ", "\xff\xfe", strings.Repeat("a", MaxMessage+1)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := CleanMessage(s)
		if err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != "body" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		v := m.Reveal()
		if v == "" || !utf8.ValidString(v) || strings.ContainsAny(v, "\x00\r") || utf8.RuneCountInString(v) > MaxMessage {
			t.Fatalf("%q cleaned to %q", s, v)
		}
	})
}
