package e2e

import (
	"strings"
	"testing"

	"sigap/internal/testserver"
)

// TestRetentionHold: the admin finds retention in the menu, sees a
// rejected report past its period as due, holds it from its row with a
// reason (refused first without one), sees it held, and releases the hold
// after a confirmation page; a period out of bounds is refused beside its
// field. Then the admin purges it with "Musnahkan sekarang" after a
// confirmation that lists it, and finds it in the purge log.
func TestRetentionHold(t *testing.T) {
	t.Parallel()
	env := start(t)
	now := env.Store.Now()
	if _, err := env.Store.DB().W.Exec(`INSERT INTO reports (tenant_id, public_id, receipt_lookup, channel, category, mode, status, reporter_is_victim, contact_victim,
		share_identity, content_enc, created_at, updated_at, closed_at) VALUES ($1, 'lama-ditolak', $2, 'web', 'other', 'anonymous', 'closed', FALSE, FALSE, FALSE, $3, $4, $4, $5)`,
		env.Kab.ID, []byte("lama-ditolak"), []byte("x"), now.AddDate(-4, 0, 0), now.AddDate(-3, 0, 0)); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, env)
	b.signIn("admin.kab", testserver.Password)
	b.wantStatus("retention", b.click(`nav.nav a[href="/admin/retention"]`), 200)
	b.wantText("h1", msg(t, "id", "retention.title"))
	if row := b.row("lama-ditolak"); !strings.Contains(row, msg(t, "id", "retention.due")) {
		t.Fatalf("the old rejected report is not due: %q", row)
	}
	b.shot("retention")

	b.fill("#export", "3")
	b.wantStatus("period too short", b.click(`form[action="/admin/retention"] button`), 422)
	if !strings.Contains(b.text("#export-error"), "12") {
		t.Fatalf("no message beside the field: %q", b.text("#export-error"))
	}

	b.wantStatus("hold form", b.click(`a[href="/admin/retention/holds/new?object=report&id=lama-ditolak"]`), 200)
	b.want("record code", b.value("#id"), "lama-ditolak")
	b.wantStatus("hold without a reason", b.click(`form[action="/admin/retention/holds"] button.primary`), 422)
	b.fill("#reason", "Diminta Inspektorat untuk pemeriksaan khusus")
	b.wantStatus("hold", b.click(`form[action="/admin/retention/holds"] button.primary`), 200)
	b.wantText(".flash", msg(t, "id", "flash.retention_held"))
	if row := b.text(`section[aria-labelledby="preview-h"] tbody`); !strings.Contains(row, msg(t, "id", "retention.block.held")) {
		t.Fatalf("the report is not shown held: %q", row)
	}
	if !strings.Contains(b.text(`section[aria-labelledby="holds-h"]`), "pemeriksaan khusus") {
		t.Fatal("the hold and its reason are not listed")
	}

	b.wantStatus("release confirmation", b.click(`a[href$="/release"]`), 200)
	b.fill("#reason", "Pemeriksaan selesai")
	b.wantStatus("release", b.click(`button.danger`), 200)
	b.wantText(".flash", msg(t, "id", "flash.retention_released"))
	if row := b.row("lama-ditolak"); !strings.Contains(row, msg(t, "id", "retention.due")) {
		t.Fatalf("after the release the report is not due again: %q", row)
	}
	b.wantText(`section[aria-labelledby="holds-h"] .empty`, msg(t, "id", "retention.holds.empty"))

	b.wantStatus("purge confirmation", b.click(`a[href="/admin/retention/purge"]`), 200)
	b.wantText("h1", msg(t, "id", "retention.purge.title"))
	if list := b.text("tbody"); !strings.Contains(list, "lama-ditolak") {
		t.Fatalf("the confirmation does not list the report: %q", list)
	}
	b.shot("retention-purge")
	b.wantStatus("purge", b.click(`form[action="/admin/retention/purge"] button.danger`), 200)
	b.wantText(".flash", msg(t, "id", "flash.retention_purged"))
	if log := b.text(`section[aria-labelledby="purges-h"] tbody`); !strings.Contains(log, "lama-ditolak") {
		t.Fatalf("the purge log does not name the report: %q", log)
	}
	// The log's line is the only one left: the preview no longer lists it.
	if row := b.row("lama-ditolak"); strings.Contains(row, msg(t, "id", "retention.due")) {
		t.Fatalf("the purged report is still due in the preview: %q", row)
	}
	b.shot("retention-purged")
}
