package server

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"sigap/internal/i18n"
	"sigap/internal/identity"
	"sigap/internal/mail"
	"sigap/internal/store"
	"sigap/internal/testdb"
)

// slowSender takes two minutes (on the store's clock) for each mail.
type slowSender struct {
	clock *time.Time
	sent  []string
}

func (s *slowSender) Send(_ context.Context, m mail.Message) error {
	*s.clock = s.clock.Add(2 * time.Minute)
	s.sent = append(s.sent, m.To)
	return nil
}

// A mail server so slow that a batch would outlive its lease: the mailer
// stops half way through the lease and gives the rest back, due at once,
// so that no other instance sends them while this one still might.
func TestSlowMailGivesBackItsLease(t *testing.T) {
	for _, e := range testdb.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			d := testdb.Open(t, e)
			now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
			st := store.New(d, func() time.Time { return now })
			if _, err := st.ImportRegions(ctx, store.System, testdb.BantenRegions(t)); err != nil {
				t.Fatal(err)
			}
			tn, err := st.CreateTenant(ctx, store.System, "36.04", "kab-serang", "Pemerintah Kabupaten Serang")
			if err != nil {
				t.Fatal(err)
			}
			u, err := st.CreateUser(ctx, store.System, store.NewUser{TenantID: tn.ID, Username: "meja.kab", DisplayName: "Meja", Email: "meja@kab.test",
				Roles: []identity.Role{identity.Intake}, PasswordHash: "x"})
			if err != nil {
				t.Fatal(err)
			}
			for i := range 5 {
				if _, err := d.W.ExecContext(ctx, `INSERT INTO notifications (tenant_id, user_id, kind, object_type, object_id, created_at, mail_state, mail_next_at)
					VALUES ($1, $2, 'report.new', 'report', $3, $4, 'pending', $4)`, tn.ID, u.ID, string(rune('a'+i)), now); err != nil {
					t.Fatal(err)
				}
			}
			cat, err := i18n.Load()
			if err != nil {
				t.Fatal(err)
			}
			slow := &slowSender{clock: &now}
			m := &mailer{st: st, cat: cat, send: slow, base: "https://sigap.test", lang: "id", log: slog.New(slog.NewTextHandler(io.Discard, nil)), every: time.Second}
			n, err := m.once(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// Sent at 0, 2 and 4 minutes; at 6 the lease is past half.
			if n != 3 {
				t.Fatalf("%d mails sent in the first batch, want 3", n)
			}
			var due int
			if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE mail_state = 'pending' AND mail_next_at <= $1`, now).Scan(&due); err != nil || due != 2 {
				t.Fatalf("%d mails given back, want 2 (%v)", due, err)
			}
			if n, err := m.once(ctx); err != nil || n != 2 || len(slow.sent) != 5 {
				t.Fatalf("the rest: %d sent, %d in all (%v)", n, len(slow.sent), err)
			}
		})
	}
}
