package web

import (
	"net/http"

	"sigap/internal/app"
	"sigap/internal/calendar"
	"sigap/internal/protection"
	"sigap/internal/store"
)

// The services given to the victims of a protection case (UU 12/2022;
// Simfoni PPA's kinds). The notes are opened only for the case's workers.

type servicesData struct {
	app.ServicesView
	In    app.ServiceInput
	Kinds []protection.Service
	Today string
}

// VictimNo numbers a victim of the case by its public ID (1-based, 0 for
// none): pages name victims by number, never by name.
func (d servicesData) VictimNo(publicID string) int {
	for i, v := range d.Victims {
		if v.PublicID == publicID {
			return i + 1
		}
	}
	return 0
}

func (s *Server) servicesPage(w http.ResponseWriter, r *http.Request, in app.ServiceInput) (*Page, bool) {
	v, err := s.app.ProtectionServices(r.Context(), stateOf(r).user, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	today := calendar.DateOf(s.app.Store.Now(), protection.WIB).String()
	if in.GivenOn == "" {
		in.GivenOn = today
	}
	return s.page(w, r, "protection.services.title", servicesData{ServicesView: v, In: in, Kinds: protection.Services, Today: today}), true
}

func (s *Server) protectionServices(w http.ResponseWriter, r *http.Request) {
	if p, ok := s.servicesPage(w, r, app.ServiceInput{}); ok {
		s.render(w, r, http.StatusOK, "protection_services", p)
	}
}

func (s *Server) protectionServiceAdd(w http.ResponseWriter, r *http.Request) {
	in := app.ServiceInput{Kind: r.PostFormValue("kind"), GivenOn: r.PostFormValue("given_on"), Provider: r.PostFormValue("provider"),
		Notes: r.PostFormValue("notes"), Victim: r.PostFormValue("victim")}
	if err := s.app.AddService(r.Context(), stateOf(r).user, r.PathValue("id"), in); err != nil {
		if p, ok := s.servicesPage(w, r, in); ok {
			s.formError(w, r, "protection_services", p, err)
		}
		return
	}
	s.redirect(w, r, "/protection/"+r.PathValue("id")+"/services", "protection_service_added")
}

type serviceRemoveData struct {
	Case    store.ProtectionCase
	Service store.ProtectionService
}

func (s *Server) protectionServiceRemoveConfirm(w http.ResponseWriter, r *http.Request) {
	c, sv, err := s.app.ServiceToRemove(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("service"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "protection_service_remove", s.page(w, r, "protection.service.remove.title", serviceRemoveData{Case: c, Service: sv}))
}

func (s *Server) protectionServiceRemove(w http.ResponseWriter, r *http.Request) {
	if err := s.app.RemoveService(r.Context(), stateOf(r).user, r.PathValue("id"), r.PathValue("service")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/protection/"+r.PathValue("id")+"/services", "protection_service_removed")
}
