package app

import (
	"context"
	"strings"
	"sync"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/evidence"
	"sigap/internal/org"
	"sigap/internal/refdata"
	"sigap/internal/report"
	"sigap/internal/store"
)

// PublicTenant returns the tenant a public address names (its slug or
// code); tenants are public knowledge.
func (a *App) PublicTenant(ctx context.Context, key string) (org.Tenant, error) {
	return a.tenants.get(key, a.Store.Now(), func() (org.Tenant, error) { return a.Store.TenantByKey(ctx, key) })
}

// offeredCategories returns the categories a government's form offers.
func (a *App) offeredCategories(ctx context.Context, tenantID int64) ([]report.Category, error) {
	return a.categories.get(tenantID, a.Store.Now(), func() ([]report.Category, error) { return a.Store.ReportCategories(ctx, tenantID) })
}

// ReportForm is what the public form offers a tenant's reporters.
type ReportForm struct {
	Categories []report.Category
	Districts  []District
}

// District is a kecamatan with its villages, for the place pickers.
type District struct {
	refdata.Region
	Villages []refdata.Region
}

// ReportFormFor returns the categories and places of a tenant's form.
func (a *App) ReportFormFor(ctx context.Context, t org.Tenant) (ReportForm, error) {
	cats, err := a.offeredCategories(ctx, t.ID)
	if err != nil {
		return ReportForm{}, err
	}
	p, err := a.placesOf(ctx, t.Code)
	if err != nil {
		return ReportForm{}, err
	}
	return ReportForm{Categories: cats, Districts: p.districts}, nil
}

// SubmitReport checks and stores a report sent through the public form,
// and returns its receipt code. Nothing is stored when any check fails.
func (a *App) SubmitReport(ctx context.Context, t org.Tenant, s report.Submission, uploads []evidence.Upload) (report.Report, report.Receipt, error) {
	s.Channel, s.ChannelRef = "", "" // the public form is the web channel, whatever was sent
	c, err := a.checkSubmission(ctx, t, s)
	if err != nil {
		return report.Report{}, "", err
	}
	return a.storeReport(ctx, store.System, t.ID, c, uploads)
}

