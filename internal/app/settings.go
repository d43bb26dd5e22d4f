package app

import (
	"context"
	"strconv"
	"strings"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/discipline"
	"sigap/internal/identity"
	"sigap/internal/letters"
)

// procedure is the procedure the tenant counts by: its settings, or the
// defaults.
func (a *App) procedure(ctx context.Context, tenantID int64) (discipline.Procedure, error) {
	st, err := a.Store.ProcedureSettings(ctx, tenantID)
	if err != nil {
		return discipline.Procedure{}, err
	}
	return st.Procedure(), nil
}

// SettingsView is the settings page: the tenant's choices, where each
// comes from, and the number the next case would get.
type SettingsView struct {
	Settings discipline.Settings
	Sources  []discipline.SettingSource
	Tokens   []string
	Preview  string
}

// SettingsInput is the settings form as sent.
type SettingsInput struct {
	NumberFormat  string
	EffectDay     string // "hk" or "day" (Ps 38(1))
	SummonsRule   string // "latest" or "notice" (Ps 26(2))
	SedangSet     string // "pp53" or "pp94" (Ps 42)
	RemindDays    string // the deadline watch's reminder, in working days ahead
	InactionDays  string // a told superior's window to summon (Ps 28), in working days
	OnlyPreviewed bool   // show the number the format gives, change nothing
}

// ProcedureSettings returns the tenant's settings for its admin.
func (a *App) ProcedureSettings(ctx context.Context, u identity.User) (SettingsView, error) {
	if err := access.Check(u, access.ManageProcedure); err != nil {
		return SettingsView{}, err
	}
	st, err := a.Store.ProcedureSettings(ctx, u.TenantID)
	if err != nil {
		return SettingsView{}, err
	}
	v := SettingsView{Settings: st, Sources: discipline.SettingSources, Tokens: discipline.NumberTokens}
	v.Preview, err = a.numberPreview(ctx, u.TenantID, st.NumberFormat)
	return v, err
}

func (a *App) numberPreview(ctx context.Context, tenantID int64, format string) (string, error) {
	f, err := discipline.ParseNumberFormat(format)
	if err != nil {
		return "", err
	}
	return a.Store.NextCaseNumberPreview(ctx, tenantID, f)
}

// SetProcedureSettings checks and records the tenant's settings; with
// OnlyPreviewed it checks them and returns the number the format gives
// without recording anything. A refused format changes nothing.
func (a *App) SetProcedureSettings(ctx context.Context, u identity.User, in SettingsInput) (string, error) {
	if err := access.Check(u, access.ManageProcedure); err != nil {
		return "", err
	}
	st := discipline.Settings{NumberFormat: strings.TrimSpace(in.NumberFormat)}
	preview, err := a.numberPreview(ctx, u.TenantID, st.NumberFormat)
	if err != nil {
		return "", err
	}
	if st.EffectInHK, err = choice(in.EffectDay, "effect_day", "hk", "day"); err != nil {
		return "", err
	}
	if st.SummonsNotice, err = choice(in.SummonsRule, "summons_rule", "notice", "latest"); err != nil {
		return "", err
	}
	if st.SedangPP53, err = choice(in.SedangSet, "sedang_set", "pp53", "pp94"); err != nil {
		return "", err
	}
	if st.RemindDays, err = days(in.RemindDays, "remind_days", 0, discipline.MaxRemindDays); err != nil {
		return "", err
	}
	if st.InactionDays, err = days(in.InactionDays, "inaction_days", 1, discipline.MaxInactionDays); err != nil {
		return "", err
	}
	if in.OnlyPreviewed {
		return preview, nil
	}
	if err := a.Store.SetProcedureSettings(ctx, actor(u), u.TenantID, st); err != nil {
		return "", err
	}
	return preview, a.recountDue(ctx, u.TenantID)
}

// days reads a number of working days between lo and hi.
func days(v, field string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < lo || n > hi {
		return 0, apperr.InvalidField(field, "settings.days.invalid", map[string]any{"Min": lo, "Max": hi})
	}
	return n, nil
}

// choice reads a two-way choice: true for yes, false for no.
func choice(v, field, yes, no string) (bool, error) {
	switch strings.TrimSpace(v) {
	case yes:
		return true, nil
	case no:
		return false, nil
	}
	return false, apperr.InvalidField(field, "settings.choice.invalid", nil)
}

// LetterTextView is a letter block with the tenant's wording.
type LetterTextView struct {
	letters.Block
	Text string
	Own  bool // the tenant worded it; otherwise the default
}

// LetterTexts returns every letter block with the tenant's wording.
func (a *App) LetterTexts(ctx context.Context, u identity.User) ([]LetterTextView, error) {
	if err := access.Check(u, access.ManageProcedure); err != nil {
		return nil, err
	}
	own, err := a.Store.LetterTexts(ctx, u.TenantID)
	if err != nil {
		return nil, err
	}
	var out []LetterTextView
	for _, b := range letters.Blocks() {
		v := LetterTextView{Block: b, Text: b.Default}
		if t, ok := own[b.Key]; ok {
			v.Text, v.Own = t, true
		}
		out = append(out, v)
	}
	return out, nil
}

