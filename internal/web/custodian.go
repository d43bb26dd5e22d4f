package web

import (
	"net/http"
	"time"

	"sigap/internal/app"
	"sigap/internal/store"
)

type unsealListData struct {
	Requests []store.UnsealRequest
	Names    map[int64]string
	Now      time.Time
}

// unsealRequests lists the requests to see sealed identities, pending first.
func (s *Server) unsealRequests(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user
	reqs, err := s.app.UnsealRequests(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, q := range reqs {
		for _, id := range []int64{q.RequesterID, q.DecidedBy} {
			if _, ok := names[id]; !ok && id != 0 {
				if x, err := s.app.Store.TenantUser(r.Context(), u.TenantID, id); err == nil {
					names[id] = x.DisplayName
				}
			}
		}
	}
	s.render(w, r, http.StatusOK, "unseal_requests", s.page(w, r, "unseal.title", unsealListData{Requests: reqs, Names: names, Now: s.app.Store.Now()}))
}

type unsealDecideData struct {
	View      app.UnsealRequestView
	Durations []durationChoice
	Note      string
	Now       time.Time
}

type durationChoice struct {
	Value string
	Hours int
}

func (s *Server) unsealRequestPage(w http.ResponseWriter, r *http.Request, note string) (*Page, bool) {
	v, err := s.app.UnsealRequest(r.Context(), stateOf(r).user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	d := unsealDecideData{View: v, Note: note, Now: s.app.Store.Now()}
	for _, t := range app.UnsealDurations {
		d.Durations = append(d.Durations, durationChoice{Value: t.String(), Hours: int(t.Hours())})
	}
	return s.page(w, r, "unseal.decide.title", d), true
}

// unsealRequest shows one request with its reason; reading the reason is
// audited.
func (s *Server) unsealRequest(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.unsealRequestPage(w, r, ""); ok {
		s.render(w, r, http.StatusOK, "unseal_request", p)
	}
}

func (s *Server) unsealDecide(w http.ResponseWriter, r *http.Request) {
	note := r.PostFormValue("note")
	approve := r.PostFormValue("decision") == "approve"
	ttl, _ := time.ParseDuration(r.PostFormValue("ttl"))
	if err := s.app.DecideUnseal(r.Context(), stateOf(r).user, r.PathValue("id"), approve, note, ttl); err != nil {
		if p, ok := s.unsealRequestPage(w, r, note); ok {
			s.formError(w, r, "unseal_request", p, err)
		}
		return
	}
	flash := "unseal_refused"
	if approve {
		flash = "unseal_approved"
	}
	s.redirect(w, r, "/custodian/requests", flash)
}
