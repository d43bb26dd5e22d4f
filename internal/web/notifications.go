package web

import (
	"net/http"

	"sigap/internal/store"
)

type notificationsData struct {
	Items  []store.Notification
	Unread int
}

func (s *Server) notifications(w http.ResponseWriter, r *http.Request) {
	items, unread, err := s.app.Notifications(r.Context(), stateOf(r).user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notifications", s.page(w, r, "notifications.title", notificationsData{Items: items, Unread: unread}))
}

func (s *Server) notificationsRead(w http.ResponseWriter, r *http.Request) {
	if err := s.app.MarkNotificationsRead(r.Context(), stateOf(r).user); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/notifications", "notifications_read")
}
