package store

import (
	"context"
	"database/sql"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/db"
)

// Notification is something a person is told in the app, and by mail
// when they have an address.
type Notification struct {
	ID         int64
	TenantID   int64
	UserID     int64
	Kind       string // e.g. "report.new", "report.message"
	ObjectType string
	ObjectID   string
	CreatedAt  time.Time
	Read       bool
}

// Path is the page of what the notification is about, for its link on
// the notifications page and in its mail.
func (n Notification) Path() string {
	switch n.ObjectType {
	case "discipline_case":
		return "/cases/" + n.ObjectID
	case "protection_case":
		return "/protection/" + n.ObjectID
	case "protection_clocks":
		return "/protection/" + n.ObjectID + "/clocks"
	case "guidance_period":
		return "/guidance/coverage"
	case "own_pledges":
		return "/my/pledges"
	case "pledge_campaign":
		return "/pledges/campaigns/" + n.ObjectID
	case "retention":
		return "/admin/retention"
	}
	return "/reports/" + n.ObjectID
}

// notifyRole tells every active user of the tenant holding role of an
// event, in the event's transaction.
func (s *Store) notifyRole(ctx context.Context, tx *sql.Tx, tenantID int64, role, kind, objType, objID string) error {
	_, err := tx.ExecContext(ctx, notifyRoleSQL, tenantID, role, kind, objType, objID, s.Now())
	return apperr.Wrap(err, "notify")
}

const notifyRoleSQL = `INSERT INTO notifications (tenant_id, user_id, kind, object_type, object_id, created_at, mail_state, mail_next_at)
	SELECT $1, u.id, $3, $4, $5, $6, CASE WHEN u.email <> '' THEN 'pending' ELSE 'none' END, $6
	FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = $2
	WHERE u.tenant_id = $1 AND u.disabled_at IS NULL`

// Notifications returns a user's latest notifications, newest first, and
// how many are unread.
func (s *Store) Notifications(ctx context.Context, userID int64, limit int) ([]Notification, int, error) {
	var unread int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&unread); err != nil {
		return nil, 0, apperr.Wrap(err, "count notifications")
	}
	if limit <= 0 {
		return nil, unread, nil
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, tenant_id, user_id, kind, object_type, object_id, created_at, read_at IS NOT NULL
		FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "notifications")
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.TenantID, &n.UserID, &n.Kind, &n.ObjectType, &n.ObjectID, &n.CreatedAt, &n.Read); err != nil {
			return nil, 0, apperr.Wrap(err, "scan notification")
		}
		out = append(out, n)
	}
	return out, unread, apperr.Wrap(rows.Err(), "notifications")
}

// UnreadNotifications counts a user's unread notifications, for the menu.
func (s *Store) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRowHot(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, apperr.Wrap(err, "count notifications")
}

// MarkNotificationsRead marks a user's notifications about one object as
// read (all of them when objectID is empty).
func (s *Store) MarkNotificationsRead(ctx context.Context, userID int64, objectID string) error {
	q, args := `UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, []any{userID, s.Now()}
	if objectID != "" {
		q, args = q+` AND object_id = $3`, append(args, objectID)
	}
	_, err := s.db.W.ExecContext(ctx, q, args...)
	return apperr.Wrap(err, "mark read")
}

// Mail is a notification due to be mailed, with what the mail needs.
type Mail struct {
	Notification
	To   string
	Lang string
	Name string
}

// MailLease is how long a claimed mail is left to its sender before
// another instance may try it.
const MailLease = 10 * time.Minute

// ReleaseMails gives claimed mails back before their lease ends, for a
// sender that will not get to them in time: they are due again at once.
func (s *Store) ReleaseMails(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		if _, err := s.db.W.ExecContext(ctx, `UPDATE notifications SET mail_next_at = $2 WHERE id = $1 AND mail_state = 'pending'`, id, s.Now()); err != nil {
			return apperr.Wrap(err, "release mail")
		}
	}
	return nil
}

// ClaimMails takes up to limit mails due now, leasing them so that
// another instance does not send them too.
func (s *Store) ClaimMails(ctx context.Context, limit int) ([]Mail, error) {
	var out []Mail
	now := s.Now()
	skip := ""
	if s.db.Engine == db.Postgres {
		skip = " FOR UPDATE OF n SKIP LOCKED"
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT n.id, n.tenant_id, n.user_id, n.kind, n.object_type, n.object_id, n.created_at,
			u.email, u.lang, u.display_name FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE n.mail_state = 'pending' AND n.mail_next_at <= $1 AND u.disabled_at IS NULL ORDER BY n.mail_next_at, n.id LIMIT $2`+skip, now, limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m Mail
			if err := rows.Scan(&m.ID, &m.TenantID, &m.UserID, &m.Kind, &m.ObjectType, &m.ObjectID, &m.CreatedAt, &m.To, &m.Lang, &m.Name); err != nil {
				rows.Close()
				return err
			}
			out = append(out, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, m := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET mail_next_at = $2 WHERE id = $1`, m.ID, now.Add(MailLease)); err != nil {
				return err
			}
		}
		return nil
	})
	return out, apperr.Wrap(err, "claim mails")
}

// mailAttempts is how many times a mail is tried before it is given up.
const mailAttempts = 6

// MailSent records the result of sending a claimed mail: sent, or failed
// and retried later with a growing wait, or given up after the last try.
func (s *Store) MailSent(ctx context.Context, id int64, sendErr error) error {
	if sendErr == nil {
		_, err := s.db.W.ExecContext(ctx, `UPDATE notifications SET mail_state = 'sent', mail_attempts = mail_attempts + 1, mail_error = '' WHERE id = $1`, id)
		return apperr.Wrap(err, "mail sent")
	}
	msg := truncate(sendErr.Error(), 500)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var attempts int
		if err := tx.QueryRowContext(ctx, `SELECT mail_attempts FROM notifications WHERE id = $1`, id).Scan(&attempts); err != nil {
			return apperr.Wrap(err, "mail attempts")
		}
		attempts++
		state, next := "pending", s.Now().Add(time.Duration(1<<min(attempts, 10))*time.Minute)
		if attempts >= mailAttempts {
			state = "failed"
		}
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET mail_state = $2, mail_attempts = $3, mail_next_at = $4, mail_error = $5 WHERE id = $1`,
			id, state, attempts, next, msg)
		return apperr.Wrap(err, "mail failed")
	})
}
