package e2e

import (
	"strings"
	"testing"
	"time"

	"sigap/internal/testserver"
)

// TestProcedureSettings: the admin finds the procedure settings in the
// menu, sees where each setting comes from, has a bad case-number format
// refused with its reason, previews and saves a good one, switches the
// effect day, keeps a PPPK violation list, and words a letter paragraph, with an unknown placeholder
// refused and the default restored after confirmation.
func TestProcedureSettings(t *testing.T) {
	t.Parallel()
	env := start(t)
	b := newBrowser(t, env)
	b.signIn("admin.kab", testserver.Password)
	b.wantStatus("settings", b.click(`nav.nav a[href="/admin/procedure"]`), 200)
	b.wantText("h1", msg(t, "id", "settings.title"))
	if n := b.count("fieldset .badge"); n != 3 {
		t.Fatalf("%d settings marked unconfirmed, want 3", n)
	}
	if !strings.Contains(b.text("#effect"), "PP 94/2021 Ps 38(1)") || !strings.Contains(b.text("#sedang"), "PP 94/2021 Ps 42") {
		t.Fatalf("sources missing: %q / %q", b.text("#effect"), b.text("#sedang"))
	}
	year := time.Now().Add(7 * time.Hour).Format("2006")

	b.fill("#number_format", "800/{nomor}/{year}")
	b.wantStatus("bad format", b.click(`button[name="action"][value="save"]`), 422)
	if e := b.text("#number_format-error"); !strings.Contains(e, "{nomor}") {
		t.Fatalf("the error does not name the token: %q", e)
	}
	b.fill("#number_format", "800/{seq:03}/BKPSDM/{year}")
	b.wantStatus("preview", b.click(`button[name="action"][value="preview"]`), 200)
	if got := b.text("#number-preview"); !strings.HasPrefix(got, "800/001/BKPSDM/") {
		t.Fatalf("preview %q", got)
	}
	b.check(`input[name="effect_day"][value="day"]`)
	b.wantStatus("save", b.click(`button[name="action"][value="save"]`), 200)
	b.wantText(".flash", msg(t, "id", "flash.settings_saved"))
	b.want("saved format", b.value("#number_format"), "800/{seq:03}/BKPSDM/{year}")
	b.want("next number", b.text("#number-preview"), "800/001/BKPSDM/"+year)
	if !eval[bool](b, `document.querySelector('input[name="effect_day"][value="day"]').checked`) {
		t.Fatal("the effect-day choice was not kept")
	}

	// The government's own PPPK list: a row without a level is refused
	// beside the row, then kept once complete.
	b.fill(`input[name="pppk_code.0"]`, "P1")
	b.fill(`input[name="pppk_text.0"]`, "Tidak masuk kerja 5 hari tanpa keterangan")
	b.wantStatus("PPPK row without level", b.click(`form[action="/admin/procedure/pppk"] button.primary`), 422)
	if b.count(`select[name="pppk_level.0"][aria-invalid="true"]`) != 1 {
		t.Fatal("the row without a level is not marked")
	}
	b.set(`select[name="pppk_level.0"]`, "ringan")
	b.click(`form[action="/admin/procedure/pppk"] button.primary`)
	b.wantText(".flash", msg(t, "id", "flash.pppk_saved"))
	b.want("PPPK code kept", b.value(`input[name="pppk_code.0"]`), "P1")

	b.click(`a[href="/admin/letters"]`)
	b.wantText("h1", msg(t, "id", "letters.title"))
	area := `textarea#body-decision\.effect`
	b.fill(area, "Berlaku pada {hari_berlaku} untuk {nama_lengkap}.")
	b.wantStatus("unknown placeholder", b.click(`form[action="/admin/letters/decision.effect"] button.primary`), 422)
	if e := b.text(`section[id="decision.effect"] .field-error`); !strings.Contains(e, "{nama_lengkap}") {
		t.Fatalf("the error does not name the placeholder: %q", e)
	}
	b.fill(area, "Keputusan ini berlaku bagi Saudara {nama} pada {hari_berlaku}.")
	b.click(`form[action="/admin/letters/decision.effect"] button.primary`)
	b.wantText(".flash", msg(t, "id", "flash.letter_text_saved"))
	b.want("saved text", b.value(area), "Keputusan ini berlaku bagi Saudara {nama} pada {hari_berlaku}.")
	b.wantText(`section[id="decision.effect"] .badge`, msg(t, "id", "letters.own"))

	b.click(`a[href="/admin/letters/decision.effect/reset"]`)
	b.wantText("h1", msg(t, "id", "letters.reset.title"))
	b.click(`form[action="/admin/letters/decision.effect/reset"] button.danger`)
	b.wantText(".flash", msg(t, "id", "flash.letter_text_reset"))
	b.wantText(`section[id="decision.effect"] .badge`, msg(t, "id", "letters.default"))
	if v := b.value(area); !strings.Contains(v, "{hari_berlaku} terhitung sejak tanggal diterima") {
		t.Fatalf("the default is not back: %q", v)
	}
}
