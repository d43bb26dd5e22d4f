package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/audit"
	"sigap/internal/identity"
	"sigap/internal/store"
)

// auditPageSize events are shown per page.
const auditPageSize = 50

// auditActionPrefixes are the families of actions the filter offers, in
// the order shown; each has a label "audit.prefix.<name>".
var auditActionPrefixes = []string{"unit", "user", "session", "token", "identity", "unseal", "day_off", "tenant", "key", "regions", "holidays", "employees", "authority", "report", "case", "procedure", "letter", "protection", "guidance", "pledge", "prevention", "statistics", "oversight", "retention"}

// auditObjectTypes are the object types the filter offers; each has a
// label "audit.object.<type>".
var auditObjectTypes = []string{"unit", "user", "api_token", "sealed_identity", "unseal_request", "tenant", "tenant_day_off", "master_key", "regions", "national_days_off", "employee_import", "authority_rule", "report", "discipline_case", "letter_text", "protection_case", "protection_export", "guidance_session", "pledge_version", "pledge_campaign", "pledge_signature", "year", "statistics_export", "audit_trail"}

type auditOption struct {
	Value, Label string
}

// auditFilterForm is the filter as the user typed it, for redisplay.
type auditFilterForm struct {
	Actor, Action, Object, From, To string
}

// values returns the filter as query parameters, leaving out empty ones.
func (f auditFilterForm) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"actor": f.Actor, "action": f.Action, "object": f.Object, "from": f.From, "to": f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

func (f auditFilterForm) empty() bool { return len(f.values()) == 0 }

// auditRow is one event as shown.
type auditRow struct {
	Seq         int64
	At          time.Time
	ISO         string
	Actor       string // display name; empty for the system
	ActorLogin  string // username
	Installed   bool   // an installation account (the operator), not one of the tenant's
	Action      string
	ActionLabel string
	ObjectType  string
	ObjectLabel string
	ObjectID    string
}

type auditData struct {
	Filter   auditFilterForm
	Actions  []auditOption
	Objects  []auditOption
	Rows     []auditRow
	Filtered bool
	OlderURL string
	NewerURL string // back to the newest page, when paging
	// The chain's state: its newest event and the newest signed checkpoint.
	HeadSeq      int64
	Checkpoint   *audit.Checkpoint
	Unsigned     int64 // events after the checkpoint
	UnsignedFrom int64 // the first of them
}

// auditLabel translates key, or returns fallback when the catalogue has
// no such message (an action added later, before its translation).
func (s *Server) auditLabel(lang, key, fallback string) string {
	if t := s.cat.T(lang, key, nil); t != key {
		return t
	}
	return fallback
}

// auditPage lists the audit trail of the auditor's own government. The
// chain is always the user's tenant; nothing in the URL can choose another.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ViewAudit) {
		return
	}
	ctx := r.Context()
	u := stateOf(r).user
	chain := u.TenantID
	st := s.app.Store
	before, err := formIDQuery(r, "before")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	p := s.page(w, r, "audit.title", nil)
	d := auditData{Filter: auditFilterForm{
		Actor: strings.TrimSpace(q.Get("actor")), Action: q.Get("action"), Object: q.Get("object"),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
	}}
	for _, a := range auditActionPrefixes {
		d.Actions = append(d.Actions, auditOption{a, s.cat.T(p.Lang, "audit.prefix."+a, nil)})
	}
	for _, o := range auditObjectTypes {
		d.Objects = append(d.Objects, auditOption{o, s.cat.T(p.Lang, "audit.object."+o, nil)})
	}
	d.Filtered = !d.Filter.empty()

	// The chain's state. Verifying the whole chain here would cost a read
	// of every event on each view; the operator's 'sigap audit verify' and
	// the auditor's own check of an export do that.
	if d.HeadSeq, _, err = st.AuditHead(ctx, chain); err != nil {
		s.fail(w, r, err)
		return
	}
	cps, err := st.Checkpoints(ctx, chain)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(cps) > 0 {
		d.Checkpoint = &cps[len(cps)-1]
		d.Unsigned = max(0, d.HeadSeq-d.Checkpoint.Seq)
		d.UnsignedFrom = d.Checkpoint.Seq + 1
	}

	f, ok := s.auditFilter(ctx, p, chain, d.Filter)
	if ok {
		f.BeforeSeq = before
		f.Limit = auditPageSize + 1
		events, err := st.AuditEvents(ctx, f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(events) > auditPageSize {
			events = events[:auditPageSize]
			v := d.Filter.values()
			v.Set("before", strconv.FormatInt(events[len(events)-1].Seq, 10))
			d.OlderURL = "/audit?" + v.Encode()
		}
		if before > 0 {
			d.NewerURL = "/audit"
			if v := d.Filter.values(); len(v) > 0 {
				d.NewerURL += "?" + v.Encode()
			}
		}
		if d.Rows, err = s.auditRows(r, p.Lang, chain, events); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "audit", p)
}

