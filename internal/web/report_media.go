package web

import (
	"net/http"

	"sigap/internal/access"
	"sigap/internal/report"
)

// The desk pastes a news article or a post; sigap reads it into a draft
// report, shows the words each field came from, and hands the draft to
// the intake form, where the officer's corrections win. The article comes
// only in a POST body: never in an address, never in a log.

// maxMediaBody bounds the paste form: an article at media.MaxInput as the
// browser encodes it (non-ASCII letters take up to nine bytes), so that
// the extractor, not the body limit, says a text is too long.
const maxMediaBody = int64(3*1<<20 + 64<<10)

// mediaData is the page in both its states: the paste form (Proposal
// nil) and the proposal with the prefilled report form.
type mediaData struct {
	reportFormData
	Article  string
	Link     string
	Proposal *mediaView
}

func (s *Server) reportMediaForm(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.HandleReports) {
		return
	}
	private(w)
	s.render(w, r, http.StatusOK, "report_media", s.page(w, r, "media.title", mediaData{}))
}

func (s *Server) reportMediaPropose(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.HandleReports) {
		return
	}
	private(w)
	article, link := r.PostFormValue("article"), r.PostFormValue("link")
	prop, err := s.app.ProposeFromArticle(r.Context(), stateOf(r).user, article, link)
	if err != nil {
		data := mediaData{Link: link}
		if len(article) <= 64<<10 {
			data.Article = article // shown again to be shortened; a huge paste is not echoed
		}
		s.formError(w, r, "report_media", s.page(w, r, "media.title", data), err)
		return
	}
	lang := stateOf(r).lang
	p := s.page(w, r, "media.title", mediaData{
		reportFormData: reportFormData{Tenant: prop.Tenant, ReportForm: prop.Form, In: prop.Draft, Modes: reportModes, Intake: true,
			Action: "/reports/new", Channels: report.IntakeChannels},
		Link:     link,
		Proposal: newMediaView(prop, lang),
	})
	s.render(w, r, http.StatusOK, "report_media", p)
}
