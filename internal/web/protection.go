package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"sigap/internal/access"
	"sigap/internal/app"
	"sigap/internal/protection"
	"sigap/internal/store"
	"sigap/internal/vault"
)

const protectionPerPage = 50

type protectionListData struct {
	Mine       bool // the caller's own cases only
	Supervisor bool // may see every case of the government
	Status     string
	Cases      []store.ProtectionCase
	Now        time.Time // for the clocks' lateness
	Total      int
	PageNo     int
	Pages      int
	PrevURL    string
	NextURL    string
}

// protectionCases lists the protection cases the caller works on; the
// office lead may list all of them.
func (s *Server) protectionCases(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.WorkProtection) {
		return
	}
	u := stateOf(r).user
	q := r.URL.Query()
	d := protectionListData{Supervisor: access.Can(u, access.SuperviseProtection), Status: q.Get("status"), Now: s.app.Store.Now()}
	d.Mine = !d.Supervisor || q.Get("mine") == "1"
	if d.Status != string(protection.Open) && d.Status != string(protection.Closed) {
		d.Status = ""
	}
	d.PageNo, _ = strconv.Atoi(q.Get("page"))
	d.PageNo = max(d.PageNo, 1)
	var err error
	if d.Cases, d.Total, err = s.app.ProtectionCases(r.Context(), u, d.Mine, protection.Status(d.Status), (d.PageNo-1)*protectionPerPage, protectionPerPage); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Pages = max(1, (d.Total+protectionPerPage-1)/protectionPerPage)
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if d.Status != "" {
			v.Set("status", d.Status)
		}
		if d.Mine && d.Supervisor {
			v.Set("mine", "1")
		}
		return "/protection?" + v.Encode()
	}
	if d.PageNo > 1 {
		d.PrevURL = link(d.PageNo - 1)
	}
	if d.PageNo < d.Pages {
		d.NextURL = link(d.PageNo + 1)
	}
	s.render(w, r, http.StatusOK, "protection_cases", s.page(w, r, "protection.title", d))
}

// protectionVocab is what the case forms offer.
type protectionVocab struct {
	Districts    []app.District
	Forms        []protection.Form
	Places       []protection.Place
	Relations    []protection.Relation
	Disabilities []protection.Disability
	Outcomes     []protection.Outcome
	Recipients   []protection.Recipient
}

func (s *Server) protectionVocab(r *http.Request) (protectionVocab, error) {
	v := protectionVocab{Forms: protection.Forms, Places: protection.Places, Relations: protection.Relations,
		Disabilities: protection.Disabilities, Outcomes: protection.Outcomes, Recipients: protection.Recipients}
	var err error
	v.Districts, err = s.app.ProtectionPlaces(r.Context(), stateOf(r).user)
	return v, err
}

type protectionNewData struct {
	protectionVocab
	In app.ProtectionNewForm
}

// Checked reports whether a form of violence was ticked.
func (d protectionNewData) Checked(f protection.Form) bool { return checked(d.In.Incident.Forms, f) }

func checked(list []string, f protection.Form) bool {
	for _, v := range list {
		if v == string(f) {
			return true
		}
	}
	return false
}

func (s *Server) protectionNewPage(w http.ResponseWriter, r *http.Request, in app.ProtectionNewForm) (*Page, bool) {
	if !s.can(w, r, access.WorkProtection) {
		return nil, false
	}
	v, err := s.protectionVocab(r)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return s.page(w, r, "protection.new", protectionNewData{protectionVocab: v, In: in}), true
}

func (s *Server) protectionNew(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.protectionNewPage(w, r, app.ProtectionNewForm{Via: string(protection.ViaWalkIn)}); ok {
		s.render(w, r, http.StatusOK, "protection_new", p)
	}
}

func incidentForm(r *http.Request) app.IncidentForm {
	r.ParseForm()
	return app.IncidentForm{OccurredOn: r.PostFormValue("occurred_on"), OccurredTime: r.PostFormValue("occurred_time"),
		ReportedOn: r.PostFormValue("reported_on"), ReportedTime: r.PostFormValue("reported_time"),
		Village: r.PostFormValue("village"), Place: r.PostFormValue("place"), Forms: r.PostForm["forms"]}
}

func victimForm(r *http.Request) app.VictimForm {
	return app.VictimForm{Name: r.PostFormValue("victim_name"), NIK: r.PostFormValue("victim_nik"), Sex: r.PostFormValue("victim_sex"),
		BirthDate: r.PostFormValue("victim_birth_date"), Age: r.PostFormValue("victim_age"), Disability: r.PostFormValue("victim_disability"),
		Contact: r.PostFormValue("victim_contact"), Address: r.PostFormValue("victim_address"), Village: r.PostFormValue("victim_village")}
}

