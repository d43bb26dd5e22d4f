package web

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/discipline"
)

// settingsData is the procedure settings page: the settings with their
// sources, the number the format gives, and the remedy windows the
// procedure counts by.
type settingsData struct {
	app.SettingsView
	Remedies  []discipline.RemedyRule
	Previewed bool // the preview shows a format not saved yet
	// PPPK is the government's PPPK catalogue with empty rows to add to.
	PPPK       []discipline.PPPKEntry
	PPPKSource string
	Levels     []discipline.Level
}

// newPPPKRows is how many empty rows the PPPK list offers for additions.
const newPPPKRows = 3

// settingsPage builds the settings page around v and the PPPK rows.
func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request, v app.SettingsView, pppk []discipline.PPPKEntry, previewed bool) *Page {
	d := settingsData{SettingsView: v, Remedies: remedyRules(), Previewed: previewed, PPPK: append(pppk, make([]discipline.PPPKEntry, newPPPKRows)...),
		PPPKSource: discipline.PPPKSource, Levels: discipline.Levels}
	return s.page(w, r, "settings.title", &d)
}

// source returns the source of a setting by key, for the template.
func (d *settingsData) Source(key string) discipline.SettingSource {
	for _, s := range d.Sources {
		if s.Name == key {
			return s
		}
	}
	return discipline.SettingSource{}
}

func remedyRules() []discipline.RemedyRule {
	w := discipline.DefaultProcedure.Windows
	return []discipline.RemedyRule{w.ToPPK, w.ToSuperior, w.Banding}
}

func (s *Server) procedureSettings(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user
	v, err := s.app.ProcedureSettings(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pppk, err := s.app.PPPKCatalogue(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "settings", s.settingsPage(w, r, v, pppk, false))
}

func (s *Server) procedureSettingsSave(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user
	in := app.SettingsInput{NumberFormat: r.PostFormValue("number_format"), EffectDay: r.PostFormValue("effect_day"),
		SummonsRule: r.PostFormValue("summons_rule"), SedangSet: r.PostFormValue("sedang_set"), OnlyPreviewed: r.PostFormValue("action") == "preview",
		RemindDays: r.PostFormValue("remind_days"), InactionDays: r.PostFormValue("inaction_days")}
	preview, err := s.app.SetProcedureSettings(r.Context(), u, in)
	if err == nil && !in.OnlyPreviewed {
		s.redirect(w, r, "/admin/procedure", "settings_saved")
		return
	}
	// Shown again with what was sent: the preview, or the error.
	v, verr := s.app.ProcedureSettings(r.Context(), u)
	pppk, perr := s.app.PPPKCatalogue(r.Context(), u)
	if verr != nil || perr != nil {
		s.fail(w, r, errors.Join(verr, perr))
		return
	}
	v.Settings = discipline.Settings{NumberFormat: in.NumberFormat, EffectInHK: in.EffectDay == "hk", SummonsNotice: in.SummonsRule == "notice", SedangPP53: in.SedangSet == "pp53"}
	v.Settings.RemindDays, _ = strconv.Atoi(strings.TrimSpace(in.RemindDays))
	v.Settings.InactionDays, _ = strconv.Atoi(strings.TrimSpace(in.InactionDays))
	v.Preview = preview
	if err != nil {
		v.Preview = ""
		s.formError(w, r, "settings", s.settingsPage(w, r, v, pppk, false), err)
		return
	}
	s.render(w, r, http.StatusOK, "settings", s.settingsPage(w, r, v, pppk, true))
}

func (s *Server) pppkSave(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user
	n, _ := strconv.Atoi(r.PostFormValue("pppk_rows"))
	n = min(max(n, 0), discipline.MaxPPPKEntries+newPPPKRows)
	rows := make([]discipline.PPPKEntry, n)
	for i := range rows {
		k := strconv.Itoa(i)
		rows[i] = discipline.PPPKEntry{Code: r.PostFormValue("pppk_code." + k), Text: r.PostFormValue("pppk_text." + k),
			Level: discipline.Level(r.PostFormValue("pppk_level." + k))}
	}
	err := s.app.SetPPPKCatalogue(r.Context(), u, rows)
	if err == nil {
		s.redirect(w, r, "/admin/procedure#pppk", "pppk_saved")
		return
	}
	v, verr := s.app.ProcedureSettings(r.Context(), u)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	p := s.settingsPage(w, r, v, nil, false)
	p.Data.(*settingsData).PPPK = rows
	s.formError(w, r, "settings", p, err)
}

// letterTextsData is the letter wording page; Failed is the block whose
// wording was refused, shown again as typed.
type letterTextsData struct {
	Blocks []app.LetterTextView
	Failed string
}

func (s *Server) letterTexts(w http.ResponseWriter, r *http.Request) {
	blocks, err := s.app.LetterTexts(r.Context(), stateOf(r).user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "letter_texts", s.page(w, r, "letters.title", letterTextsData{Blocks: blocks}))
}

func (s *Server) letterTextSave(w http.ResponseWriter, r *http.Request) {
	u, key, body := stateOf(r).user, r.PathValue("key"), r.PostFormValue("body")
	err := s.app.SetLetterText(r.Context(), u, key, body)
	if err == nil {
		s.redirect(w, r, "/admin/letters#"+key, "letter_text_saved")
		return
	}
	blocks, lerr := s.app.LetterTexts(r.Context(), u)
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	for i := range blocks {
		if blocks[i].Key == key {
			blocks[i].Text = body
		}
	}
	s.formError(w, r, "letter_texts", s.page(w, r, "letters.title", letterTextsData{Blocks: blocks, Failed: key}), err)
}

func (s *Server) letterTextResetConfirm(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.LetterText(r.Context(), stateOf(r).user, r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "letter_text_reset", s.page(w, r, "letters.reset.title", v))
}

func (s *Server) letterTextReset(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if err := s.app.ResetLetterText(r.Context(), stateOf(r).user, key); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/letters#"+key, "letter_text_reset")
}

// letterPreview sends a letter with the government's wording on made-up
// particulars.
func (s *Server) letterPreview(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageProcedure) {
		return
	}
	name, pdf, err := s.app.LetterPreview(r.Context(), stateOf(r).user, r.PathValue("kind"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	w.Write(pdf)
}
