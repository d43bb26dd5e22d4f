package web

import (
	"context"
	"io"
	"mime"
	"net/http"
	"sigap/internal/identity"
	"strconv"
	"strings"
	"time"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/apperr"
	"sigap/internal/evidence"
	"sigap/internal/guidance"
	"sigap/internal/org"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// guidanceSettingsData is the guidance settings page.
type guidanceSettingsData struct {
	Settings guidance.Settings
	Cadences []guidance.Cadence
	Topics   string // as typed, one a line
}

func (s *Server) guidanceSettings(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageGuidanceSettings) {
		return
	}
	st, err := s.app.GuidanceSettings(r.Context(), stateOf(r).user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guidance_settings", s.page(w, r, "guidance.settings.title",
		guidanceSettingsData{Settings: st, Cadences: guidance.Cadences, Topics: strings.Join(st.Topics, "\n")}))
}

func (s *Server) guidanceSettingsSave(w http.ResponseWriter, r *http.Request) {
	c, topics := r.PostFormValue("cadence"), r.PostFormValue("topics")
	err := s.app.SetGuidanceSettings(r.Context(), stateOf(r).user, c, topics)
	if err == nil {
		s.redirect(w, r, "/admin/guidance", "guidance_settings_saved")
		return
	}
	d := guidanceSettingsData{Settings: guidance.Settings{Cadence: guidance.Cadence(c)}, Cadences: guidance.Cadences, Topics: topics}
	s.formError(w, r, "guidance_settings", s.page(w, r, "guidance.settings.title", d), err)
}

