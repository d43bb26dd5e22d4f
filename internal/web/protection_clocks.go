package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"sigap/internal/app"
	"sigap/internal/calendar"
	"sigap/internal/protection"
)

// The TPKS clocks of a protection case and the case worker's dashboard.

// clockForm is one step's form on the clocks page: what is stored, or
// what was typed when it was refused.
type clockForm struct {
	Step      protection.Step
	At, Until string // datetime-local values in WIB
	Failed    bool   // this form was refused: its errors show beside it
}

type protectionClocksData struct {
	app.ClocksView
	Forms []clockForm
}

func (s *Server) protectionClocks(w http.ResponseWriter, r *http.Request) {
	s.renderClocks(w, r, http.StatusOK, nil, "", "", "")
}

// renderClocks shows a case's clocks page; with err, the form of step
// shows what was typed and the error beside its fields.
func (s *Server) renderClocks(w http.ResponseWriter, r *http.Request, status int, err error, step, at, until string) {
	v, verr := s.app.ProtectionClocks(r.Context(), stateOf(r).user, r.PathValue("id"))
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	local := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(s.loc).Format("2006-01-02T15:04")
	}
	m := v.Moments
	stored := map[protection.Step][2]time.Time{
		protection.StepPoliceReport:   {m.PoliceReported},
		protection.StepTempProtection: {m.TempProtectionFrom, m.TempProtectionUntil},
		protection.StepLPSKRequest:    {m.LPSKRequested},
		protection.StepRestraint:      {m.RestraintFrom, m.RestraintUntil},
		protection.StepRenewal:        {m.RenewalRequested},
	}
	d := protectionClocksData{ClocksView: v}
	for _, st := range protection.Steps {
		f := clockForm{Step: st, At: local(stored[st][0]), Until: local(stored[st][1])}
		if err != nil && string(st) == step {
			f.At, f.Until, f.Failed = at, until, true
		}
		d.Forms = append(d.Forms, f)
	}
	p := s.page(w, r, "protection.clocks.title", d)
	if err != nil {
		s.formError(w, r, "protection_clocks", p, err)
		return
	}
	s.render(w, r, status, "protection_clocks", p)
}

func (s *Server) protectionClocksRecord(w http.ResponseWriter, r *http.Request) {
	step, at, until := r.PostFormValue("step"), r.PostFormValue("at"), r.PostFormValue("until")
	if err := s.app.RecordClockStep(r.Context(), stateOf(r).user, r.PathValue("id"), step, at, until); err != nil {
		s.renderClocks(w, r, 0, err, step, at, until)
		return
	}
	s.redirect(w, r, "/protection/"+r.PathValue("id")+"/clocks", "clock_recorded")
}

type protectionDashboardData struct {
	app.ProtectionDashboard
	PageNo  int
	Pages   int
	PrevURL string
	NextURL string
}

func (s *Server) protectionDashboard(w http.ResponseWriter, r *http.Request) {
	d := protectionDashboardData{}
	d.PageNo, _ = strconv.Atoi(r.URL.Query().Get("page"))
	d.PageNo = max(d.PageNo, 1)
	var err error
	if d.ProtectionDashboard, err = s.app.ProtectionDashboard(r.Context(), stateOf(r).user, (d.PageNo-1)*casesPerPage, casesPerPage); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Pages = max(1, (d.CasesTotal+casesPerPage-1)/casesPerPage)
	if d.PageNo > 1 {
		d.PrevURL = "/protection/dashboard?page=" + strconv.Itoa(d.PageNo-1)
	}
	if d.PageNo < d.Pages {
		d.NextURL = "/protection/dashboard?page=" + strconv.Itoa(d.PageNo+1)
	}
	s.render(w, r, http.StatusOK, "protection_dashboard", s.page(w, r, "protection.dashboard.title", d))
}

// WIB formats an instant as "05 Mar 2026 14:30 WIB" in Western Indonesian
// Time, the form the TPKS clocks are shown in.
func (p *Page) WIB(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(p.s.loc)
	month := p.L("month_short." + strings.ToLower(t.Month().String()))
	return fmt.Sprintf("%02d %s %d %02d:%02d WIB", t.Day(), month, t.Year(), t.Hour(), t.Minute())
}

// Span says how long d is in days and hours, or hours and minutes under a
// day, whichever its sign.
func (p *Page) Span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Truncate(time.Minute)
	if d >= 24*time.Hour {
		return p.T("protection.clock.span.days", "Days", int(d/(24*time.Hour)), "Hours", int(d%(24*time.Hour)/time.Hour))
	}
	return p.T("protection.clock.span.hours", "Hours", int(d/time.Hour), "Minutes", int(d%time.Hour/time.Minute))
}

// MonthOf names the month of a day: "Maret 2026".
func (p *Page) MonthOf(d calendar.Date) string {
	return p.L("month."+strings.ToLower(d.Month().String())) + " " + strconv.Itoa(d.Year())
}
