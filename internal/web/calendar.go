package web

import (
	"net/http"
	"strconv"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
)

type calendarData struct {
	Year        int
	PrevYear    int
	NextYear    int
	DaysOff     []calendar.DayOff
	WorkingDays int
	Covered     bool
	CanManage   bool
	NewDay      string
	NewName     string
	// The working-day calculator.
	From      string
	Days      string
	Result    calendar.Date
	CalcError string
}

func (s *Server) calendarData(r *http.Request, year int) (calendarData, error) {
	st := stateOf(r)
	cal, err := s.app.Calendar(r.Context(), st.user)
	if err != nil {
		return calendarData{}, err
	}
	return calendarData{
		Year: year, PrevYear: year - 1, NextYear: year + 1,
		DaysOff: cal.DaysOff(year), WorkingDays: cal.WorkingDaysInYear(year), Covered: cal.Covers(year),
		CanManage: access.Can(st.user, access.ManageCalendar),
	}, nil
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := calendar.DateOf(s.app.Store.Now(), s.loc)
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil || year < 2000 || year > 2100 {
		year = today.Year()
	}
	d, err := s.calendarData(r, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(w, r, "calendar.title", nil)
	d.From, d.Days = q.Get("from"), q.Get("days")
	if d.From == "" {
		d.From = today.String()
	}
	if q.Has("days") {
		from, ferr := calendar.ParseDate(d.From)
		n, nerr := strconv.Atoi(d.Days)
		switch {
		case ferr != nil:
			d.CalcError = s.cat.T(p.Lang, "calendar.calc.bad_date", nil)
		case nerr != nil || n < 0 || n > 1000:
			d.CalcError = s.cat.T(p.Lang, "calendar.calc.bad_days", nil)
		default:
			cal, err := s.app.Calendar(r.Context(), stateOf(r).user)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			d.Result = cal.AddWorkingDays(from, n)
		}
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "calendar", p)
}

func (s *Server) dayOffAdd(w http.ResponseWriter, r *http.Request) {
	// Permission before input: a user who may not add days off learns
	// nothing from the validation of the form.
	if !s.can(w, r, access.ManageCalendar) {
		return
	}
	dayText, name := r.PostFormValue("day"), r.PostFormValue("name")
	day, err := calendar.ParseDate(dayText)
	if err != nil {
		err = apperr.InvalidField("day", "calendar.day.invalid", nil)
	} else {
		err = s.app.AddDayOff(r.Context(), stateOf(r).user, day, name)
	}
	if err != nil {
		year := day.Year()
		if day.IsZero() {
			year = calendar.DateOf(s.app.Store.Now(), s.loc).Year()
		}
		d, derr := s.calendarData(r, year)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		d.NewDay, d.NewName, d.From = dayText, name, calendar.DateOf(s.app.Store.Now(), s.loc).String()
		s.formError(w, r, "calendar", s.page(w, r, "calendar.title", d), err)
		return
	}
	s.redirect(w, r, "/admin/calendar?year="+strconv.Itoa(day.Year()), "day_off_added")
}

func (s *Server) dayOffFromPath(w http.ResponseWriter, r *http.Request) (calendar.DayOff, bool) {
	day, err := calendar.ParseDate(r.PathValue("day"))
	if err != nil {
		s.fail(w, r, apperr.New(apperr.NotFound, "error.not_found"))
		return calendar.DayOff{}, false
	}
	cal, err := s.app.Calendar(r.Context(), stateOf(r).user)
	if err != nil {
		s.fail(w, r, err)
		return calendar.DayOff{}, false
	}
	off, ok := cal.DayOff(day)
	if !ok || off.Kind != calendar.KindLocal {
		s.fail(w, r, apperr.New(apperr.NotFound, "calendar.day.not_found"))
		return calendar.DayOff{}, false
	}
	return off, true
}

func (s *Server) dayOffRemoveConfirm(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageCalendar) {
		return
	}
	if off, ok := s.dayOffFromPath(w, r); ok {
		s.render(w, r, http.StatusOK, "day_off_remove", s.page(w, r, "calendar.remove.title", off))
	}
}

func (s *Server) dayOffRemove(w http.ResponseWriter, r *http.Request) {
	day, err := calendar.ParseDate(r.PathValue("day"))
	if err != nil {
		s.fail(w, r, apperr.New(apperr.NotFound, "error.not_found"))
		return
	}
	if err := s.app.RemoveDayOff(r.Context(), stateOf(r).user, day); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/calendar?year="+strconv.Itoa(day.Year()), "day_off_removed")
}