func (s *Server) guidanceSessions(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.GuidanceSessions(r.Context(), stateOf(r).user, r.URL.Query().Get("on"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guidance_sessions", s.page(w, r, "guidance.title", v))
}

// guidanceFormData is the plan and edit form.
type guidanceFormData struct {
	ID       int64 // 0 when planning
	Form     app.GuidanceSessionForm
	Units    []org.Unit
	Topics   []string
	Kinds    []roster.PositionKind
	Audience []guidance.Audience
	People   []roster.Employee // chosen for a 'named' audience
	Found    []roster.Employee // the picker's search results
	Find     string
	Held     bool // the session is held: the locked fields are shown, not offered
	Max      int
}

// Picked reports whether the employee is already chosen.
func (d guidanceFormData) Picked(id int64) bool {
	for _, e := range d.People {
		if e.ID == id {
			return true
		}
	}
	return false
}

// Chosen reports whether the form has topic t.
func (d guidanceFormData) Chosen(t string) bool {
	for _, x := range d.Form.Topics {
		if x == t {
			return true
		}
	}
	return false
}

func (s *Server) guidanceFormPage(w http.ResponseWriter, r *http.Request, id int64, f app.GuidanceSessionForm) (*Page, error) {
	u := stateOf(r).user
	st, err := s.app.GuidanceSettings(r.Context(), u)
	if err != nil {
		return nil, err
	}
	units, err := s.app.GuidanceUnits(r.Context(), u)
	if err != nil {
		return nil, err
	}
	title := "guidance.plan.title"
	if id != 0 {
		title = "guidance.edit.title"
	}
	people, err := s.app.GuidancePeople(r.Context(), u, f.People)
	if err != nil {
		return nil, err
	}
	d := guidanceFormData{ID: id, Form: f, Units: units, Topics: st.Topics, Kinds: roster.PositionKinds,
		Audience: []guidance.Audience{guidance.AllStaff, guidance.PositionKind, guidance.Named}, People: people, Max: guidance.MaxNamed}
	if id != 0 {
		v, err := s.app.GuidanceSession(r.Context(), u, id)
		if err != nil {
			return nil, err
		}
		d.Held = v.Held
	}
	if d.Find = strings.TrimSpace(r.FormValue("find")); d.Find != "" && r.FormValue("action") == "find" {
		if d.Found, err = s.app.FindGuidancePeople(r.Context(), u, d.Find); err != nil {
			return nil, err
		}
	}
	return s.page(w, r, title, d), nil
}

func guidanceForm(r *http.Request) app.GuidanceSessionForm {
	r.ParseForm()
	return app.GuidanceSessionForm{Unit: r.PostFormValue("unit"), Date: r.PostFormValue("date"), Time: r.PostFormValue("time"),
		Topics: r.PostForm["topics"], Place: r.PostFormValue("place"), Link: r.PostFormValue("link"),
		Facilitator: r.PostFormValue("facilitator"), Audience: r.PostFormValue("audience"), Kind: r.PostFormValue("kind"),
		People: r.PostForm["people"], NIPs: r.PostFormValue("nips")}
}

// guidanceFind answers the people picker's search button: the form comes
// back as typed, with the roster's matches to tick, and nothing is saved.
func (s *Server) guidanceFind(w http.ResponseWriter, r *http.Request, id int64, f app.GuidanceSessionForm) bool {
	if r.PostFormValue("action") != "find" {
		return false
	}
	p, err := s.guidanceFormPage(w, r, id, f)
	if err != nil {
		s.fail(w, r, err)
		return true
	}
	s.render(w, r, http.StatusOK, "guidance_form", p)
	return true
}

func (s *Server) guidanceNew(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManagePrevention) {
		return
	}
	f := app.GuidanceSessionForm{Unit: r.URL.Query().Get("unit"), Time: "09:00", Audience: string(guidance.AllStaff)}
	p, err := s.guidanceFormPage(w, r, 0, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guidance_form", p)
}

func (s *Server) guidanceCreate(w http.ResponseWriter, r *http.Request) {
	f := guidanceForm(r)
	if !s.can(w, r, access.ManagePrevention) || s.guidanceFind(w, r, 0, f) {
		return
	}
	id, err := s.app.PlanGuidanceSession(r.Context(), stateOf(r).user, f)
	if err == nil {
		s.redirect(w, r, "/guidance/"+strconv.FormatInt(id, 10), "guidance_planned")
		return
	}
	p, perr := s.guidanceFormPage(w, r, 0, f)
	if perr != nil {
		s.fail(w, r, err)
		return
	}
	s.formError(w, r, "guidance_form", p, err)
}

func (s *Server) guidanceEdit(w http.ResponseWriter, r *http.Request) {
	v, ok := s.guidanceManaged(w, r)
	if !ok {
		return
	}
	g := v.Session
	f := app.GuidanceSessionForm{Unit: strconv.FormatInt(g.UnitID, 10), Date: g.HeldOn.String(), Time: g.StartsAt, Topics: g.Topics,
		Place: g.Place, Link: g.Link, Facilitator: g.Facilitator, Audience: string(g.Audience), Kind: g.AudienceKind}
	for _, e := range g.People {
		f.People = append(f.People, strconv.FormatInt(e, 10))
	}
	p, err := s.guidanceFormPage(w, r, g.ID, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guidance_form", p)
}

func (s *Server) guidanceUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := guidanceForm(r)
	if !s.can(w, r, access.ManagePrevention) || s.guidanceFind(w, r, id, f) {
		return
	}
	err = s.app.UpdateGuidanceSession(r.Context(), stateOf(r).user, id, f)
	if err == nil {
		s.redirect(w, r, "/guidance/"+strconv.FormatInt(id, 10), "guidance_saved")
		return
	}
	p, perr := s.guidanceFormPage(w, r, id, f)
	if perr != nil {
		s.fail(w, r, err)
		return
	}
	s.formError(w, r, "guidance_form", p, err)
}

// guidanceManaged loads the session of the path for a page that changes
// it: the officer's, not cancelled.
func (s *Server) guidanceManaged(w http.ResponseWriter, r *http.Request) (app.GuidanceSessionView, bool) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return app.GuidanceSessionView{}, false
	}
	if !s.can(w, r, access.ManagePrevention) {
		return app.GuidanceSessionView{}, false
	}
	v, err := s.app.GuidanceSession(r.Context(), stateOf(r).user, id)
	if err == nil && v.Session.Cancelled {
		err = apperr.New(apperr.Conflict, "guidance.error.cancelled")
	}
	if err != nil {
		s.fail(w, r, err)
		return v, false
	}
	return v, true
}

