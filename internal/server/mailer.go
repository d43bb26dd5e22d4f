package server

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"sigap/internal/i18n"
	"sigap/internal/mail"
	"sigap/internal/store"
)

// mailer sends the notifications waiting to be mailed. Every instance may
// run one: mails are leased when taken, so none goes out twice.
type mailer struct {
	st   *store.Store
	cat  *i18n.Catalog
	send mail.Sender
	base string // the public address, for links
	lang string // for people who chose no language
	log  *slog.Logger
	// every is the pause between rounds (SIGAP_MAIL_INTERVAL).
	every time.Duration
}

// run sends mail every m.every until ctx ends.
func (m *mailer) run(ctx context.Context) {
	t := time.NewTicker(m.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := m.once(ctx); err != nil {
			m.log.Warn("sending mail", "err", err)
		}
	}
}

// once sends what is due now, in batches, and returns how many went out.
func (m *mailer) once(ctx context.Context) (int, error) {
	sent := 0
	for {
		claimed := m.st.Now()
		due, err := m.st.ClaimMails(ctx, 50)
		if err != nil || len(due) == 0 {
			return sent, err
		}
		for i, d := range due {
			// A slow mail server may hold a batch past its lease, when
			// another instance would claim and send the rest again. Half
			// way through the lease, the rest is given back instead.
			if m.st.Now().Sub(claimed) > store.MailLease/2 {
				rest := make([]int64, 0, len(due)-i)
				for _, r := range due[i:] {
					rest = append(rest, r.ID)
				}
				return sent, m.st.ReleaseMails(ctx, rest)
			}
			err := m.send.Send(ctx, m.compose(d))
			if err == nil {
				sent++
			} else {
				m.log.Warn("a mail was not sent; it will be tried again", "kind", d.Kind, "err", err)
			}
			if err := m.st.MailSent(ctx, d.ID, err); err != nil {
				return sent, err
			}
		}
	}
}

// compose writes a notification's mail in its reader's language: what
// happened and a link, nothing of the report itself.
func (m *mailer) compose(d store.Mail) mail.Message {
	lang := d.Lang
	if !i18n.Supported(lang) {
		lang = m.lang
	}
	link := strings.TrimSuffix(m.base, "/") + d.Notification.Path()
	data := map[string]any{"Name": d.Name, "Link": link}
	return mail.Message{To: d.To, Subject: m.cat.T(lang, "mail."+d.Kind+".subject", nil), Body: m.cat.T(lang, "mail."+d.Kind+".body", data)}
}

// SendMails sends the notifications due now; the server does it every
// SIGAP_MAIL_INTERVAL, tests and the command line call it directly.
func (s *Server) SendMails(ctx context.Context) (int, error) { return s.mailer.once(ctx) }
