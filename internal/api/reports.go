package api

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"time"

	"sigap/internal/app"
	"sigap/internal/apperr"
	"sigap/internal/evidence"
	"sigap/internal/identity"
	"sigap/internal/org"
	"sigap/internal/report"
	"sigap/internal/store"
)

// The public side: no token. A receipt travels only in request bodies.

// submissionBody is a report as the API takes it. Files come as base64.
type submissionBody struct {
	Category         string     `json:"category"`
	What             string     `json:"what"`
	OccurredOn       string     `json:"occurred_on"`
	District         string     `json:"district"`
	Village          string     `json:"village"`
	Place            string     `json:"place"`
	AccusedName      string     `json:"accused_name"`
	AccusedOffice    string     `json:"accused_office"`
	AccusedPosition  string     `json:"accused_position"`
	ReporterIsVictim *bool      `json:"reporter_is_victim"`
	Witnesses        string     `json:"witnesses"`
	Mode             string     `json:"mode"`
	ReporterName     string     `json:"reporter_name"`
	ReporterContact  string     `json:"reporter_contact"`
	ReporterNIK      string     `json:"reporter_nik"`
	ContactVictim    *bool      `json:"contact_victim"`
	ShareIdentity    *bool      `json:"share_identity"`
	Channel          string     `json:"channel"`
	ChannelRef       string     `json:"channel_ref"`
	Files            []fileBody `json:"files"`
}

type fileBody struct {
	Name string `json:"name"`
	Data string `json:"data"` // base64
}

func yesNo(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "yes"
	}
	return "no"
}

func (b submissionBody) submission() report.Submission {
	return report.Submission{Category: b.Category, What: b.What, OccurredOn: b.OccurredOn, District: b.District, Village: b.Village,
		Place: b.Place, AccusedName: b.AccusedName, AccusedOffice: b.AccusedOffice, AccusedPosition: b.AccusedPosition,
		ReporterIsVictim: yesNo(b.ReporterIsVictim), Witnesses: b.Witnesses, Mode: b.Mode, ReporterName: b.ReporterName,
		ReporterContact: b.ReporterContact, ReporterNIK: b.ReporterNIK, ContactVictim: yesNo(b.ContactVictim),
		ShareIdentity: yesNo(b.ShareIdentity), Channel: b.Channel, ChannelRef: b.ChannelRef}
}

func uploads(fs []fileBody) ([]evidence.Upload, error) {
	var out []evidence.Upload
	for _, f := range fs {
		data, err := base64.StdEncoding.DecodeString(f.Data)
		if err != nil {
			return nil, apperr.InvalidField("files", "api.bad_base64", nil)
		}
		out = append(out, evidence.Upload{Name: f.Name, Data: data})
	}
	return out, nil
}

// maxReportBody bounds a JSON report: five files of 10 MB in base64 and
// the text around them.
const maxReportBody = 5*14<<20 + 1<<20

func (a *API) publicTenant(w http.ResponseWriter, r *http.Request) (org.Tenant, bool) {
	t, err := a.app.PublicTenant(r.Context(), r.PathValue("tenant"))
	if err != nil {
		a.fail(w, r, identity.User{}, err)
		return t, false
	}
	return t, true
}

type receiptView struct {
	Receipt string `json:"receipt"` // shown this once; keep it
	Status  string `json:"status"`
}

// takeSlot takes one of the reports-at-once slots shared with the pages,
// or answers 429; the caller releases it with the returned func.
func (a *API) takeSlot(w http.ResponseWriter, r *http.Request, u identity.User) (func(), bool) {
	if a.reportSlots == nil {
		return func() {}, true
	}
	select {
	case a.reportSlots <- struct{}{}:
		return func() { <-a.reportSlots }, true
	default:
		w.Header().Set("Retry-After", "2")
		a.fail(w, r, u, apperr.New(apperr.TooMany, "report.busy"))
		return nil, false
	}
}

func (a *API) publicReport(w http.ResponseWriter, r *http.Request, u identity.User) {
	release, ok := a.takeSlot(w, r, u)
	if !ok {
		return
	}
	defer release()
	t, ok := a.publicTenant(w, r)
	if !ok {
		return
	}
	var b submissionBody
	if err := decodeMax(r, w, &b, maxReportBody); err != nil {
		a.fail(w, r, u, err)
		return
	}
	files, err := uploads(b.Files)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	rep, receipt, err := a.app.SubmitReport(r.Context(), t, b.submission(), files)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	writeJSON(w, http.StatusCreated, receiptView{Receipt: receipt.Grouped(), Status: string(rep.Status)})
}

type receiptBody struct {
	Receipt string     `json:"receipt"`
	Body    string     `json:"body"`
	Files   []fileBody `json:"files"`
}