// checkSubmission checks a report against the tenant's categories and
// places, on today's date in Western Indonesian Time.
func (a *App) checkSubmission(ctx context.Context, t org.Tenant, s report.Submission) (report.Checked, error) {
	cats, err := a.offeredCategories(ctx, t.ID)
	if err != nil {
		return report.Checked{}, err
	}
	p, err := a.placesOf(ctx, t.Code)
	if err != nil {
		return report.Checked{}, err
	}
	y, m, d := a.Store.Now().In(wib).Date()
	return s.Check(cats, p, time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// ReporterView is what a reporter sees with their receipt: the report as
// they sent it, its status, and the messages meant for them.
type ReporterView struct {
	Report   report.Report
	Category report.Category
	Messages []report.Message
	Files    []report.Attachment // what the reporter sent
	// Outcomes as the reporter may know them: what was decided, where a
	// referral went, and a rejection's reason; never who decided, and
	// never a referral's internal note.
	Outcomes []report.Outcome
}

// ReportByReceipt opens a report for the holder of its receipt. It reads
// everything shown in one call to the store (two round trips to the
// database) and writes nothing.
func (a *App) ReportByReceipt(ctx context.Context, t org.Tenant, receipt report.Receipt) (ReporterView, error) {
	rec, err := a.Store.ReporterRecord(ctx, t.ID, receipt)
	if err != nil {
		return ReporterView{}, err
	}
	cats, err := a.categoryNames(ctx, t.ID)
	if err != nil {
		return ReporterView{}, err
	}
	r := rec.Report
	// The reporter's own copies: no redaction of the staff's copy changes
	// what the reporter sent or was told.
	v := ReporterView{Report: r, Category: categoryOf(cats, r.Category), Messages: rec.Messages}
	for _, f := range rec.Files {
		if f.MessageID == 0 || sentByReporter(v.Messages, f.MessageID) {
			v.Files = append(v.Files, f)
		}
	}
	for _, o := range rec.Outcomes {
		public := report.Outcome{Kind: o.Kind, ReferralTo: o.ReferralTo, CreatedAt: o.CreatedAt}
		if o.Kind == report.Reject {
			public.Note = o.Note
		}
		v.Outcomes = append(v.Outcomes, public)
	}
	return v, nil
}

// ReporterReply adds the reporter's message to the report of the receipt.
func (a *App) ReporterReply(ctx context.Context, t org.Tenant, receipt report.Receipt, body string, uploads []evidence.Upload) error {
	text, err := report.CleanMessage(body)
	if err != nil && !(len(uploads) > 0 && strings.TrimSpace(body) == "") {
		return err // a message may be files alone
	}
	r, err := a.Store.ReportByReceipt(ctx, t.ID, receipt)
	if err != nil {
		return err
	}
	rec, err := a.Store.ReportRecordKey(ctx, t.ID, r.PublicID)
	if err != nil {
		return err
	}
	files, err := a.keepFiles(ctx, t.ID, rec, uploads)
	if err != nil {
		return err
	}
	if _, err = a.Store.AddReportMessage(ctx, store.System, t.ID, r.ID, report.FromReporter, false, text, files...); err != nil {
		a.dropFiles(t.ID, files)
	}
	return err
}

// places are a tenant's kecamatan and villages, for checking a report's
// place. Regions change only when the reference data is imported, which
// needs a restart to be seen here; that is acceptable for a list that
// changes once in years.
type places struct {
	districts []District
	villages  map[string]map[string]bool
	names     map[string]string // code → name, districts and villages
}

func (p *places) IsDistrict(code string) bool { _, ok := p.villages[code]; return ok }

func (p *places) IsVillage(district, code string) bool { return p.villages[district][code] }

var placeCache sync.Map // tenant code → *places

// placesOf returns the kecamatan under a tenant's region (for a province,
// those of all its regencies) with their villages.
func (a *App) placesOf(ctx context.Context, root string) (*places, error) {
	if p, ok := placeCache.Load(root); ok {
		return p.(*places), nil
	}
	p := &places{villages: map[string]map[string]bool{}, names: map[string]string{}}
	level := []string{root}
	for len(level) > 0 {
		var next []string
		for _, code := range level {
			children, err := a.Store.RegionChildren(ctx, code)
			if err != nil {
				return nil, err
			}
			for _, c := range children {
				switch c.Level {
				case refdata.LevelDistrict:
					d := District{Region: c}
					if d.Villages, err = a.Store.RegionChildren(ctx, c.Code); err != nil {
						return nil, err
					}
					p.villages[c.Code] = map[string]bool{}
					p.names[c.Code] = c.Name
					for _, v := range d.Villages {
						p.villages[c.Code][v.Code] = true
						p.names[v.Code] = v.Name
					}
					p.districts = append(p.districts, d)
				case refdata.LevelRegency:
					next = append(next, c.Code)
				}
			}
		}
		level = next
	}
	placeCache.Store(root, p)
	return p, nil
}

func sentByReporter(msgs []report.Message, id int64) bool {
	for _, m := range msgs {
		if m.ID == id {
			return m.Author == report.FromReporter
		}
	}
	return false
}

// ReportWork is the public form's optional proof of work, per government
// (its signing key is derived from the government's lookup key, so every
// instance accepts the challenges of every other). Bits 0 turns it off.
type ReportWork struct {
	Bits int
	mu   sync.Mutex
	work map[int64]*report.Work
}

func (a *App) reportWork(ctx context.Context, t org.Tenant) (*report.Work, error) {
	w := a.Work
	if w == nil || w.Bits == 0 {
		return nil, nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.work == nil {
		w.work = map[int64]*report.Work{}
	}
	if rw := w.work[t.ID]; rw != nil {
		return rw, nil
	}
	key, err := a.Store.LookupKey(ctx, t.ID, "report.pow")
	if err != nil {
		return nil, err
	}
	rw := report.NewWork(w.Bits, key)
	w.work[t.ID] = rw
	return rw, nil
}

// WorkChallenge returns a proof-of-work challenge for a government's form
// and the bits it needs, or "" and 0 when none is asked.
func (a *App) WorkChallenge(ctx context.Context, t org.Tenant) (string, int, error) {
	w, err := a.reportWork(ctx, t)
	if err != nil || w == nil {
		return "", 0, err
	}
	return w.Challenge(a.Store.Now()), w.Bits, nil
}

// CheckWork verifies a solved challenge when the proof of work is on, and
// spends it for the whole installation: the instance's own memory refuses
// a replay to it at once, the database one sent to another instance.
func (a *App) CheckWork(ctx context.Context, t org.Tenant, challenge, nonce string) error {
	w, err := a.reportWork(ctx, t)
	if err != nil || w == nil {
		return err
	}
	now := a.Store.Now()
	if err := w.Check(challenge, nonce, now); err != nil {
		return err
	}
	fresh, err := a.Store.SpendChallenge(ctx, challenge, now.Add(w.TTL+time.Minute))
	if err != nil {
		return err
	}
	if !fresh {
		return apperr.InvalidField("pow", "report.pow.expired", nil)
	}
	return nil
}
