package web

import (
	"net/http"
	"strings"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/store"
)

// purgeConfirmData is the confirmation before a purge: what will go.
type purgeConfirmData struct {
	Due   []store.PurgeCandidate
	Today string
}

// retentionPurgeForm lists what a purge now would destroy and asks the
// admin to confirm.
func (s *Server) retentionPurgeForm(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageRetention) {
		return
	}
	c, err := s.app.PurgeDue(r.Context(), stateOf(r).user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "retention_purge", s.page(w, r, "retention.purge.title", purgeConfirmData{Due: c.Due, Today: c.Today}))
}

// retentionPurge destroys what is due now, as the daily purge would.
// Records that could not be purged (or files not yet deleted) are tried
// again at the next run; the admin is told so.
func (s *Server) retentionPurge(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageRetention) {
		return
	}
	res, err := s.app.PurgeNow(r.Context(), stateOf(r).user)
	switch {
	case err == nil:
		s.redirect(w, r, "/admin/retention#purges-h", "retention_purged")
	case apperr.CodeOf(err) == apperr.Internal && res.Total()+res.Files > 0 || res.FilesLeft > 0:
		s.log.Warn("purge left records or files for the next run", "err", err)
		s.redirect(w, r, "/admin/retention#purges-h", "retention_purge_partial")
	default:
		s.fail(w, r, err)
	}
}

// destroyedData is the page of a record destroyed under the retention
// schedule.
type destroyedData struct {
	ObjectType string
	Day        calendar.Date
	Back       string
}

// destroyed answers for a record that was purged: what it was and the
// day it was destroyed, never anything it held.
func (s *Server) destroyed(w http.ResponseWriter, r *http.Request, gone *store.Purged) {
	day := calendar.DateOf(gone.At, jakarta())
	if strings.HasPrefix(r.URL.Path, "/api/") {
		lang := stateOf(r).lang
		writeJSONError(w, http.StatusGone, "gone", s.cat.T(lang, "retention.destroyed.body", map[string]any{
			"Record": s.cat.T(lang, "retention.object."+gone.ObjectType, nil), "Date": s.cat.Date(lang, day.Year(), day.Month(), day.Day())}))
		return
	}
	p := s.page(w, r, "retention.destroyed.title", destroyedData{ObjectType: gone.ObjectType, Day: day, Back: backPath(r)})
	s.render(w, r, http.StatusGone, "retention_destroyed", p)
}