func perpetratorForm(r *http.Request) app.PerpetratorForm {
	return app.PerpetratorForm{Name: r.PostFormValue("perpetrator_name"), Sex: r.PostFormValue("perpetrator_sex"),
		Age: r.PostFormValue("perpetrator_age"), Relation: r.PostFormValue("perpetrator_relation"), NIP: r.PostFormValue("perpetrator_nip")}
}

func (s *Server) protectionOpen(w http.ResponseWriter, r *http.Request) {
	in := app.ProtectionNewForm{Via: r.PostFormValue("via"), Incident: incidentForm(r), Victim: victimForm(r), Perpetrator: perpetratorForm(r),
		Chronology: r.PostFormValue("chronology"), Summary: r.PostFormValue("summary")}
	id, err := s.app.OpenProtectionForm(r.Context(), stateOf(r).user, in)
	if err != nil {
		if p, ok := s.protectionNewPage(w, r, in); ok {
			s.formError(w, r, "protection_new", p, err)
		}
		return
	}
	s.redirect(w, r, "/protection/"+id, "protection_opened")
}

type protectionData struct {
	app.ProtectionView
	protectionVocab
	Links    []app.LinkedDiscipline
	Workers  []store.UserRef // who may be assigned (for the lead)
	Incident app.IncidentForm
	Victim   app.VictimForm
	Perp     app.PerpetratorForm
	Open     bool
}

// Checked reports whether a form of violence is ticked in the incident form.
func (d protectionData) Checked(f protection.Form) bool { return checked(d.Incident.Forms, f) }

// Track returns the linked discipline case of a perpetrator, if any.
func (d protectionData) Track(perpetrator string) *store.DisciplineTrack {
	for i := range d.Links {
		if d.Links[i].Perpetrator == perpetrator {
			return &d.Links[i].Track
		}
	}
	return nil
}