func (s *Server) guidanceCancelConfirm(w http.ResponseWriter, r *http.Request) {
	v, ok := s.guidanceManaged(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "guidance_cancel", s.page(w, r, "guidance.cancel.title", v))
}

func (s *Server) guidanceCancel(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.CancelGuidanceSession(r.Context(), stateOf(r).user, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/guidance/"+strconv.FormatInt(id, 10), "guidance_cancelled")
}

// guidanceSessionData is the session page.
type guidanceSessionData struct {
	app.GuidanceSessionView
	Statuses []guidance.Status
	Problems []app.SheetProblem
}

func (s *Server) guidanceSessionPage(w http.ResponseWriter, r *http.Request, id int64) (*Page, error) {
	v, err := s.app.GuidanceSession(r.Context(), stateOf(r).user, id)
	if err != nil {
		return nil, err
	}
	p := s.page(w, r, "guidance.session.title", &guidanceSessionData{GuidanceSessionView: v, Statuses: guidance.Statuses})
	return p, nil
}

func (s *Server) guidanceSession(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.guidanceSessionPage(w, r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guidance_session", p)
}

func (s *Server) guidanceAttendance(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	marks := map[int64]string{}
	for k, vs := range r.PostForm {
		emp, ok := strings.CutPrefix(k, "status.")
		if !ok || len(vs) == 0 {
			continue
		}
		n, err := strconv.ParseInt(emp, 10, 64)
		if err != nil {
			s.fail(w, r, apperr.New(apperr.Invalid, "guidance.error.attendance"))
			return
		}
		marks[n] = vs[0]
	}
	err = s.app.RecordGuidanceAttendance(r.Context(), stateOf(r).user, id, marks)
	if err == nil {
		s.redirect(w, r, "/guidance/"+strconv.FormatInt(id, 10), "guidance_attendance_saved")
		return
	}
	p, perr := s.guidanceSessionPage(w, r, id)
	if perr != nil {
		s.fail(w, r, err)
		return
	}
	s.formError(w, r, "guidance_session", p, err)
}

func (s *Server) guidanceImport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.can(w, r, access.ManagePrevention) {
		return
	}
	var problems []app.SheetProblem
	f, _, ferr := r.FormFile("sheet")
	if ferr != nil {
		err = apperr.InvalidField("sheet", "guidance.sheet.missing", nil)
	} else {
		defer f.Close()
		_, problems, err = s.app.ImportGuidanceSheet(r.Context(), stateOf(r).user, id, f)
	}
	if err == nil && len(problems) == 0 {
		s.redirect(w, r, "/guidance/"+strconv.FormatInt(id, 10), "guidance_imported")
		return
	}
	p, perr := s.guidanceSessionPage(w, r, id)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	if len(problems) > 0 {
		p.Data.(*guidanceSessionData).Problems = problems
		err = apperr.InvalidField("sheet", "guidance.sheet.problems", map[string]any{"N": len(problems)})
	}
	s.formError(w, r, "guidance_session", p, err)
}

// guidanceCodeData is the page shown at the session with the code.
type guidanceCodeData struct {
	Session store.GuidanceSession
	Code    string
	Until   time.Time
}

func (s *Server) guidanceCode(w http.ResponseWriter, r *http.Request) {
	v, ok := s.guidanceManaged(w, r)
	if !ok {
		return
	}
	code, until, err := s.app.OpenGuidanceCode(r.Context(), stateOf(r).user, v.Session.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guidance_code", s.page(w, r, "guidance.code.title", guidanceCodeData{Session: v.Session, Code: code, Until: until}))
}

func (s *Server) guidanceCoverage(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.URL.Query().Get("periods"))
	cov, err := s.app.GuidanceCoverage(r.Context(), stateOf(r).user, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guidance_coverage", s.page(w, r, "guidance.coverage.title", cov))
}

// checkInData is the check-in page and what came of the last code.
type checkInData struct {
	Code    string
	Session store.GuidanceSession
	Status  guidance.Status
	// Attended are the sessions the caller attended, with their materials.
	Attended []app.OwnGuidance
}

// checkInPage is the check-in page with d and the sessions attended.
func (s *Server) checkInPage(w http.ResponseWriter, r *http.Request, d checkInData) *Page {
	var err error
	if d.Attended, err = s.app.OwnGuidanceSessions(r.Context(), stateOf(r).user); err != nil {
		s.log.Error("own guidance sessions", "err", err) // the check-in still works without the list
	}
	return s.page(w, r, "guidance.checkin.title", d)
}

func (s *Server) checkInForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "guidance_checkin", s.checkInPage(w, r, checkInData{}))
}