// LetterText returns one block with the tenant's wording.
func (a *App) LetterText(ctx context.Context, u identity.User, key string) (LetterTextView, error) {
	all, err := a.LetterTexts(ctx, u)
	if err != nil {
		return LetterTextView{}, err
	}
	for _, v := range all {
		if v.Key == key {
			return v, nil
		}
	}
	return LetterTextView{}, apperr.New(apperr.NotFound, "letters.block.not_found")
}

// SetLetterText records the tenant's wording of a block, refusing one that
// uses a placeholder the block does not offer.
func (a *App) SetLetterText(ctx context.Context, u identity.User, key, body string) error {
	if err := access.Check(u, access.ManageProcedure); err != nil {
		return err
	}
	b, ok := letters.Lookup(key)
	if !ok {
		return apperr.New(apperr.NotFound, "letters.block.not_found")
	}
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if err := b.Check(body); err != nil {
		return err
	}
	return a.Store.SetLetterText(ctx, actor(u), u.TenantID, key, body)
}

// ResetLetterText restores a block's default wording.
func (a *App) ResetLetterText(ctx context.Context, u identity.User, key string) error {
	if err := access.Check(u, access.ManageProcedure); err != nil {
		return err
	}
	if _, ok := letters.Lookup(key); !ok {
		return apperr.New(apperr.NotFound, "letters.block.not_found")
	}
	return a.Store.ResetLetterText(ctx, actor(u), u.TenantID, key)
}

// letterTexts are the tenant's wordings for its letters.
func (a *App) letterTexts(ctx context.Context, tenantID int64) (letters.Texts, error) {
	own, err := a.Store.LetterTexts(ctx, tenantID)
	return letters.Texts(own), err
}

// effectDayText says when a decision takes effect, as the tenant counts.
func effectDayText(p discipline.Procedure) string {
	if p.EffectInHK {
		return "hari kerja ke-" + strconv.Itoa(p.EffectDays)
	}
	return "hari ke-" + strconv.Itoa(p.EffectDays)
}

// sample is who and what a preview letter names: nobody real.
var sample = letters.Person{Name: "Nama Pegawai", NIP: "199001012020011001", Position: "Jabatan Pegawai", Unit: "Unit Kerja Pegawai"}

// LetterPreview renders a letter of the given kind (summons, decision)
// with the tenant's wording on made-up particulars, for the admin to read
// before the wording is used.
func (a *App) LetterPreview(ctx context.Context, u identity.User, kind string) (string, []byte, error) {
	if err := access.Check(u, access.ManageProcedure); err != nil {
		return "", nil, err
	}
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return "", nil, err
	}
	texts, err := a.letterTexts(ctx, u.TenantID)
	if err != nil {
		return "", nil, err
	}
	p, err := a.procedure(ctx, u.TenantID)
	if err != nil {
		return "", nil, err
	}
	today := calendar.DateOf(a.Store.Now(), wib)
	charges := []string{"K4f — " + "masuk kerja dan menaati ketentuan jam kerja (PP 94/2021 Ps 4 huruf f)"}
	signer := letters.Person{Name: "Nama Pejabat", NIP: "197001011995031001", Position: "Jabatan Atasan Langsung"}
	var pdf []byte
	switch kind {
	case "summons":
		pdf, err = letters.SummonsPDF(letters.Summons{Government: t.Name, Number: "CONTOH/PGL-II", Round: 2, Date: today, To: sample,
			Exam: today.AddDays(7), Place: "Kantor Unit Kerja Pegawai", Charges: charges, Signer: signer, Texts: texts})
	case "decision":
		head := headOf(t.Name)
		st := p.Text(discipline.S2)
		pdf, err = letters.DecisionPDF(letters.Decision{Government: t.Name, Number: "CONTOH/HD", Date: today, To: sample, Charges: charges,
			Sanction: string(st.Code) + " — " + st.NameID + " (" + st.Article + ")", Signer: letters.Person{Name: "Nama " + head}, SignerRole: head,
			EffectDay: effectDayText(p), Remedy: "keberatan kepada " + head, RemedyWithin: remedyWithin(p.RemedyFor(discipline.S2, false)), Texts: texts})
	case "team":
		head := headOf(t.Name)
		pdf, err = letters.TeamPDF(letters.Team{Government: t.Name, Number: "CONTOH/TIM", Date: today, Accused: sample, Charges: charges,
			Members: []letters.TeamSeat{{Person: signer, Seat: "unsur atasan langsung"}, {Person: letters.Person{Name: "Nama Pemeriksa Inspektorat", Position: "Auditor"}, Seat: "unsur pengawasan"},
				{Person: letters.Person{Name: "Nama Pejabat BKPSDM", Position: "Analis Sumber Daya Manusia Aparatur"}, Seat: "unsur kepegawaian"}},
			Signer: letters.Person{Name: "Nama " + head}, SignerRole: head, Texts: texts})
	default:
		return "", nil, apperr.New(apperr.NotFound, "error.not_found")
	}
	if err != nil {
		return "", nil, apperr.Wrap(err, "render preview")
	}
	return "contoh-" + kind + ".pdf", pdf, nil
}

// headOf is the head of the region, its PPK: "Bupati Serang".
func headOf(government string) string {
	if strings.HasPrefix(government, "Pemerintah Kota") {
		return "Wali Kota " + letters.Place(government)
	}
	return "Bupati " + letters.Place(government)
}

func remedyWithin(r discipline.RemedyRule) string {
	return strconv.Itoa(r.File.Days) + " hari kerja"
}
