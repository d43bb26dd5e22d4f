package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/db"
	"sigap/internal/pledge"
)

// PledgeWatch is what one pass of the pledge reminders sent.
type PledgeWatch struct {
	Campaigns int // campaigns whose due-date reminder went out
	Employees int // employees told a campaign's due date is near
	Renewals  int // employees told their signature must be renewed soon
}

// The kinds of pledge notifications. They name no person and no text: the
// employee's link is their own page, the officers' the campaign's page.
const (
	notePledgeDue     = "pledge.due_soon"     // to an employee: a campaign awaits your signature and its due date is near
	notePledgeRenew   = "pledge.renew_soon"   // to an employee: your signature lapses soon under the renewal period
	notePledgeSummary = "pledge.campaign_due" // to the prevention officers: a campaign's due date is near and some have not signed
)

// linkedUsers joins, to employees e, the active accounts linked to them.
const linkedUsers = ` JOIN user_employees ue ON ue.employee_id = e.id AND ue.tenant_id = e.tenant_id
	JOIN users u ON u.id = ue.user_id AND u.tenant_id = e.tenant_id AND u.disabled_at IS NULL`

// WatchPledges sends the tenant's pledge reminders due at now (today is
// now's date where the government is), each once, even when two instances
// watch at the same moment:
//
//   - within RemindDays before a campaign's due date, every employee the
//     campaign asks who has no signature of its version that will still
//     count RemindDays from now, and whose account is linked to the
//     roster, is told once; the prevention officers get one summary;
//   - with a renewal period, an employee whose last signature of the
//     newest version counts now but lapses within RemindDays, and whom a
//     campaign of that version asks, is told once per signature (not again
//     when the due-date reminder already told them).
func (s *Store) WatchPledges(ctx context.Context, tenantID int64, today calendar.Date) (PledgeWatch, error) {
	var w PledgeWatch
	st, err := s.PledgeSettings(ctx, tenantID)
	if err != nil || st.RemindDays <= 0 {
		return w, err
	}
	campaigns, err := s.PledgeCampaigns(ctx, tenantID)
	if err != nil || len(campaigns) == 0 {
		return w, err
	}
	versions, err := s.PledgeVersions(ctx, tenantID)
	if err != nil || len(versions) == 0 {
		return w, err
	}
	now := s.Now()
	cutNow, cutLater := pledge.Cutoff(now, st.RenewMonths), pledge.LapseCutoff(now, st.RenewMonths, st.RemindDays)
	for _, c := range campaigns {
		if !pledge.DueSoon(today, c.Due, st.RemindDays) {
			continue
		}
		n, err := s.remindCampaign(ctx, tenantID, c, st.RenewMonths > 0, cutNow, cutLater)
		if err != nil {
			return w, err
		}
		if n >= 0 {
			w.Campaigns++
			w.Employees += n
		}
	}
	if st.RenewMonths <= 0 {
		return w, nil
	}
	seen := map[int64]bool{}
	for _, c := range campaigns {
		if c.VersionID != versions[0].ID {
			continue // an older version's campaign is not renewed
		}
		lapses, err := s.lapsing(ctx, s.db.R, tenantID, c, cutNow, cutLater)
		if err != nil {
			return w, err
		}
		for _, l := range lapses {
			if seen[l.signatureID] {
				continue
			}
			seen[l.signatureID] = true
			told, err := s.remindRenewal(ctx, tenantID, c, l)
			if err != nil {
				return w, err
			}
			if told {
				w.Renewals++
			}
		}
	}
	return w, nil
}