// auditFilter turns the form into a store filter. It reports false, with
// the reason beside the field, when nothing can match or a value is wrong.
func (s *Server) auditFilter(ctx context.Context, p *Page, chain int64, form auditFilterForm) (store.AuditFilter, bool) {
	f := store.AuditFilter{Chain: chain}
	errs := map[string]string{}
	if form.Action != "" {
		if !slices.Contains(auditActionPrefixes, form.Action) {
			errs["action"] = s.cat.T(p.Lang, "error.invalid_choice", nil)
		}
		f.Action = form.Action + "."
	}
	if form.Object != "" {
		if !slices.Contains(auditObjectTypes, form.Object) {
			errs["object"] = s.cat.T(p.Lang, "error.invalid_choice", nil)
		}
		f.ObjectType = form.Object
	}
	day := func(name, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", v, s.loc)
		if err != nil {
			errs[name] = s.cat.T(p.Lang, "audit.filter.bad_date", nil)
		}
		return t
	}
	f.From = day("from", form.From)
	if to := day("to", form.To); !to.IsZero() {
		// The period includes the whole of its last day, in WIB.
		f.To = to.AddDate(0, 0, 1)
		if !f.From.IsZero() && !f.From.Before(f.To) {
			errs["to"] = s.cat.T(p.Lang, "audit.filter.bad_range", nil)
		}
	}
	if len(errs) > 0 {
		p.Errors = errs
		p.FormError = s.cat.T(p.Lang, "audit.filter.invalid", nil)
		return f, false
	}
	if form.Actor != "" {
		// Only the tenant's own accounts: an unknown name and another
		// government's account look alike, and match nothing.
		a, _, err := s.app.Store.UserForSignIn(ctx, identity.NormalizeUsername(form.Actor))
		if err != nil || a.TenantID != chain || a.ID == 0 {
			return f, false
		}
		f.ActorID = a.ID
	}
	return f, true
}

// auditRows prepares events for display, naming their actors. Each actor
// is looked up once per page. An actor is shown by name when the account
// belongs to this government or to the installation (the operator, who
// creates a government's first accounts); otherwise only by number.
func (s *Server) auditRows(r *http.Request, lang string, chain int64, events []audit.Event) ([]auditRow, error) {
	type actor struct {
		name, login string
		installed   bool
	}
	actors := map[int64]actor{}
	rows := make([]auditRow, 0, len(events))
	for _, e := range events {
		row := auditRow{Seq: e.Seq, At: e.At, ISO: e.At.UTC().Format(time.RFC3339), Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID}
		row.ActionLabel = s.auditLabel(lang, "audit.action."+e.Action, e.Action)
		row.ObjectLabel = s.auditLabel(lang, "audit.object."+e.ObjectType, e.ObjectType)
		if e.ActorID != 0 {
			a, ok := actors[e.ActorID]
			if !ok {
				u, err := s.app.Store.User(r.Context(), e.ActorID)
				switch {
				case err == nil && (u.TenantID == chain || u.TenantID == 0):
					a = actor{name: u.DisplayName, login: u.Username, installed: u.TenantID == 0 && chain != 0}
				case err == nil || apperr.Is(err, apperr.NotFound):
					a = actor{name: "#" + strconv.FormatInt(e.ActorID, 10)}
				default:
					return nil, err
				}
				actors[e.ActorID] = a
			}
			row.Actor, row.ActorLogin, row.Installed = a.name, a.login, a.installed
		}
		rows = append(rows, row)
	}
	return rows, nil
}
