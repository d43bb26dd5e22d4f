package app_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"sigap/internal/app"
	"sigap/internal/apperr"
	"sigap/internal/config"
	"sigap/internal/db"
	"sigap/internal/report"
	"sigap/internal/server"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// A solved challenge of the public form is spent for the whole
// installation: the instance that took it refuses it again, and so does
// every other instance on the same database. Spent challenges are
// forgotten once expired.
func TestChallengeSpentOnEveryInstance(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now()
		st := store.New(d, func() time.Time { return now })
		if _, err := st.ImportRegions(ctx, store.System, testdb.BantenRegions(t)); err != nil {
			t.Fatal(err)
		}
		tn, err := st.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Load("", []string{"SIGAP_DATA_DIR=" + t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if err := server.LoadVault(ctx, cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatal(err)
		}
		one, other := app.New(st, time.Hour, time.Hour), app.New(st, time.Hour, time.Hour)
		one.Work, other.Work = &app.ReportWork{Bits: 8}, &app.ReportWork{Bits: 8}
		solve := func() (string, string) {
			ch, _, err := one.WorkChallenge(ctx, tn)
			if err != nil || ch == "" {
				t.Fatal(err)
			}
			n := 0
			for report.LeadingZeroBits(ch+":"+strconv.Itoa(n)) < 8 {
				n++
			}
			return ch, strconv.Itoa(n)
		}
		ch, nonce := solve()
		if err := one.CheckWork(ctx, tn, ch, nonce); err != nil {
			t.Fatal(err)
		}
		if err := other.CheckWork(ctx, tn, ch, nonce); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("the challenge spent on one instance is taken by another: %v", err)
		}
		if err := one.CheckWork(ctx, tn, ch, nonce); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("the challenge taken twice by one instance: %v", err)
		}
		ch2, nonce2 := solve()
		if err := other.CheckWork(ctx, tn, ch2, nonce2); err != nil {
			t.Errorf("a fresh challenge on the other instance: %v", err)
		}
		// Two hours on, both have expired and are forgotten.
		now = now.Add(2 * time.Hour)
		if err := st.PurgeSpentChallenges(ctx); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM pow_spent`).Scan(&left); err != nil || left != 0 {
			t.Errorf("%d spent challenges kept after they expired (%v)", left, err)
		}
	})
}
