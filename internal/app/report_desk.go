package app

import (
	"context"
	"time"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/evidence"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/report"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// wib is Western Indonesian Time, where the clocks of Serang's desks run;
// it has no daylight saving.
var wib = time.FixedZone("WIB", 7*3600)

// QueueItem is a report in the desk's queue with its clocks.
type QueueItem struct {
	Report    report.Report
	Category  report.Category
	Deadlines report.Deadlines
}

// ReportQueue returns a page of the caller's tenant's reports with their
// clocks, and how many match.
func (a *App) ReportQueue(ctx context.Context, u identity.User, q store.ReportQuery) ([]QueueItem, int, error) {
	if err := access.Check(u, access.HandleReports); err != nil {
		return nil, 0, err
	}
	reports, total, err := a.Store.Reports(ctx, u.TenantID, q)
	if err != nil {
		return nil, 0, err
	}
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return nil, 0, err
	}
	cats, err := a.categoryNames(ctx, u.TenantID)
	if err != nil {
		return nil, 0, err
	}
	today := calendar.DateOf(a.Store.Now(), wib)
	out := make([]QueueItem, len(reports))
	for i, r := range reports {
		out[i] = QueueItem{Report: r, Category: categoryOf(cats, r.Category), Deadlines: report.DefaultClocks.Deadlines(r, cal, today, wib)}
	}
	return out, total, nil
}

// ReportCategories returns the caller's tenant's categories.
func (a *App) ReportCategories(ctx context.Context, u identity.User) ([]report.Category, error) {
	if err := access.Check(u, access.HandleReports); err != nil {
		return nil, err
	}
	return a.categoryNames(ctx, u.TenantID)
}

// categoryNames returns every category of the tenant's catalogue, those
// no longer offered included, for naming reports.
func (a *App) categoryNames(ctx context.Context, tenantID int64) ([]report.Category, error) {
	return a.allCategories.get(tenantID, a.Store.Now(), func() ([]report.Category, error) {
		all, err := a.Store.ReportCatalogue(ctx, tenantID)
		out := make([]report.Category, len(all))
		for i, e := range all {
			out[i] = e.Category
		}
		return out, err
	})
}

// ReportCatalogue returns the caller's tenant's catalogue for editing.
func (a *App) ReportCatalogue(ctx context.Context, u identity.User) ([]report.CatalogueEntry, error) {
	if err := access.Check(u, access.ManageReportCategories); err != nil {
		return nil, err
	}
	return a.Store.ReportCatalogue(ctx, u.TenantID)
}

// SetReportCatalogue replaces the caller's tenant's catalogue.
func (a *App) SetReportCatalogue(ctx context.Context, u identity.User, entries []report.CatalogueEntry) error {
	if err := access.Check(u, access.ManageReportCategories); err != nil {
		return err
	}
	checked, err := report.CheckCatalogue(entries)
	if err != nil {
		return err
	}
	defer a.categories.drop(u.TenantID)
	defer a.allCategories.drop(u.TenantID)
	return a.Store.SetReportCatalogue(ctx, actor(u), u.TenantID, checked)
}

func categoryOf(cats []report.Category, code string) report.Category {
	for _, c := range cats {
		if c.Code == code {
			return c
		}
	}
	return report.Category{Code: code, NameID: code, NameEN: code}
}

// DeskView is a report as the desk works on it.
type DeskView struct {
	QueueItem
	Messages   []report.Message
	Files      []report.Attachment
	Outcomes   []report.Outcome
	Employee   *roster.Employee // the accused, once linked
	Candidates []report.Report  // likely duplicates
	// The texts with the temporary redactions in force marked, and every
	// redaction of the report.
	Text       RedactedText
	Redactions []RedactionView
	CanRedact  bool
	Targets    []RedactTarget // what the redaction form offers
}

// DeskReport opens a report for the desk: an audited read. The caller's
// notifications about it are marked read.
func (a *App) DeskReport(ctx context.Context, u identity.User, publicID string) (DeskView, error) {
	if err := access.Check(u, access.HandleReports); err != nil {
		return DeskView{}, err
	}
	r, err := a.Store.OpenReport(ctx, actor(u), u.TenantID, publicID)
	if err != nil {
		return DeskView{}, err
	}
	cal, err := a.Store.Calendar(ctx, u.TenantID)
	if err != nil {
		return DeskView{}, err
	}
	cats, err := a.categoryNames(ctx, u.TenantID)
	if err != nil {
		return DeskView{}, err
	}
	v := DeskView{QueueItem: QueueItem{Report: r, Category: categoryOf(cats, r.Category),
		Deadlines: report.DefaultClocks.Deadlines(r, cal, calendar.DateOf(a.Store.Now(), wib), wib)}}
	if v.Messages, err = a.Store.ReportMessages(ctx, u.TenantID, r.ID, true); err != nil {
		return v, err
	}
	if v.Outcomes, err = a.Store.ReportOutcomes(ctx, u.TenantID, r.ID); err != nil {
		return v, err
	}
	reds, err := a.Store.Redactions(ctx, u.TenantID, r.ID)
	if err != nil {
		return v, err
	}
	v.Text, v.Redactions = redactedText(r, v.Messages, reds, access.Can(u, access.SeeRedacted)), redactionViews(r, v.Messages, reds)
	v.CanRedact = access.Can(u, access.RedactReports)
	v.Targets = redactTargets(r, v.Messages)
	if v.Files, err = a.Store.ReportAttachments(ctx, u.TenantID, r.ID); err != nil {
		return v, err
	}
	if r.EmployeeID != 0 {
		e, err := a.Store.Employee(ctx, u.TenantID, r.EmployeeID)
		if err != nil {
			return v, err
		}
		v.Employee = &e
	}
	if r.Status != report.Closed {
		if v.Candidates, err = a.Store.DuplicateCandidates(ctx, u.TenantID, r); err != nil {
			return v, err
		}
	}
	return v, a.Store.MarkNotificationsRead(ctx, u.ID, publicID)
}