// reporterView is what the holder of a receipt reads: never internal
// notes, never who handles the report.
type reporterView struct {
	Status     string               `json:"status"`
	StatusText string               `json:"status_text"`
	Category   string               `json:"category"`
	What       string               `json:"what"`
	CreatedAt  time.Time            `json:"created_at"`
	Messages   []reporterMessage    `json:"messages"`
	Outcomes   []reporterOutcomeOut `json:"outcomes"`
}

type reporterMessage struct {
	From      string    `json:"from"` // reporter or desk
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

type reporterOutcomeOut struct {
	Kind       string    `json:"kind"`
	Text       string    `json:"text"`
	ReferralTo string    `json:"referral_to,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// receiptFrom reads and checks a body's receipt, throttled per address
// together with the pages; misses are logged without the code.
func (a *API) receiptFrom(w http.ResponseWriter, r *http.Request, t org.Tenant, b receiptBody) (app.ReporterView, report.Receipt, error) {
	if a.receiptGate != nil {
		if ok, wait := a.receiptGate(r); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			a.log.Warn("receipt attempts throttled", "tenant", t.Slug)
			return app.ReporterView{}, "", apperr.New(apperr.TooMany, "receipt.throttled")
		}
	}
	receipt, err := report.ParseReceipt(b.Receipt)
	if err != nil {
		return app.ReporterView{}, "", err
	}
	v, err := a.app.ReportByReceipt(r.Context(), t, receipt)
	if apperr.Is(err, apperr.NotFound) {
		a.log.Warn("receipt not found", "tenant", t.Slug)
		if a.receiptMiss != nil {
			a.receiptMiss()
		}
		err = apperr.InvalidField("receipt", "receipt.not_found", nil)
	}
	return v, receipt, err
}

func (a *API) publicStatus(w http.ResponseWriter, r *http.Request, u identity.User) {
	t, ok := a.publicTenant(w, r)
	if !ok {
		return
	}
	var b receiptBody
	if err := decode(r, w, &b); err != nil {
		a.fail(w, r, u, err)
		return
	}
	v, _, err := a.receiptFrom(w, r, t, b)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	writeJSON(w, http.StatusOK, a.viewForReporter(r, u, v))
}

func (a *API) viewForReporter(r *http.Request, u identity.User, v app.ReporterView) reporterView {
	lang := a.langOf(r, u)
	status := "lapor.public_status." + string(v.Report.Status)
	if v.Report.DuplicateOf != "" {
		status = "lapor.public_status.merged"
	}
	out := reporterView{Status: string(v.Report.Status), StatusText: a.cat.T(lang, status, nil), Category: v.Category.Name(lang),
		What: v.Report.What.Reveal(), CreatedAt: v.Report.CreatedAt, Messages: []reporterMessage{}, Outcomes: []reporterOutcomeOut{}}
	for _, m := range v.Messages {
		out.Messages = append(out.Messages, reporterMessage{From: string(m.Author), Body: m.Body.Reveal(), CreatedAt: m.CreatedAt})
	}
	for _, o := range v.Outcomes {
		text := a.cat.T(lang, "lapor.outcome."+string(o.Kind), nil)
		if o.Kind == report.Refer {
			text = a.cat.T(lang, "lapor.outcome.referral", map[string]any{"To": a.cat.T(lang, "report.referral."+o.ReferralTo, nil)})
		}
		out.Outcomes = append(out.Outcomes, reporterOutcomeOut{Kind: string(o.Kind), Text: text, ReferralTo: o.ReferralTo, Reason: o.Note.Reveal(), CreatedAt: o.CreatedAt})
	}
	return out
}

func (a *API) publicMessage(w http.ResponseWriter, r *http.Request, u identity.User) {
	release, ok := a.takeSlot(w, r, u)
	if !ok {
		return
	}
	defer release()
	t, ok := a.publicTenant(w, r)
	if !ok {
		return
	}
	var b receiptBody
	if err := decodeMax(r, w, &b, maxReportBody); err != nil {
		a.fail(w, r, u, err)
		return
	}
	_, receipt, err := a.receiptFrom(w, r, t, b)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	files, err := uploads(b.Files)
	if err == nil {
		err = a.app.ReporterReply(r.Context(), t, receipt, b.Body, files)
	}
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// The desk.

type deskReportView struct {
	ID           string    `json:"id"`
	Category     string    `json:"category"`
	Channel      string    `json:"channel"`
	Status       string    `json:"status"`
	Mode         string    `json:"mode"`
	CreatedAt    time.Time `json:"created_at"`
	AgeDays      int       `json:"age_working_days"`
	VerifyBy     string    `json:"verify_by"`
	VerifyLate   bool      `json:"verify_late"`
	FollowUpBy   string    `json:"follow_up_by"`
	FollowUpLate bool      `json:"follow_up_late"`
	EmployeeID   int64     `json:"employee_id,omitempty"`
	DuplicateOf  string    `json:"duplicate_of,omitempty"`
}

func viewQueueItem(q app.QueueItem) deskReportView {
	r, d := q.Report, q.Deadlines
	return deskReportView{ID: r.PublicID, Category: r.Category, Channel: string(r.Channel), Status: string(r.Status), Mode: string(r.Mode),
		CreatedAt: r.CreatedAt, AgeDays: d.Age, VerifyBy: d.VerifyBy.String(), VerifyLate: d.VerifyLate, FollowUpBy: d.FollowUpBy.String(),
		FollowUpLate: d.FollowUpLate, EmployeeID: r.EmployeeID, DuplicateOf: r.DuplicateOf}
}

const reportsPerPage = 50

func (a *API) reports(w http.ResponseWriter, r *http.Request, u identity.User) {
	q := r.URL.Query()
	page := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			a.fail(w, r, u, badQuery("page"))
			return
		}
		page = n
	}
	var statuses []report.Status
	if v := q.Get("status"); v != "" {
		st := report.Status(v)
		if !st.Valid() {
			a.fail(w, r, u, badQuery("status"))
			return
		}
		statuses = []report.Status{st}
	}
	items, total, err := a.app.ReportQueue(r.Context(), u, store.ReportQuery{Statuses: statuses, Category: q.Get("category"),
		Offset: (page - 1) * reportsPerPage, Limit: reportsPerPage})
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	out := struct {
		list[deskReportView]
		Page     int `json:"page"`
		PageSize int `json:"page_size"`
	}{list[deskReportView]{Items: []deskReportView{}, Total: total}, page, reportsPerPage}
	for _, it := range items {
		out.Items = append(out.Items, viewQueueItem(it))
	}
	writeJSON(w, http.StatusOK, out)
}

type deskReportDetail struct {
	deskReportView
	// Version moves on with every change; send it back as If-Match.
	Version          int64         `json:"version"`
	What             string        `json:"what"`
	OccurredOn       string        `json:"occurred_on,omitempty"`
	District         string        `json:"district,omitempty"`
	Village          string        `json:"village,omitempty"`
	Place            string        `json:"place,omitempty"`
	AccusedName      string        `json:"accused_name,omitempty"`
	AccusedOffice    string        `json:"accused_office,omitempty"`
	AccusedPosition  string        `json:"accused_position,omitempty"`
	Witnesses        string        `json:"witnesses,omitempty"`
	ChannelRef       string        `json:"channel_ref,omitempty"`
	ReporterIsVictim bool          `json:"reporter_is_victim"`
	ContactVictim    bool          `json:"contact_victim"`
	ShareIdentity    bool          `json:"share_identity"`
	IdentityID       string        `json:"identity_id,omitempty"` // sealed: open through the custodian's approval
	Messages         []deskMessage `json:"messages"`
	Outcomes         []deskOutcome `json:"outcomes"`
	Files            []deskFile    `json:"files"`
	Duplicates       []string      `json:"possible_duplicates"`
	Employee         *employeeView `json:"employee,omitempty"`
}

type deskMessage struct {
	From      string    `json:"from"`
	AuthorID  int64     `json:"author_id,omitempty"`
	Internal  bool      `json:"internal"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

type deskOutcome struct {
	Kind       string    `json:"kind"`
	CaseID     string    `json:"case_id,omitempty"`
	ReferralTo string    `json:"referral_to,omitempty"`
	Note       string    `json:"note,omitempty"`
	CreatedBy  int64     `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}

type deskFile struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	Flagged     bool   `json:"flagged"`
}

func (a *API) reportDetail(w http.ResponseWriter, r *http.Request, u identity.User) {
	v, err := a.app.DeskReport(r.Context(), u, r.PathValue("id"))
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	rep := v.Report
	w.Header().Set("ETag", `"`+strconv.FormatInt(rep.Version, 10)+`"`)
	out := deskReportDetail{deskReportView: viewQueueItem(v.QueueItem), Version: rep.Version, What: rep.What.Reveal(), District: rep.DistrictCode, Village: rep.VillageCode,
		Place: rep.Place.Reveal(), AccusedName: rep.AccusedName.Reveal(), AccusedOffice: rep.AccusedOffice.Reveal(),
		AccusedPosition: rep.AccusedPosition.Reveal(), Witnesses: rep.Witnesses.Reveal(), ChannelRef: rep.ChannelRef.Reveal(),
		ReporterIsVictim: rep.ReporterIsVictim, ContactVictim: rep.ContactVictim, ShareIdentity: rep.ShareIdentity, IdentityID: rep.IdentityID,
		Messages: []deskMessage{}, Outcomes: []deskOutcome{}, Files: []deskFile{}, Duplicates: []string{}}
	if !rep.OccurredOn.IsZero() {
		out.OccurredOn = rep.OccurredOn.Format("2006-01-02")
	}
	for _, m := range v.Messages {
		out.Messages = append(out.Messages, deskMessage{From: string(m.Author), AuthorID: m.AuthorID, Internal: m.Internal, Body: m.Body.Reveal(), CreatedAt: m.CreatedAt})
	}
	for _, o := range v.Outcomes {
		out.Outcomes = append(out.Outcomes, deskOutcome{Kind: string(o.Kind), CaseID: o.CasePublicID, ReferralTo: o.ReferralTo, Note: o.Note.Reveal(),
			CreatedBy: o.CreatedBy, CreatedAt: o.CreatedAt})
	}
	for _, f := range v.Files {
		out.Files = append(out.Files, deskFile{ID: f.PublicID, Name: f.Name.Reveal(), ContentType: f.ContentType, Size: f.Size, Flagged: f.Flagged})
	}
	for _, c := range v.Candidates {
		out.Duplicates = append(out.Duplicates, c.PublicID)
	}
	if v.Employee != nil {
		e := viewEmployee(*v.Employee)
		out.Employee = &e
	}
	writeJSON(w, http.StatusOK, out)
}

// deskDone answers a desk operation with the report as it now is.
func (a *API) deskDone(w http.ResponseWriter, r *http.Request, u identity.User, status int, err error) {
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	a.reportDetail(w, r, u)
}

func (a *API) reportVerify(w http.ResponseWriter, r *http.Request, u identity.User) {
	a.deskDone(w, r, u, http.StatusOK, a.app.VerifyReport(r.Context(), u, r.PathValue("id")))
}

func (a *API) reportClose(w http.ResponseWriter, r *http.Request, u identity.User) {
	a.deskDone(w, r, u, http.StatusOK, a.app.CloseReport(r.Context(), u, r.PathValue("id")))
}

func (a *API) reportMessage(w http.ResponseWriter, r *http.Request, u identity.User) {
	var b struct {
		Body     string `json:"body"`
		Internal bool   `json:"internal"`
	}
	if err := decode(r, w, &b); err != nil {
		a.fail(w, r, u, err)
		return
	}
	a.deskDone(w, r, u, http.StatusNoContent, a.app.DeskMessage(r.Context(), u, r.PathValue("id"), b.Body, b.Internal))
}

func (a *API) reportEmployee(w http.ResponseWriter, r *http.Request, u identity.User) {
	var b struct {
		EmployeeID int64 `json:"employee_id"`
	}
	if err := decode(r, w, &b); err != nil {
		a.fail(w, r, u, err)
		return
	}
	a.deskDone(w, r, u, http.StatusOK, a.app.LinkReportEmployee(r.Context(), u, r.PathValue("id"), b.EmployeeID))
}

func (a *API) reportMerge(w http.ResponseWriter, r *http.Request, u identity.User) {
	var b struct {
		Into string `json:"into"`
	}
	if err := decode(r, w, &b); err != nil {
		a.fail(w, r, u, err)
		return
	}
	a.deskDone(w, r, u, http.StatusOK, a.app.MergeReport(r.Context(), u, r.PathValue("id"), b.Into))
}

func (a *API) reportOutcome(w http.ResponseWriter, r *http.Request, u identity.User) {
	var b struct {
		Kind       string `json:"kind"`
		ReferralTo string `json:"referral_to"`
		Note       string `json:"note"`
	}
	if err := decode(r, w, &b); err != nil {
		a.fail(w, r, u, err)
		return
	}
	_, err := a.app.AddOutcome(r.Context(), u, r.PathValue("id"), report.OutcomeInput{Kind: b.Kind, ReferralTo: b.ReferralTo, Note: b.Note})
	a.deskDone(w, r, u, http.StatusOK, err)
}

// reportRecord is the desk's intake of a report from another channel.
func (a *API) reportRecord(w http.ResponseWriter, r *http.Request, u identity.User) {
	var b submissionBody
	if err := decodeMax(r, w, &b, maxReportBody); err != nil {
		a.fail(w, r, u, err)
		return
	}
	files, err := uploads(b.Files)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	rep, receipt, err := a.app.RecordReport(r.Context(), u, b.submission(), files)
	if err != nil {
		a.fail(w, r, u, err)
		return
	}
	w.Header().Set("Location", "/api/v1/reports/"+rep.PublicID)
	writeJSON(w, http.StatusCreated, struct {
		ID string `json:"id"`
		receiptView
	}{rep.PublicID, receiptView{Receipt: receipt.Grouped(), Status: string(rep.Status)}})
}
