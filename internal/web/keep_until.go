package web

// KeepUntil is the line every exported file carries: the day to keep it
// until, from the government's retention period for exports.
func (p *Page) KeepUntil() string {
	d, err := p.s.app.KeepUntil(p.ctx, p.User.TenantID)
	if err != nil {
		p.s.log.Warn("reading the retention period for an export", "err", err)
	}
	return p.T("export.keep_until", "Date", p.Date(d))
}
