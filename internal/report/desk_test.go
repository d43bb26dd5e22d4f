package report

import (
	"testing"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

func TestOutcomeCheck(t *testing.T) {
	for _, c := range []struct {
		in     OutcomeInput
		fields []string
	}{
		{OutcomeInput{Kind: "discipline_case"}, nil},
		{OutcomeInput{Kind: "referral", ReferralTo: "police", Note: "Unsur pidana TPKS"}, nil},
		{OutcomeInput{Kind: "referral"}, []string{"referral_to"}},
		{OutcomeInput{Kind: "rejection"}, []string{"note"}},
		{OutcomeInput{Kind: "rejection", Note: "Bukan ASN Pemerintah Kabupaten Serang."}, nil},
		{OutcomeInput{Kind: "archive"}, []string{"kind"}},
		{OutcomeInput{Kind: "rejection", Note: "\xff"}, []string{"note"}},
	} {
		o, err := c.in.Check()
		got := apperr.FieldsOf(err)
		if len(got) != len(c.fields) {
			t.Errorf("%+v: %v", c.in, err)
			continue
		}
		for i, f := range c.fields {
			if got[i].Field != f {
				t.Errorf("%+v: field %s, want %s", c.in, got[i].Field, f)
			}
		}
		if err == nil && o.Kind != Refer && o.ReferralTo != "" {
			t.Errorf("%+v kept a referral target", c.in)
		}
	}
}

func TestClocks(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	// Received on Thursday 24 December 2026; the 25th is Christmas, the
	// 26th and 27th a weekend: three working days end on Wednesday the 30th.
	cal := calendar.New([]calendar.DayOff{{Date: calendar.NewDate(2026, 12, 25), Name: "Hari Raya Natal", Kind: calendar.KindHoliday}})
	r := Report{CreatedAt: time.Date(2026, 12, 24, 9, 0, 0, 0, wib), Status: New}
	d := DefaultClocks.Deadlines(r, cal, calendar.NewDate(2026, 12, 29), wib)
	if d.VerifyBy != calendar.NewDate(2026, 12, 30) || d.VerifyLate || d.Age != 2 {
		t.Fatalf("verify by %s, late %v, age %d", d.VerifyBy, d.VerifyLate, d.Age)
	}
	// While the report waits, follow-up counts five working days from the
	// verify deadline: 31 Dec, 1 (not a day off in this calendar), 4, 5, 6 Jan.
	if d.FollowUpBy != calendar.NewDate(2027, 1, 6) || d.FollowUpLate {
		t.Errorf("follow up by %s", d.FollowUpBy)
	}
	late := DefaultClocks.Deadlines(r, cal, calendar.NewDate(2026, 12, 31), wib)
	if !late.VerifyLate || late.FollowUpLate || late.Age != 4 {
		t.Errorf("a day later: %+v", late)
	}
	// Verified on the day it came: follow-up counts from then, 28, 29, 30,
	// 31 Dec, 1 Jan; on 4 January with no word to the reporter it is late.
	r.VerifiedAt, r.Status = time.Date(2026, 12, 24, 15, 0, 0, 0, wib), InReview
	d = DefaultClocks.Deadlines(r, cal, calendar.NewDate(2027, 1, 4), wib)
	if d.VerifyLate || d.FollowUpBy != calendar.NewDate(2027, 1, 1) || !d.FollowUpLate {
		t.Errorf("verified early: %+v", d)
	}
	// A closed report's age stops at its closing.
	r.ClosedAt, r.Status, r.FollowedUpAt = time.Date(2026, 12, 28, 10, 0, 0, 0, wib), Closed, time.Date(2026, 12, 28, 10, 0, 0, 0, wib)
	d = DefaultClocks.Deadlines(r, cal, calendar.NewDate(2027, 3, 1), wib)
	if d.Age != 1 || d.FollowUpLate {
		t.Errorf("closed: %+v", d)
	}
}

func TestSimilarity(t *testing.T) {
	a := "Kepala seksi Budi menyentuh saya berulang kali di ruang arsip lantai dua."
	b := "Budi, kepala seksi, berulang kali menyentuh saya di ruang arsip lantai 2!"
	c := "Pegawai kecamatan meminta uang untuk surat keterangan usaha."
	if s := Similarity(a, a); s != 1 {
		t.Errorf("same text: %v", s)
	}
	if s := Similarity(a, b); s < DuplicateThreshold {
		t.Errorf("the same events retold: %v", s)
	}
	if s := Similarity(a, c); s > 0.2 {
		t.Errorf("unrelated: %v", s)
	}
	if Similarity("", a) != 0 || Similarity("!!", "??") != 0 {
		t.Error("empty texts are similar to nothing")
	}
}

func TestCheckCatalogue(t *testing.T) {
	entries := []CatalogueEntry{
		{Category{"sexual_violence", "Pelecehan seksual", "Sexual harassment"}, true},
		{Category{"pungli_perizinan", "  Pungutan   liar izin ", "Permit levies"}, true},
		{Category{"", "", ""}, true}, // an empty row of the form
	}
	out, err := CheckCatalogue(entries)
	if err != nil || len(out) != 2 || out[1].NameID != "Pungutan liar izin" {
		t.Fatalf("%+v %v", out, err)
	}
	bad := []CatalogueEntry{
		{Category{"Bad Code", "x", "x"}, true},
		{Category{"dup", "x", "x"}, false},
		{Category{"dup", "", "x"}, false},
	}
	_, err = CheckCatalogue(bad)
	got := map[string]string{}
	for _, e := range apperr.FieldsOf(err) {
		got[e.Field] = e.Key
	}
	want := map[string]string{"code.0": "category.code.invalid", "code.2": "category.code.twice", "name_id.2": "category.name.invalid"}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("%s: %q, want %q", f, got[f], k)
		}
	}
	if _, err := CheckCatalogue([]CatalogueEntry{{Category{"abc", "x", "y"}, false}}); apperr.FieldsOf(err)[0].Key != "category.none_active" {
		t.Errorf("nothing offered: %v", err)
	}
}
