package web

import (
	"net/http"

	"sigap/internal/access"
	"sigap/internal/disclosure"
)

// statisticsSettingsData is the form of the government's threshold for
// published counts.
type statisticsSettingsData struct {
	MinCount string // as stored, or as typed when refused
	Least    int    // the bounds the threshold must keep to
	Most     int
	Slug     string // the government's public figures page
}

func (s *Server) statisticsSettings(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageStatistics) {
		return
	}
	u := stateOf(r).user
	n, err := s.app.StatsMin(r.Context(), u.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(w, r, "statistics.settings.title", nil)
	p.Data = statisticsSettingsData{MinCount: p.Num(n), Least: disclosure.MinLeast, Most: disclosure.MaxLeast, Slug: p.Tenant.Slug}
	s.render(w, r, http.StatusOK, "statistics_settings", p)
}

func (s *Server) statisticsSettingsSave(w http.ResponseWriter, r *http.Request) {
	value := r.PostFormValue("min_count")
	err := s.app.SetStatsMin(r.Context(), stateOf(r).user, value)
	if err == nil {
		s.redirect(w, r, "/admin/statistics", "statistics_settings_saved")
		return
	}
	p := s.page(w, r, "statistics.settings.title", nil)
	p.Data = statisticsSettingsData{MinCount: value, Least: disclosure.MinLeast, Most: disclosure.MaxLeast, Slug: p.Tenant.Slug}
	s.formError(w, r, "statistics_settings", p, err)
}