func (s *Server) checkIn(w http.ResponseWriter, r *http.Request) {
	code := r.PostFormValue("code")
	g, st, err := s.app.GuidanceCheckIn(r.Context(), stateOf(r).user, code)
	if err != nil {
		s.formError(w, r, "guidance_checkin", s.checkInPage(w, r, checkInData{Code: code}), err)
		return
	}
	s.render(w, r, http.StatusOK, "guidance_checkin", s.checkInPage(w, r, checkInData{Session: g, Status: st}))
}

func (s *Server) guidanceMaterialAdd(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.can(w, r, access.ManagePrevention) {
		return
	}
	if err = parseReportForm(r); err == nil {
		var uploads []evidence.Upload
		if uploads, err = uploadsFrom(r); err == nil {
			_, err = s.app.AddGuidanceMaterials(r.Context(), stateOf(r).user, id, uploads)
		}
	}
	if err == nil {
		s.redirect(w, r, "/guidance/"+strconv.FormatInt(id, 10)+"#materials", "guidance_material_added")
		return
	}
	p, perr := s.guidanceSessionPage(w, r, id)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	s.formError(w, r, "guidance_session", p, err)
}

// guidanceMaterial sends a material, always as a download (never shown
// inline), after the read is audited.
func (s *Server) guidanceMaterial(w http.ResponseWriter, r *http.Request) {
	s.sendGuidanceMaterial(w, r, s.app.GuidanceMaterialFile)
}

// ownGuidanceMaterial sends a material of a session the caller attended.
func (s *Server) ownGuidanceMaterial(w http.ResponseWriter, r *http.Request) {
	s.sendGuidanceMaterial(w, r, s.app.OwnGuidanceMaterialFile)
}

// sendGuidanceMaterial sends the material the path names through send,
// which checks who may read it and audits the read.
func (s *Server) sendGuidanceMaterial(w http.ResponseWriter, r *http.Request,
	send func(context.Context, identity.User, int64, int64, func(store.GuidanceMaterial), io.Writer) error) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mid, err := pathID(r, "material")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = send(r.Context(), stateOf(r).user, id, mid, func(m store.GuidanceMaterial) {
		h := w.Header()
		h.Set("Content-Type", m.ContentType)
		h.Set("Content-Length", strconv.FormatInt(m.Size, 10))
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": m.Name}))
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
	}, w)
	if err != nil {
		if w.Header().Get("Content-Disposition") != "" {
			s.log.Error("sending a file failed", "route", r.Pattern, "err", err)
			panic(http.ErrAbortHandler)
		}
		s.fail(w, r, err)
	}
}

// guidanceMaterialData is the removal confirmation.
type guidanceMaterialData struct {
	Session  store.GuidanceSession
	Material store.GuidanceMaterial
}

func (s *Server) guidanceMaterialRemoveConfirm(w http.ResponseWriter, r *http.Request) {
	v, ok := s.guidanceManaged(w, r)
	if !ok {
		return
	}
	mid, err := pathID(r, "material")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.app.GuidanceMaterial(r.Context(), stateOf(r).user, v.Session.ID, mid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guidance_material_remove", s.page(w, r, "guidance.material.remove.title", guidanceMaterialData{Session: v.Session, Material: m}))
}

func (s *Server) guidanceMaterialRemove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mid, err := pathID(r, "material")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.RemoveGuidanceMaterial(r.Context(), stateOf(r).user, id, mid); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/guidance/"+strconv.FormatInt(id, 10)+"#materials", "guidance_material_removed")
}