// remindCampaign sends a campaign's due-date reminder unless it was sent,
// and returns how many employees it told, -1 when it sent nothing.
func (s *Store) remindCampaign(ctx context.Context, tenantID int64, c PledgeCampaign, renewal bool, cutNow, cutLater time.Time) (int, error) {
	var sent int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM pledge_reminders WHERE tenant_id = $1 AND kind = 'due' AND ref_id = $2`,
		tenantID, c.ID).Scan(&sent); err != nil {
		return -1, apperr.Wrap(err, "pledge reminders")
	}
	if sent > 0 {
		return -1, nil
	}
	var args db.Args
	ctes, where := campaignTarget(&args, tenantID, c)
	where += ` AND NOT ` + signedCurrent(&args, tenantID, c.VersionID, cutLater)
	var missing int
	if err := s.db.R.QueryRowContext(ctx, withCTEs(ctes...)+`SELECT COUNT(*) FROM employees e WHERE`+where, args...).Scan(&missing); err != nil {
		return -1, apperr.Wrap(err, "pledge not signed")
	}
	if missing == 0 {
		return -1, nil // nobody to remind; looked at again on the next pass
	}
	told := -1
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO pledge_reminders (tenant_id, kind, ref_id, sent_at) VALUES ($1, 'due', $2, $3) ON CONFLICT DO NOTHING`,
			tenantID, c.ID, s.Now())
		if err != nil {
			return apperr.Wrap(err, "pledge reminder")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // another instance sent it
		}
		id := strconv.FormatInt(c.ID, 10)
		at := args.Add(s.Now())
		res, err = tx.ExecContext(ctx, withCTEs(ctes...)+`INSERT INTO notifications (tenant_id, user_id, kind, object_type, object_id, created_at, mail_state, mail_next_at)
			SELECT e.tenant_id, u.id, `+args.Add(notePledgeDue)+`, 'own_pledges', `+args.Add(id)+`, `+at+`, CASE WHEN u.email <> '' THEN 'pending' ELSE 'none' END, `+at+`
			FROM employees e`+linkedUsers+` WHERE`+where, args...)
		if err != nil {
			return apperr.Wrap(err, "notify pledge due")
		}
		n, _ := res.RowsAffected()
		told = int(n)
		if renewal {
			// Those told because their signature lapses are not told again
			// for the same signature.
			lapses, err := s.lapsing(ctx, tx, tenantID, c, cutNow, cutLater)
			if err != nil {
				return err
			}
			for _, l := range lapses {
				if _, err := tx.ExecContext(ctx, `INSERT INTO pledge_reminders (tenant_id, kind, ref_id, sent_at) VALUES ($1, 'renewal', $2, $3) ON CONFLICT DO NOTHING`,
					tenantID, l.signatureID, s.Now()); err != nil {
					return apperr.Wrap(err, "pledge renewal reminder")
				}
			}
		}
		if err := s.notifyRole(ctx, tx, tenantID, "prevention", notePledgeSummary, "pledge_campaign", id); err != nil {
			return err
		}
		return s.audit(ctx, tx, tenantID, System, "pledge.reminded", "pledge_campaign", id)
	})
	return told, err
}

// lapse is an employee's last signature of a version that counts now and
// lapses within the reminder window, with the account linked to them.
type lapse struct {
	employeeID, userID, signatureID int64
}

// lapsing returns the campaign's employees with a linked account whose
// last signature of its version counts at cutNow but not at cutLater.
func (s *Store) lapsing(ctx context.Context, q querier, tenantID int64, c PledgeCampaign, cutNow, cutLater time.Time) ([]lapse, error) {
	var args db.Args
	ctes, where := campaignTarget(&args, tenantID, c)
	rows, err := q.QueryContext(ctx, withCTEs(ctes...)+`SELECT e.id, u.id, MAX(g.id) FROM employees e`+linkedUsers+`
		JOIN pledge_signatures g ON g.tenant_id = e.tenant_id AND g.employee_id = e.id AND g.version_id = `+args.Add(c.VersionID)+`
		WHERE`+where+` GROUP BY e.id, u.id
		HAVING MAX(g.signed_at) >= `+args.Add(cutNow)+` AND MAX(g.signed_at) < `+args.Add(cutLater)+` ORDER BY e.id`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "lapsing pledges")
	}
	defer rows.Close()
	var out []lapse
	for rows.Next() {
		var l lapse
		if err := rows.Scan(&l.employeeID, &l.userID, &l.signatureID); err != nil {
			return nil, apperr.Wrap(err, "scan lapsing pledge")
		}
		out = append(out, l)
	}
	return out, apperr.Wrap(rows.Err(), "lapsing pledges")
}

// remindRenewal tells an employee once that their signature lapses soon.
func (s *Store) remindRenewal(ctx context.Context, tenantID int64, c PledgeCampaign, l lapse) (bool, error) {
	told := false
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO pledge_reminders (tenant_id, kind, ref_id, sent_at) VALUES ($1, 'renewal', $2, $3) ON CONFLICT DO NOTHING`,
			tenantID, l.signatureID, s.Now())
		if err != nil {
			return apperr.Wrap(err, "pledge renewal reminder")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		told = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (tenant_id, user_id, kind, object_type, object_id, created_at, mail_state, mail_next_at)
			SELECT $1, u.id, $2, 'own_pledges', $3, $4, CASE WHEN u.email <> '' THEN 'pending' ELSE 'none' END, $4 FROM users u WHERE u.id = $5`,
			tenantID, notePledgeRenew, strconv.FormatInt(c.ID, 10), s.Now(), l.userID); err != nil {
			return apperr.Wrap(err, "notify pledge renewal")
		}
		return s.audit(ctx, tx, tenantID, System, "pledge.renewal_reminded", "pledge_signature", strconv.FormatInt(l.signatureID, 10))
	})
	return told, err
}

// MarkPledgeNotificationsRead marks a user's notifications about their own
// pledges read, when they open their pledges page.
func (s *Store) MarkPledgeNotificationsRead(ctx context.Context, userID int64) error {
	_, err := s.db.W.ExecContext(ctx, `UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND object_type = 'own_pledges' AND read_at IS NULL`,
		userID, s.Now())
	return apperr.Wrap(err, "mark pledge notifications read")
}