// DeskMessage sends the reporter a message, or adds an internal note.
func (a *App) DeskMessage(ctx context.Context, u identity.User, publicID, body string, internal bool) error {
	if err := access.Check(u, access.HandleReports); err != nil {
		return err
	}
	// Another government's report is not found, whatever the input.
	id, err := a.Store.ReportID(ctx, u.TenantID, publicID)
	if err != nil {
		return err
	}
	text, err := report.CleanMessage(body)
	if err != nil {
		return err
	}
	_, err = a.Store.AddReportMessage(ctx, actor(u), u.TenantID, id, report.FromDesk, internal, text)
	return err
}

// VerifyReport takes a new report on.
func (a *App) VerifyReport(ctx context.Context, u identity.User, publicID string) error {
	if err := access.Check(u, access.HandleReports); err != nil {
		return err
	}
	return a.Store.VerifyReport(ctx, actor(u), u.TenantID, publicID)
}

// CloseReport ends the handling of a report.
func (a *App) CloseReport(ctx context.Context, u identity.User, publicID string) error {
	if err := access.Check(u, access.HandleReports); err != nil {
		return err
	}
	return a.Store.CloseReport(ctx, actor(u), u.TenantID, publicID)
}

// LinkReportEmployee names the roster's employee a report is about.
func (a *App) LinkReportEmployee(ctx context.Context, u identity.User, publicID string, employeeID int64) error {
	if err := access.Check(u, access.HandleReports); err != nil {
		return err
	}
	return a.Store.LinkReportEmployee(ctx, actor(u), u.TenantID, publicID, employeeID)
}

// MergeReport marks a report as a duplicate of another.
func (a *App) MergeReport(ctx context.Context, u identity.User, publicID, into string) error {
	if err := access.Check(u, access.HandleReports); err != nil {
		return err
	}
	return a.Store.MergeReport(ctx, actor(u), u.TenantID, publicID, into)
}

// AddOutcome records a decision on a report.
func (a *App) AddOutcome(ctx context.Context, u identity.User, publicID string, in report.OutcomeInput) (report.Outcome, error) {
	if err := access.Check(u, access.HandleReports); err != nil {
		return report.Outcome{}, err
	}
	if _, err := a.Store.ReportID(ctx, u.TenantID, publicID); err != nil {
		return report.Outcome{}, err // another government's report is not found, whatever the input
	}
	o, err := in.Check()
	if err != nil {
		return o, err
	}
	return a.Store.AddOutcome(ctx, actor(u), u.TenantID, publicID, o)
}

// IntakeForm is what the desk's form for recording a report offers.
func (a *App) IntakeForm(ctx context.Context, u identity.User) (org.Tenant, ReportForm, error) {
	if err := access.Check(u, access.HandleReports); err != nil {
		return org.Tenant{}, ReportForm{}, err
	}
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return t, ReportForm{}, err
	}
	f, err := a.ReportFormFor(ctx, t)
	return t, f, err
}

// RecordReport stores a report the desk took by walk-in, phone, letter,
// SP4N-LAPOR!, social media or the press, and returns the receipt to hand
// to the reporter.
func (a *App) RecordReport(ctx context.Context, u identity.User, s report.Submission, uploads []evidence.Upload) (report.Report, report.Receipt, error) {
	if err := access.Check(u, access.HandleReports); err != nil {
		return report.Report{}, "", err
	}
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return report.Report{}, "", err
	}
	c, err := a.checkSubmission(ctx, t, s)
	if err != nil && !apperr.Is(err, apperr.Invalid) {
		return report.Report{}, "", err
	}
	if c.Channel == report.Web {
		// The public form is the reporter's own; the desk says how the
		// report came, beside whatever else is wrong.
		fields := apperr.FieldsOf(err)
		fields.Add("channel", "report.channel.invalid", nil)
		err = fields
	}
	if err != nil {
		return report.Report{}, "", err
	}
	return a.storeReport(ctx, actor(u), t.ID, c, uploads)
}

// PlaceNames returns the names of the caller's tenant's kecamatan and
// villages by code, for showing where a report says things happened.
func (a *App) PlaceNames(ctx context.Context, u identity.User) (map[string]string, error) {
	if err := access.Check(u, access.HandleReports); err != nil {
		return nil, err
	}
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return nil, err
	}
	p, err := a.placesOf(ctx, t.Code)
	if err != nil {
		return nil, err
	}
	return p.names, nil
}
