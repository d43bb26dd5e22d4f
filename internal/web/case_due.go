package web

import (
	"net/http"
	"net/url"
	"strconv"

	"sigap/internal/app"
)

// The due lists and the handling of a case: who handles it, and since
// when its superior knows of the violation.

type casesDueData struct {
	app.DuePage
	Mine    bool
	PageNo  int
	Pages   int
	PrevURL string
	NextURL string
}

func (s *Server) casesDue(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := casesDueData{Mine: q.Get("mine") == "1"}
	d.PageNo, _ = strconv.Atoi(q.Get("page"))
	d.PageNo = max(d.PageNo, 1)
	var err error
	if d.DuePage, err = s.app.DueCases(r.Context(), stateOf(r).user, d.Mine, (d.PageNo-1)*casesPerPage, casesPerPage); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Pages = max(1, (d.Counts.All+casesPerPage-1)/casesPerPage)
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if d.Mine {
			v.Set("mine", "1")
		}
		return "/cases/due?" + v.Encode()
	}
	if d.PageNo > 1 {
		d.PrevURL = link(d.PageNo - 1)
	}
	if d.PageNo < d.Pages {
		d.NextURL = link(d.PageNo + 1)
	}
	s.render(w, r, http.StatusOK, "cases_due", s.page(w, r, "cases.due", d))
}

func (s *Server) caseHandler(w http.ResponseWriter, r *http.Request) {
	var id int64
	var err error
	if v := r.PostFormValue("handler"); v != "" {
		id, err = formID(r, "handler")
	}
	if err == nil {
		err = s.app.SetCaseHandler(r.Context(), stateOf(r).user, r.PathValue("id"), id)
	}
	s.caseFormDone(w, r, err, "handler_set")
}

func (s *Server) caseInformed(w http.ResponseWriter, r *http.Request) {
	err := s.app.SetSuperiorInformed(r.Context(), stateOf(r).user, r.PathValue("id"), r.PostFormValue("informed"))
	s.caseFormDone(w, r, err, "informed_set")
}

// caseFormDone shows the case page again with the form's error, or goes
// back to it with a notice.
func (s *Server) caseFormDone(w http.ResponseWriter, r *http.Request, err error, notice string) {
	if err != nil {
		if p, ok := s.casePage(w, r, app.ChargeInput{}); ok {
			s.formError(w, r, "case", p, err)
		}
		return
	}
	s.redirect(w, r, "/cases/"+r.PathValue("id"), notice)
}
