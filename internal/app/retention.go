package app

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/identity"
	"sigap/internal/retention"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// PreviewDays is how far ahead the purge preview looks: long enough to set
// a hold before a record goes.
const PreviewDays = 30

// Retention is the retention page: the periods, the holds in force, and
// what will be purged within PreviewDays.
type Retention struct {
	Rules   retention.Rules
	Holds   []store.LegalHold
	Preview []store.PurgeCandidate
	Today   string
	// Purges are the latest lines of the purge log.
	Purges []store.PurgeEntry
}

// Retention gathers the retention page for the user's government.
func (a *App) Retention(ctx context.Context, u identity.User) (Retention, error) {
	if err := access.Check(u, access.ViewRetention); err != nil {
		return Retention{}, err
	}
	var out Retention
	var err error
	if out.Rules, err = a.Store.RetentionRules(ctx, u.TenantID); err != nil {
		return out, err
	}
	if out.Holds, err = a.Store.LegalHolds(ctx, u.TenantID, false); err != nil {
		return out, err
	}
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return out, err
	}
	today := a.today()
	out.Today = today.String()
	if out.Preview, err = a.Store.RetentionPreview(ctx, u.TenantID, today, PreviewDays, cal); err != nil {
		return out, err
	}
	out.Purges, err = a.Store.RetentionPurges(ctx, u.TenantID, PurgeLogLines)
	return out, err
}

// SetRetentionRules checks and records the periods typed in the form, one
// value per kind in months. A value left empty keeps the period in force.
func (a *App) SetRetentionRules(ctx context.Context, u identity.User, form map[retention.Kind]string) error {
	if err := access.Check(u, access.ManageRetention); err != nil {
		return err
	}
	r := retention.Rules{}
	var errs apperr.Fields
	for _, k := range retention.Kinds {
		v := strings.TrimSpace(form[k])
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < retention.MinMonths || n > retention.MaxMonths {
			errs.Add(string(k), "retention.months.range", map[string]any{"Min": retention.MinMonths, "Max": retention.MaxMonths})
			continue
		}
		r[k] = n
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return a.Store.SetRetentionRules(ctx, actor(u), u.TenantID, r)
}

// SetLegalHold holds a record of the user's government with a reason.
func (a *App) SetLegalHold(ctx context.Context, u identity.User, objectType, objectPublicID, kind, reason string) (string, error) {
	if err := access.Check(u, access.HoldRecords); err != nil {
		return "", err
	}
	return a.Store.SetLegalHold(ctx, actor(u), u.TenantID, objectType, strings.TrimSpace(objectPublicID), kind, vault.NewSecret(strings.TrimSpace(reason)))
}

// ReleaseLegalHold lifts a hold with the reason it is no longer needed.
func (a *App) ReleaseLegalHold(ctx context.Context, u identity.User, holdPublicID, reason string) error {
	if err := access.Check(u, access.HoldRecords); err != nil {
		return err
	}
	return a.Store.ReleaseLegalHold(ctx, actor(u), u.TenantID, holdPublicID, vault.NewSecret(strings.TrimSpace(reason)))
}

// LegalHold returns one hold in force of the user's government.
func (a *App) LegalHold(ctx context.Context, u identity.User, holdPublicID string) (store.LegalHold, error) {
	if err := access.Check(u, access.HoldRecords); err != nil {
		return store.LegalHold{}, err
	}
	holds, err := a.Store.LegalHolds(ctx, u.TenantID, false)
	if err != nil {
		return store.LegalHold{}, err
	}
	for _, h := range holds {
		if h.PublicID == holdPublicID {
			return h, nil
		}
	}
	return store.LegalHold{}, apperr.New(apperr.NotFound, "retention.hold.not_found")
}

// WatchRetention tells each government's admins and auditors of records
// newly due for destruction within PreviewDays, and returns how many
// records were announced.
func (a *App) WatchRetention(ctx context.Context) (int, error) {
	tenants, err := a.Store.Tenants(ctx)
	if err != nil {
		return 0, err
	}
	told := 0
	for _, t := range tenants {
		cal, err := a.Store.Calendar(ctx, t.ID)
		if err != nil {
			return told, err
		}
		n, err := a.Store.WatchRetention(ctx, t.ID, a.today(), PreviewDays, cal)
		if err != nil {
			return told, err
		}
		told += n
	}
	return told, nil
}

// KeepUntil is the day a file made today for the tenant is to be kept
// until: the export period of its retention rules. Every spreadsheet,
// report and letter sigap hands out says it, because sigap keeps no copy
// and cannot destroy it itself. When the period cannot be read it gives
// the default period's day with the error: the file is still worth
// handing out.
func (a *App) KeepUntil(ctx context.Context, tenantID int64) (calendar.Date, error) {
	rules, err := a.Store.RetentionRules(ctx, tenantID)
	if err != nil {
		rules = retention.DefaultRules
	}
	return a.today().AddMonths(rules[retention.Export]), err
}

// keepLetter is the day the office's copy of a letter dated d is kept
// until. It counts from the letter's own date, so that a reprint is the
// same document; a letter not yet dated says nothing.
func (a *App) keepLetter(ctx context.Context, tenantID int64, d calendar.Date) calendar.Date {
	rules, err := a.Store.RetentionRules(ctx, tenantID)
	if err != nil {
		rules = retention.DefaultRules // the letter is still worth printing
	}
	return d.AddMonths(rules[retention.Export])
}

// fileRemover is the file store the purge deletes files from, or nil when
// there is none (the files then wait in the queue).
func (a *App) fileRemover() store.FileRemover {
	if a.Evidence.Files == nil {
		return nil
	}
	return a.Evidence.Files
}

// PurgeLogLines is how many lines of the purge log the page shows.
const PurgeLogLines = 50

// PurgeConfirm is the confirmation page of a purge: what would go today.
type PurgeConfirm struct {
	Due   []store.PurgeCandidate
	Today string
}

// PurgeDue lists what a purge of the user's government would destroy
// today, for the admin to confirm.
func (a *App) PurgeDue(ctx context.Context, u identity.User) (PurgeConfirm, error) {
	if err := access.Check(u, access.ManageRetention); err != nil {
		return PurgeConfirm{}, err
	}
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return PurgeConfirm{}, err
	}
	today := a.today()
	due, err := a.Store.PurgeDue(ctx, u.TenantID, today, cal)
	return PurgeConfirm{Due: due, Today: today.String()}, err
}

