package web

import (
	"net/http"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/retention"
	"sigap/internal/store"
)

// retentionData is the retention page: the purge preview, the holds in
// force and the periods, with what was typed when a change was refused.
type retentionData struct {
	app.Retention
	Kinds   []retention.Kind
	Months  map[retention.Kind]string
	Days    int
	CanEdit bool
	CanHold bool
}

// retentionPage gathers the page; typed holds the periods as typed when a
// change was refused.
func (s *Server) retentionPage(w http.ResponseWriter, r *http.Request, typed map[retention.Kind]string) (*Page, bool) {
	u := stateOf(r).user
	ret, err := s.app.Retention(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	p := s.page(w, r, "retention.title", nil)
	d := retentionData{Retention: ret, Kinds: retention.Kinds, Months: map[retention.Kind]string{}, Days: app.PreviewDays,
		CanEdit: access.Can(u, access.ManageRetention), CanHold: access.Can(u, access.HoldRecords)}
	for _, k := range retention.Kinds {
		d.Months[k] = p.Num(ret.Rules[k])
		if v, ok := typed[k]; ok {
			d.Months[k] = v
		}
	}
	p.Data = d
	return p, true
}

func (s *Server) retention(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ViewRetention) {
		return
	}
	if p, ok := s.retentionPage(w, r, nil); ok {
		s.render(w, r, http.StatusOK, "retention", p)
	}
}

func (s *Server) retentionSave(w http.ResponseWriter, r *http.Request) {
	typed := map[retention.Kind]string{}
	for _, k := range retention.Kinds {
		typed[k] = r.PostFormValue(string(k))
	}
	err := s.app.SetRetentionRules(r.Context(), stateOf(r).user, typed)
	if err == nil {
		s.redirect(w, r, "/admin/retention", "retention_saved")
		return
	}
	if p, ok := s.retentionPage(w, r, typed); ok {
		s.formError(w, r, "retention", p, err)
	}
}

// holdForm is the form that holds a record: which record, what kind of
// hold, and why.
type holdForm struct {
	Object   string
	PublicID string
	Kind     string
	Reason   string
	Objects  []string
}

var holdObjectTypes = []string{"report", "discipline_case", "protection_case"}

func (s *Server) retentionHoldForm(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.HoldRecords) {
		return
	}
	q := r.URL.Query()
	f := holdForm{Object: q.Get("object"), PublicID: q.Get("id"), Kind: "hold", Objects: holdObjectTypes}
	s.render(w, r, http.StatusOK, "retention_hold", s.page(w, r, "retention.hold.title", f))
}

func (s *Server) retentionHold(w http.ResponseWriter, r *http.Request) {
	f := holdForm{Object: r.PostFormValue("object"), PublicID: r.PostFormValue("id"), Kind: r.PostFormValue("kind"),
		Reason: r.PostFormValue("reason"), Objects: holdObjectTypes}
	_, err := s.app.SetLegalHold(r.Context(), stateOf(r).user, f.Object, f.PublicID, f.Kind, f.Reason)
	if err == nil {
		s.redirect(w, r, "/admin/retention", "retention_held")
		return
	}
	s.formError(w, r, "retention_hold", s.page(w, r, "retention.hold.title", f), err)
}

// releaseForm confirms lifting a hold and asks why.
type releaseForm struct {
	Hold   store.LegalHold
	Reason string
}

func (s *Server) retentionReleaseForm(w http.ResponseWriter, r *http.Request) {
	h, ok := s.activeHold(w, r)
	if ok {
		s.render(w, r, http.StatusOK, "retention_release", s.page(w, r, "retention.release.title", releaseForm{Hold: h}))
	}
}

func (s *Server) retentionRelease(w http.ResponseWriter, r *http.Request) {
	h, ok := s.activeHold(w, r)
	if !ok {
		return
	}
	f := releaseForm{Hold: h, Reason: r.PostFormValue("reason")}
	err := s.app.ReleaseLegalHold(r.Context(), stateOf(r).user, h.PublicID, f.Reason)
	if err == nil {
		s.redirect(w, r, "/admin/retention", "retention_released")
		return
	}
	s.formError(w, r, "retention_release", s.page(w, r, "retention.release.title", f), err)
}

// activeHold finds the hold named in the path among those in force.
func (s *Server) activeHold(w http.ResponseWriter, r *http.Request) (store.LegalHold, bool) {
	if !s.can(w, r, access.HoldRecords) {
		return store.LegalHold{}, false
	}
	h, err := s.app.LegalHold(r.Context(), stateOf(r).user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return h, false
	}
	return h, true
}
