package web

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"

	"sigap/internal/app"
	"sigap/internal/export"
)

// Integrity pledges: the prevention officer's texts, campaigns, coverage
// and verification; the employee signs on /my/pledges.

// coverageTable is one table of a campaign's coverage: its rows, the
// table's id, the first column's heading key and the key prefix that
// names a row (empty: the row's own name).
type coverageTable struct {
	P                *Page
	Rows             any
	ID, Head, Prefix string
}

type pledgesData struct {
	app.PledgesView
	Title, Body                                   string // the new version form
	CampaignName, Version, Scope, Unit, Kind, Due string // the new campaign form
}

func (s *Server) renderPledges(w http.ResponseWriter, r *http.Request, d pledgesData, err error) {
	v, verr := s.app.Pledges(r.Context(), stateOf(r).user)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	d.PledgesView = v
	if d.Title == "" && d.Body == "" {
		d.Title, d.Body = v.DefaultTitle, v.DefaultText
	}
	if d.Scope == "" {
		d.Scope = "all"
	}
	p := s.page(w, r, "pledges.title", d)
	if err != nil {
		s.formError(w, r, "pledges", p, err)
		return
	}
	s.render(w, r, http.StatusOK, "pledges", p)
}

func (s *Server) pledges(w http.ResponseWriter, r *http.Request) {
	s.renderPledges(w, r, pledgesData{}, nil)
}

func (s *Server) pledgeVersionAdd(w http.ResponseWriter, r *http.Request) {
	d := pledgesData{Title: r.PostFormValue("title"), Body: r.PostFormValue("body")}
	v, err := s.app.AddPledgeVersion(r.Context(), stateOf(r).user, d.Title, d.Body)
	if err != nil {
		s.renderPledges(w, r, d, err)
		return
	}
	s.redirect(w, r, "/pledges/versions/"+strconv.FormatInt(v.ID, 10), "pledge_version_added")
}

func (s *Server) pledgeVersion(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.app.PledgeVersion(r.Context(), stateOf(r).user, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "pledge_version", s.page(w, r, "pledges.version.title", v))
}

func (s *Server) pledgeSettings(w http.ResponseWriter, r *http.Request) {
	if err := s.app.SetPledgeSettings(r.Context(), stateOf(r).user, r.PostFormValue("renew_months"), r.PostFormValue("remind_days")); err != nil {
		s.renderPledges(w, r, pledgesData{}, err)
		return
	}
	s.redirect(w, r, "/pledges", "pledge_settings_saved")
}

func (s *Server) pledgeCampaignAdd(w http.ResponseWriter, r *http.Request) {
	in := app.CampaignInput{Name: r.PostFormValue("name"), Version: r.PostFormValue("version"), Scope: r.PostFormValue("scope"),
		Unit: r.PostFormValue("unit"), Kind: r.PostFormValue("kind"), Due: r.PostFormValue("due")}
	c, err := s.app.AddPledgeCampaign(r.Context(), stateOf(r).user, in)
	if err != nil {
		s.renderPledges(w, r, pledgesData{CampaignName: in.Name, Version: in.Version, Scope: in.Scope, Unit: in.Unit, Kind: in.Kind, Due: in.Due}, err)
		return
	}
	s.redirect(w, r, "/pledges/campaigns/"+strconv.FormatInt(c.ID, 10), "pledge_campaign_added")
}

type pledgeCampaignData struct {
	app.CampaignView
	PrevURL, NextURL string
	PageNo, Pages    int
	NIP              string // the paper signature form
}

func (s *Server) renderPledgeCampaign(w http.ResponseWriter, r *http.Request, nip string, err error) {
	id, perr := pathID(r, "id")
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	v, verr := s.app.PledgeCampaign(r.Context(), stateOf(r).user, id, offset, r.URL.Query().Get("sort"))
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	d := pledgeCampaignData{CampaignView: v, NIP: nip, PageNo: v.Offset/v.Limit + 1, Pages: max(1, (v.NotTotal+v.Limit-1)/v.Limit)}
	base := "/pledges/campaigns/" + strconv.FormatInt(id, 10) + "?sort=" + v.Sort + "&offset="
	if v.Offset > 0 {
		d.PrevURL = base + strconv.Itoa(max(0, v.Offset-v.Limit))
	}
	if v.Offset+v.Limit < v.NotTotal {
		d.NextURL = base + strconv.Itoa(v.Offset+v.Limit)
	}
	p := s.page(w, r, "pledges.campaign.title", d)
	p.Title = v.Campaign.Name
	if err != nil {
		s.formError(w, r, "pledge_campaign", p, err)
		return
	}
	s.render(w, r, http.StatusOK, "pledge_campaign", p)
}

func (s *Server) pledgeCampaign(w http.ResponseWriter, r *http.Request) {
	s.renderPledgeCampaign(w, r, "", nil)
}

func (s *Server) pledgeCampaignExport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	if format != "csv" {
		format = "xlsx"
	}
	t, err := s.app.PledgeCoverageTable(r.Context(), stateOf(r).user, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := "cakupan-pakta-integritas-" + strconv.FormatInt(id, 10) + "." + format
	h := w.Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		err = export.WriteCSV(w, t)
	} else {
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		err = export.WriteXLSX(w, t)
	}
	if err != nil {
		s.log.Error("pledge export", "err", err) // the response has begun: nothing else to tell
	}
}

func (s *Server) pledgePaper(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseReportForm(r); err != nil {
		s.renderPledgeCampaign(w, r, "", err)
		return
	}
	uploads, err := uploadsFrom(r)
	nip := r.PostFormValue("nip")
	if err == nil {
		_, err = s.app.AddPaperSignature(r.Context(), stateOf(r).user, id, nip, uploads)
	}
	if err != nil {
		s.renderPledgeCampaign(w, r, nip, err)
		return
	}
	s.redirect(w, r, r.URL.Path[:len(r.URL.Path)-len("/paper")], "pledge_paper_recorded")
}

func (s *Server) pledgeSignature(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.app.VerifyPledgeSignature(r.Context(), stateOf(r).user, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "pledge_signature", s.page(w, r, "pledges.verify.title", v))
}

func (s *Server) pledgeScan(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b bytes.Buffer
	ct := ""
	if err := s.app.PledgeScan(r.Context(), stateOf(r).user, id, func(c string) { ct = c }, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", "attachment")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}

func (s *Server) ownPledges(w http.ResponseWriter, r *http.Request) {
	v, err := s.app.OwnPledges(r.Context(), stateOf(r).user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "own_pledges", s.page(w, r, "own_pledges.title", v))
}

func (s *Server) ownPledgeSign(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		_, err = s.app.SignPledge(r.Context(), stateOf(r).user, id, r.PostFormValue("sha256"), r.PostFormValue("agree") == "yes")
	}
	if err != nil {
		v, verr := s.app.OwnPledges(r.Context(), stateOf(r).user)
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		s.formError(w, r, "own_pledges", s.page(w, r, "own_pledges.title", v), err)
		return
	}
	s.redirect(w, r, "/my/pledges", "pledge_signed")
}