// protectionPage builds a case's page; the forms keep what was typed when
// a post is shown again with its errors.
func (s *Server) protectionPage(w http.ResponseWriter, r *http.Request, fill func(*protectionData)) (*Page, bool) {
	u := stateOf(r).user
	v, err := s.app.ProtectionCase(r.Context(), u, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	d := protectionData{ProtectionView: v, Open: v.Case.Status == protection.Open}
	if d.protectionVocab, err = s.protectionVocab(r); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if d.Links, err = s.app.ProtectionDisciplineLinks(r.Context(), u, v); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if v.Supervisor {
		if d.Workers, err = s.app.ProtectionWorkerChoices(r.Context(), u, v.Case.ID); err != nil {
			s.fail(w, r, err)
			return nil, false
		}
	}
	d.Incident = incidentFormOf(v.Case)
	if fill != nil {
		fill(&d)
	}
	p := s.page(w, r, "protection.title", d)
	p.Title = v.Case.Number
	return p, true
}

// incidentFormOf fills the incident form with what is recorded.
func incidentFormOf(c store.ProtectionCase) app.IncidentForm {
	f := app.IncidentForm{OccurredTime: c.OccurredTime, Village: c.VillageCode, Place: string(c.Place), Fixed: c.Via == protection.ViaReport}
	if !c.OccurredOn.IsZero() {
		f.OccurredOn = c.OccurredOn.String()
	}
	if !c.ReportedAt.IsZero() {
		t := c.ReportedAt.In(protection.WIB)
		f.ReportedOn, f.ReportedTime = t.Format("2006-01-02"), t.Format("15:04")
	}
	for _, x := range c.Forms {
		f.Forms = append(f.Forms, string(x))
	}
	return f
}

func (s *Server) protectionView(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.protectionPage(w, r, nil); ok {
		s.render(w, r, http.StatusOK, "protection", p)
	}
}

// protectionPost runs a change of a case and returns to its page, or shows
// the page again with the form's errors.
func (s *Server) protectionPost(w http.ResponseWriter, r *http.Request, flash string, change func() error, fill func(*protectionData)) {
	if err := change(); err != nil {
		if p, ok := s.protectionPage(w, r, fill); ok {
			s.formError(w, r, "protection", p, err)
		}
		return
	}
	s.redirect(w, r, "/protection/"+r.PathValue("id"), flash)
}

func (s *Server) protectionIncident(w http.ResponseWriter, r *http.Request) {
	f := incidentForm(r)
	s.protectionPost(w, r, "protection_incident", func() error {
		return s.app.SetIncidentForm(r.Context(), stateOf(r).user, r.PathValue("id"), f)
	}, func(d *protectionData) {
		fixed := d.Incident
		d.Incident = f
		if fixed.Fixed {
			d.Incident.ReportedOn, d.Incident.ReportedTime, d.Incident.Fixed = fixed.ReportedOn, fixed.ReportedTime, true
		}
	})
}

func (s *Server) protectionTexts(w http.ResponseWriter, r *http.Request) {
	chron, sum := r.PostFormValue("chronology"), r.PostFormValue("summary")
	s.protectionPost(w, r, "protection_texts", func() error {
		return s.app.SetProtectionTexts(r.Context(), stateOf(r).user, r.PathValue("id"), chron, sum)
	}, func(d *protectionData) {
		d.Texts = store.CaseTexts{Chronology: vault.NewSecret(chron), Summary: vault.NewSecret(sum)}
	})
}

func (s *Server) protectionVictimAdd(w http.ResponseWriter, r *http.Request) {
	f := victimForm(r)
	s.protectionPost(w, r, "protection_victim", func() error {
		return s.app.AddVictimForm(r.Context(), stateOf(r).user, r.PathValue("id"), f)
	}, func(d *protectionData) { d.Victim = f })
}

func (s *Server) protectionPerpetratorAdd(w http.ResponseWriter, r *http.Request) {
	f := perpetratorForm(r)
	s.protectionPost(w, r, "protection_perpetrator", func() error {
		return s.app.AddPerpetratorForm(r.Context(), stateOf(r).user, r.PathValue("id"), f)
	}, func(d *protectionData) { d.Perp = f })
}

func (s *Server) protectionPerpetratorRemove(w http.ResponseWriter, r *http.Request) {
	s.protectionPost(w, r, "protection_perpetrator_removed", func() error {
		return s.app.RemovePerpetrator(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("perpetrator"))
	}, nil)
}

func (s *Server) protectionLink(w http.ResponseWriter, r *http.Request) {
	s.protectionPost(w, r, "protection_linked", func() error {
		return s.app.LinkDisciplineCase(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("perpetrator"), r.PostFormValue("discipline_case"))
	}, nil)
}

func (s *Server) protectionWorker(w http.ResponseWriter, r *http.Request) {
	remove := r.PostFormValue("remove") == "1"
	s.protectionPost(w, r, "protection_workers", func() error {
		id, err := formID(r, "worker")
		if err != nil {
			return err
		}
		return s.app.AssignProtectionWorker(r.Context(), stateOf(r).user, r.PathValue("id"), id, remove)
	}, nil)
}

type protectionCloseData struct {
	Case     store.ProtectionCase
	Outcomes []protection.Outcome
	Outcome  string
	FollowUp string
}

func (s *Server) protectionClosePage(w http.ResponseWriter, r *http.Request, outcome, followUp string) (*Page, bool) {
	v, err := s.app.ProtectionCaseHeader(r.Context(), stateOf(r).user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	p := s.page(w, r, "protection.close", protectionCloseData{Case: v, Outcomes: protection.Outcomes, Outcome: outcome, FollowUp: followUp})
	return p, true
}

// protectionCloseConfirm asks for the outcome and the follow-up day before
// a case is closed.
func (s *Server) protectionCloseConfirm(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.protectionClosePage(w, r, "", ""); ok {
		s.render(w, r, http.StatusOK, "protection_close", p)
	}
}

func (s *Server) protectionClose(w http.ResponseWriter, r *http.Request) {
	outcome, followUp := r.PostFormValue("outcome"), r.PostFormValue("follow_up")
	if err := s.app.CloseProtectionForm(r.Context(), stateOf(r).user, r.PathValue("id"), outcome, followUp); err != nil {
		if p, ok := s.protectionClosePage(w, r, outcome, followUp); ok {
			s.formError(w, r, "protection_close", p, err)
		}
		return
	}
	s.redirect(w, r, "/protection/"+r.PathValue("id"), "protection_closed")
}

func (s *Server) protectionReopen(w http.ResponseWriter, r *http.Request) {
	s.protectionPost(w, r, "protection_reopened", func() error {
		return s.app.ReopenProtectionCase(r.Context(), stateOf(r).user, r.PathValue("id"))
	}, nil)
}

type perpetratorRemoveData struct {
	CaseID      string
	Perpetrator store.ProtectionPerpetrator
}

// protectionPerpetratorRemoveConfirm asks before a perpetrator recorded by
// mistake is removed.
func (s *Server) protectionPerpetratorRemoveConfirm(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.ProtectionCase(r.Context(), stateOf(r).user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, p := range v.Perpetrators {
		if p.PublicID == r.PathValue("perpetrator") {
			s.render(w, r, http.StatusOK, "protection_perpetrator_remove", s.page(w, r, "protection.perpetrator.remove",
				perpetratorRemoveData{CaseID: v.Case.PublicID, Perpetrator: p}))
			return
		}
	}
	s.notFound(w, r)
}
