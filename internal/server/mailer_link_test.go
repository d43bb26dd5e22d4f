package server

import (
	"strings"
	"testing"

	"sigap/internal/i18n"
	"sigap/internal/store"
)

// A mail links to the page of what it is about (a TPKS clock's alert to
// the case's clocks page) on a line of its own; every mail's text has
// real line breaks, not an escaped "\n".
func TestMailLinks(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	m := &mailer{cat: cat, base: "https://sigap.serangkab.go.id/", lang: "id"}
	for _, k := range []string{"case.due_soon", "case.inaction", "case.late", "protection.clock_soon", "protection.clock_late", "protection.new", "report.new", "report.message",
		"pledge.due_soon", "pledge.renew_soon", "pledge.campaign_due", "guidance.due_soon", "retention.due_soon"} {
		for _, lang := range i18n.Languages {
			if body := cat.T(lang, "mail."+k+".body", map[string]any{"Name": "x", "Link": "y"}); strings.Contains(body, `\n`) || !strings.Contains(body, "\n") {
				t.Errorf("%s %s: %q", lang, k, body)
			}
		}
	}
	for typ, want := range map[string]string{"protection_clocks": "https://sigap.serangkab.go.id/protection/abc/clocks",
		"discipline_case": "https://sigap.serangkab.go.id/cases/abc", "report": "https://sigap.serangkab.go.id/reports/abc",
		"protection_case": "https://sigap.serangkab.go.id/protection/abc", "own_pledges": "https://sigap.serangkab.go.id/my/pledges",
		"pledge_campaign": "https://sigap.serangkab.go.id/pledges/campaigns/abc", "guidance_period": "https://sigap.serangkab.go.id/guidance/coverage",
		"retention": "https://sigap.serangkab.go.id/admin/retention"} {
		kind := map[string]string{"protection_clocks": "protection.clock_late", "discipline_case": "case.late", "report": "report.new",
			"protection_case": "protection.new", "own_pledges": "pledge.due_soon", "pledge_campaign": "pledge.campaign_due", "guidance_period": "guidance.due_soon",
			"retention": "retention.due_soon"}[typ]
		msg := m.compose(store.Mail{Notification: store.Notification{Kind: kind, ObjectType: typ, ObjectID: "abc"}, Name: "Kepala"})
		if !strings.Contains(msg.Body, ":\n"+want+"\n") || strings.Contains(msg.Body, `\n`) || strings.Contains(msg.Subject, "mail.") {
			t.Errorf("%s: %q %q", typ, msg.Subject, msg.Body)
		}
	}
}
