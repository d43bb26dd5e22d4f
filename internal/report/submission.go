package report

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"sigap/internal/apperr"
	"sigap/internal/vault"
)

// Limits on what a report may hold, in characters. A report is read by
// people: ten thousand characters is some five pages.
const (
	MaxWhat      = 10000
	MinWhat      = 20
	MaxShortText = 200
	MaxLongText  = 2000
)

// Submission is a report as the form or the API sends it, every field as
// typed, before any check.
type Submission struct {
	Category         string
	What             string
	OccurredOn       string // YYYY-MM-DD, may be empty
	District         string // region code of a kecamatan of the tenant
	Village          string // region code of a desa or kelurahan in it
	Place            string
	AccusedName      string
	AccusedOffice    string
	AccusedPosition  string
	ReporterIsVictim string // "yes" or "no"
	Witnesses        string
	Mode             string
	ReporterName     string
	ReporterContact  string
	ReporterNIK      string
	ContactVictim    string // "yes" or "no"
	ShareIdentity    string // "yes" or "no"
	Channel          string // empty for the public form
	ChannelRef       string
}

// Checked is a submission that passed every check.
type Checked struct {
	Category string
	Mode     Mode
	Channel  Channel
	Content
	// The reporter's identity, empty when anonymous; it is sealed apart
	// from the report.
	ReporterName    vault.Secret
	ReporterContact vault.Secret
	ReporterNIK     vault.Secret
	// Files are the checked evidence, already in the encrypted file store.
	Files []Attachment
	// RecordKey is the report's record key when its files were encrypted
	// under it before the report was written; 0 lets the store make one.
	RecordKey uint64
}

// Places answers whether region codes are the tenant's.
type Places interface {
	// IsDistrict reports whether code is a kecamatan of the tenant.
	IsDistrict(code string) bool
	// IsVillage reports whether code is a desa or kelurahan of the district.
	IsVillage(district, code string) bool
}

// Check validates a submission against the tenant's categories and places,
// on the given day (for dates in the future). It returns every problem at
// once, each naming its field.
func (s Submission) Check(categories []Category, places Places, today time.Time) (Checked, error) {
	var c Checked
	var errs apperr.Fields
	text := func(field, v string, max int, required bool) string {
		v, key := cleanText(v, max)
		if key == "" && required && v == "" {
			key = "report.field.required"
		}
		if key != "" {
			errs.Add(field, key, map[string]any{"Max": max})
		}
		return v
	}
	c.Category = strings.TrimSpace(s.Category)
	if !hasCategory(categories, c.Category) {
		errs.Add("category", "report.category.invalid", nil)
	}
	what := text("what", s.What, MaxWhat, true)
	if what != "" && utf8.RuneCountInString(what) < MinWhat {
		errs.Add("what", "report.what.short", map[string]any{"Min": MinWhat})
	}
	c.What = vault.NewSecret(what)
	if d := strings.TrimSpace(s.OccurredOn); d != "" {
		on, err := time.Parse("2006-01-02", d)
		switch {
		case err != nil:
			errs.Add("occurred_on", "report.date.invalid", nil)
		case on.After(today):
			errs.Add("occurred_on", "report.date.future", nil)
		case on.Year() < 1980:
			errs.Add("occurred_on", "report.date.invalid", nil)
		default:
			c.OccurredOn = on
		}
	}
	c.DistrictCode, c.VillageCode = strings.TrimSpace(s.District), strings.TrimSpace(s.Village)
	if c.DistrictCode != "" && !places.IsDistrict(c.DistrictCode) {
		errs.Add("district", "report.district.invalid", nil)
	}
	if c.VillageCode != "" && (c.DistrictCode == "" || !places.IsVillage(c.DistrictCode, c.VillageCode)) {
		errs.Add("village", "report.village.invalid", nil)
	}
	c.Place = vault.NewSecret(text("place", s.Place, MaxShortText, false))
	name := text("accused_name", s.AccusedName, MaxShortText, false)
	office := text("accused_office", s.AccusedOffice, MaxShortText, false)
	position := text("accused_position", s.AccusedPosition, MaxShortText, false)
	if name == "" && office == "" && position == "" && !errs.Has("accused_name") {
		errs.Add("accused_name", "report.accused.required", nil)
	}
	c.AccusedName, c.AccusedOffice, c.AccusedPosition = vault.NewSecret(name), vault.NewSecret(office), vault.NewSecret(position)
	var ok bool
	if c.ReporterIsVictim, ok = yesNo(s.ReporterIsVictim); !ok {
		errs.Add("reporter_is_victim", "report.choice.required", nil)
	}
	c.Witnesses = vault.NewSecret(text("witnesses", s.Witnesses, MaxLongText, false))

	c.Mode = Mode(strings.TrimSpace(s.Mode))
	if !c.Mode.Valid() {
		errs.Add("mode", "report.mode.invalid", nil)
	}
	if c.Mode == Confidential || c.Mode == Named {
		c.ReporterName = vault.NewSecret(text("reporter_name", s.ReporterName, MaxShortText, true))
		c.ReporterContact = vault.NewSecret(text("reporter_contact", s.ReporterContact, MaxShortText, false))
		if nik := strings.Join(strings.Fields(s.ReporterNIK), ""); nik != "" {
			if len(nik) != 16 || strings.Trim(nik, "0123456789") != "" {
				errs.Add("reporter_nik", "report.nik.invalid", nil)
			} else {
				c.ReporterNIK = vault.NewSecret(nik)
			}
		}
		if c.ContactVictim, ok = yesNo(s.ContactVictim); !ok {
			errs.Add("contact_victim", "report.choice.required", nil)
		}
		if c.ShareIdentity, ok = yesNo(s.ShareIdentity); !ok {
			errs.Add("share_identity", "report.choice.required", nil)
		}
	}
	// An anonymous reporter gives no way to be reached and no identity to
	// share: whatever the form sent for them is dropped, not kept.

	c.Channel = Web
	if ch := strings.TrimSpace(s.Channel); ch != "" {
		c.Channel = Channel(ch)
		if !c.Channel.Valid() {
			errs.Add("channel", "report.channel.invalid", nil)
		}
	}
	ref := text("channel_ref", s.ChannelRef, MaxShortText, false)
	if c.Channel == Web && ref != "" {
		ref = ""
	}
	c.ChannelRef = vault.NewSecret(ref)
	return c, errs.Err()
}

// cleanText trims a text, turns Windows line ends into plain ones and
// drops control characters other than line ends and tabs. It returns a
// message key when the text is not UTF-8 or longer than max characters.
func cleanText(s string, max int) (string, string) {
	if !utf8.ValidString(s) {
		return "", "report.text.encoding"
	}
	if len(s) > max*4 || utf8.RuneCountInString(s) > max {
		return "", "report.text.long"
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, s)
	return strings.TrimSpace(s), ""
}

// yesNo reads a yes-or-no answer; ok is false when none was given.
func yesNo(s string) (answer, ok bool) {
	switch strings.TrimSpace(s) {
	case "yes":
		return true, true
	case "no":
		return false, true
	}
	return false, false
}
