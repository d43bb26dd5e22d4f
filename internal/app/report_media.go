package app

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/identity"
	"sigap/internal/media"
	"sigap/internal/org"
	"sigap/internal/report"
)

// MediaProposal is what the desk sees after pasting an article: what was
// read from it, the draft report it proposes and the tenant's form to
// correct it in.
type MediaProposal struct {
	Tenant org.Tenant
	Form   ReportForm
	Result media.Result
	Draft  report.Submission
}

// ProposeFromArticle reads an article or post pasted at the desk and
// proposes a draft report of the press channel. Nothing is stored: the
// officer corrects the draft and records it through RecordReport, which
// seals and audits it like any report.
func (a *App) ProposeFromArticle(ctx context.Context, u identity.User, text, link string) (MediaProposal, error) {
	if err := access.Check(u, access.HandleReports); err != nil {
		return MediaProposal{}, err
	}
	if strings.TrimSpace(text) == "" {
		return MediaProposal{}, apperr.InvalidField("article", "media.empty", nil)
	}
	if len(text) > media.MaxInput {
		return MediaProposal{}, apperr.InvalidField("article", "media.too_large", map[string]any{"MaxKB": media.MaxInput >> 10})
	}
	if !utf8.ValidString(text) {
		return MediaProposal{}, apperr.InvalidField("article", "report.text.encoding", nil)
	}
	t, form, err := a.IntakeForm(ctx, u)
	if err != nil {
		return MediaProposal{}, err
	}
	x, err := media.DefaultIndex()
	if err != nil {
		return MediaProposal{}, apperr.Wrap(err, "media index")
	}
	tenants, err := a.Store.Tenants(ctx)
	if err != nil {
		return MediaProposal{}, err
	}
	codes := make([]string, len(tenants))
	for i, tn := range tenants {
		codes[i] = tn.Code
	}
	res, err := x.Extract(text, media.Options{Region: t.Code, Tenants: codes})
	if errors.Is(err, media.ErrTooLarge) {
		return MediaProposal{}, apperr.InvalidField("article", "media.too_large", map[string]any{"MaxKB": media.MaxInput >> 10})
	} else if err != nil {
		return MediaProposal{}, apperr.Wrap(err, "media extract")
	}
	return MediaProposal{Tenant: t, Form: form, Result: res, Draft: Draft(res, form, link)}, nil
}

// Draft turns what was read into the fields of the desk's form: only what
// the form can hold and the tenant knows (its categories, its kecamatan
// and villages). The reporter is the press, so the report is anonymous
// and the reporter is not the victim.
func Draft(res media.Result, form ReportForm, link string) report.Submission {
	s := report.Submission{Mode: string(report.Anonymous), ReporterIsVictim: "no", Channel: string(channelOf(link)),
		ChannelRef: strings.TrimSpace(link), What: clip(res.Text, report.MaxWhat)}
	if res.Category != nil {
		for _, c := range form.Categories {
			if c.Code == res.Category.Code {
				s.Category = c.Code
			}
		}
	}
	if res.Accused != nil {
		s.AccusedPosition = clip(res.Accused.Description, report.MaxShortText)
	}
	districts := map[string]District{}
	for _, d := range form.Districts {
		districts[d.Code] = d
	}
	// The first kecamatan named, and a village of it; or the kecamatan of
	// the first village named.
	for _, p := range res.Places {
		if _, ok := districts[p.Code]; ok && s.District == "" {
			s.District = p.Code
		}
	}
	for _, p := range res.Places {
		if p.Level != "village" || len(p.Code) < 8 {
			continue
		}
		parent := p.Code[:8]
		if s.District == "" {
			if _, ok := districts[parent]; ok {
				s.District = parent
			}
		}
		if parent == s.District && s.Village == "" {
			for _, v := range districts[parent].Villages {
				if v.Code == p.Code {
					s.Village = p.Code
				}
			}
		}
	}
	var names []string
	for _, p := range res.Places {
		names = append(names, p.Name)
	}
	s.Place = clip(strings.Join(names, ", "), report.MaxShortText)
	return s
}

// clip cuts a text to at most max characters, at the end of a paragraph
// or a word when it can.
func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut := s
	for n := 0; n < max; n++ {
		_, size := utf8.DecodeRuneInString(cut)
		cut = cut[size:]
	}
	head := s[:len(s)-len(cut)]
	if i := strings.LastIndex(head, "\n\n"); i > len(head)/2 {
		return head[:i]
	}
	if i := strings.LastIndexByte(head, ' '); i > len(head)/2 {
		return head[:i]
	}
	return head
}

// socialHosts are the sites whose links are posts, not articles.
var socialHosts = []string{"facebook.com", "fb.com", "fb.watch", "instagram.com", "x.com", "twitter.com", "tiktok.com", "youtube.com",
	"youtu.be", "threads.net", "t.me", "whatsapp.com"}

// channelOf is the press, unless the link is a post on a social network.
func channelOf(link string) report.Channel {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Host == "" {
		return report.Press
	}
	host := strings.ToLower(strings.TrimPrefix(u.Hostname(), "www."))
	for _, h := range socialHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return report.SocialMedia
		}
	}
	return report.Press
}