// PurgeNow destroys what is due today in the user's government, as the
// daily purge would: the admin's button, after the confirmation. Only the
// admin, who sets the periods, may.
func (a *App) PurgeNow(ctx context.Context, u identity.User) (store.PurgeResult, error) {
	if err := access.Check(u, access.ManageRetention); err != nil {
		return store.PurgeResult{}, err
	}
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return store.PurgeResult{}, err
	}
	return a.Store.Purge(ctx, actor(u), u.TenantID, a.today(), cal, a.fileRemover())
}

// PurgeLog is the recent purges of the user's government.
func (a *App) PurgeLog(ctx context.Context, u identity.User) ([]store.PurgeEntry, error) {
	if err := access.Check(u, access.ViewRetention); err != nil {
		return nil, err
	}
	return a.Store.RetentionPurges(ctx, u.TenantID, PurgeLogLines)
}

// Purge destroys what is due today in every government: the daily run.
// A government whose purge fails does not stop the others; the errors
// are joined.
func (a *App) Purge(ctx context.Context) (store.PurgeResult, error) {
	tenants, err := a.Store.Tenants(ctx)
	if err != nil {
		return store.PurgeResult{}, err
	}
	var total store.PurgeResult
	var errs []error
	for _, t := range tenants {
		cal, err := a.Store.Calendar(ctx, t.ID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r, err := a.Store.Purge(ctx, store.Actor{TenantID: t.ID}, t.ID, a.today(), cal, a.fileRemover())
		if err != nil {
			errs = append(errs, err)
		}
		total.Reports += r.Reports
		total.DisciplineCases += r.DisciplineCases
		total.ProtectionCases += r.ProtectionCases
		total.Attachments += r.Attachments
		total.Files += r.Files
		total.FilesLeft += r.FilesLeft
		total.AuditEvents += r.AuditEvents
	}
	return total, errors.Join(errs...)
}
