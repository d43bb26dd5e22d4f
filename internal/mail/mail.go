// Package mail sends notification mails: through an SMTP server when one
// is configured, else into the log, so that a small installation without
// mail still sees what would have been sent. Mails name an event and link
// to it; they never carry what a report says.
package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// Message is one mail.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Sender sends a mail.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends through a mail server, with STARTTLS whenever the server
// offers it and a login when User is set.
type SMTP struct {
	Addr     string // host:port
	From     string
	User     string
	Password string
	// TLS, when set, is used for STARTTLS (tests give their own roots).
	TLS *tls.Config
}

// Send delivers m, or returns why it could not.
func (s SMTP) Send(ctx context.Context, m Message) error {
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return fmt.Errorf("smtp address %q: %v", s.Addr, err)
	}
	d := net.Dialer{Timeout: 20 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(time.Minute))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := s.TLS
		if cfg == nil {
			cfg = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
		}
		if err := c.StartTLS(cfg); err != nil {
			return err
		}
	}
	if s.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(s.From); err != nil {
		return err
	}
	if err := c.Rcpt(m.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(compose(s.From, m)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// compose writes the mail's header and body, the subject encoded for
// non-ASCII letters and every line ending in CRLF.
func compose(from string, m Message) []byte {
	var b strings.Builder
	b.WriteString("From: " + from + "\r\n")
	b.WriteString("To: " + m.To + "\r\n")
	b.WriteString("Subject: " + mime.QEncoding.Encode("utf-8", m.Subject) + "\r\n")
	b.WriteString("Date: " + time.Now().UTC().Format(time.RFC1123Z) + "\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	// Lines starting with a dot are escaped by the SMTP data writer.
	for _, line := range strings.Split(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n") {
		b.WriteString(line + "\r\n")
	}
	return []byte(b.String())
}

// Log writes mails to the log instead of sending them: the sink used when
// no mail server is configured.
type Log struct {
	Log *slog.Logger
}

// Send logs who would have been told what.
func (l Log) Send(_ context.Context, m Message) error {
	l.Log.Info("mail not sent: no SMTP server configured (SIGAP_SMTP_ADDR)", "to", m.To, "subject", m.Subject)
	return nil
}
