package app

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/evidence"
	"sigap/internal/export"
	"sigap/internal/identity"
	"sigap/internal/nip"
	"sigap/internal/org"
	"sigap/internal/pledge"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// PledgesView is the prevention officer's page: the versions of the
// text, the renewal period and the campaigns.
type PledgesView struct {
	Versions  []store.PledgeVersion
	Campaigns []store.PledgeCampaign
	Settings  store.PledgeSettings
	Units     []org.Unit
	Kinds     []roster.PositionKind
	// DefaultTitle and DefaultText fill the form for a first version.
	DefaultTitle, DefaultText string
}

// Pledges returns the prevention officer's page.
func (a *App) Pledges(ctx context.Context, u identity.User) (PledgesView, error) {
	if err := access.Check(u, access.ManagePledges); err != nil {
		return PledgesView{}, err
	}
	v := PledgesView{Kinds: roster.PositionKinds}
	var err error
	if v.Versions, err = a.Store.PledgeVersions(ctx, u.TenantID); err != nil {
		return v, err
	}
	if len(v.Versions) == 0 {
		v.DefaultTitle, v.DefaultText = pledge.DefaultTitle, pledge.DefaultText
	}
	if v.Campaigns, err = a.Store.PledgeCampaigns(ctx, u.TenantID); err != nil {
		return v, err
	}
	if v.Settings, err = a.Store.PledgeSettings(ctx, u.TenantID); err != nil {
		return v, err
	}
	v.Units, err = a.Store.Units(ctx, u.TenantID, false)
	return v, err
}

// AddPledgeVersion writes a new version of the text; the earlier ones
// stay as they were.
func (a *App) AddPledgeVersion(ctx context.Context, u identity.User, title, body string) (store.PledgeVersion, error) {
	if err := access.Check(u, access.ManagePledges); err != nil {
		return store.PledgeVersion{}, err
	}
	title = strings.TrimSpace(title)
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	switch {
	case title == "" || utf8.RuneCountInString(title) > 200:
		return store.PledgeVersion{}, apperr.InvalidField("title", "pledges.title.invalid", nil)
	case utf8.RuneCountInString(body) < 20 || len(body) > 20000:
		return store.PledgeVersion{}, apperr.InvalidField("body", "pledges.body.invalid", nil)
	}
	return a.Store.AddPledgeVersion(ctx, actor(u), u.TenantID, title, body)
}

// PledgeVersion returns one version with its text and hash.
func (a *App) PledgeVersion(ctx context.Context, u identity.User, id int64) (store.PledgeVersion, error) {
	if err := access.Check(u, access.ManagePledges); err != nil {
		return store.PledgeVersion{}, err
	}
	return a.Store.PledgeVersion(ctx, u.TenantID, id)
}

// SetPledgeSettings sets how often signatures are renewed, in months (0:
// only with a new version), and how many days ahead employees are reminded
// of a due date or a lapse (0: never).
func (a *App) SetPledgeSettings(ctx context.Context, u identity.User, months, remindDays string) error {
	if err := access.Check(u, access.ManagePledges); err != nil {
		return err
	}
	var st store.PledgeSettings
	var err error
	var fe apperr.Fields
	if st.RenewMonths, err = strconv.Atoi(strings.TrimSpace(months)); err != nil || st.RenewMonths < 0 || st.RenewMonths > pledge.MaxRenewMonths {
		fe.Add("renew_months", "pledges.renew.invalid", map[string]any{"Max": pledge.MaxRenewMonths})
	}
	if st.RemindDays, err = strconv.Atoi(strings.TrimSpace(remindDays)); err != nil || st.RemindDays < 0 || st.RemindDays > pledge.MaxRemindDays {
		fe.Add("remind_days", "pledges.remind.invalid", map[string]any{"Max": pledge.MaxRemindDays})
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return a.Store.SetPledgeSettings(ctx, actor(u), u.TenantID, st)
}

// CampaignInput is the form for a new campaign.
type CampaignInput struct {
	Name, Version, Scope, Unit, Kind, Due string
}

// AddPledgeCampaign asks a set of employees to sign a version by a date.
func (a *App) AddPledgeCampaign(ctx context.Context, u identity.User, in CampaignInput) (store.PledgeCampaign, error) {
	if err := access.Check(u, access.ManagePledges); err != nil {
		return store.PledgeCampaign{}, err
	}
	c := store.PledgeCampaign{Name: strings.TrimSpace(in.Name), Scope: in.Scope}
	if c.Name == "" || utf8.RuneCountInString(c.Name) > 200 {
		return c, apperr.InvalidField("name", "pledges.campaign.name.invalid", nil)
	}
	var err error
	if c.VersionID, err = strconv.ParseInt(in.Version, 10, 64); err != nil {
		return c, apperr.InvalidField("version", "pledges.version.not_found", nil)
	}
	switch c.Scope {
	case "all":
	case "unit":
		if c.UnitID, err = strconv.ParseInt(in.Unit, 10, 64); err != nil {
			return c, apperr.InvalidField("unit", "pledges.campaign.unit.invalid", nil)
		}
	case "kind":
		c.Kind = roster.PositionKind(in.Kind)
		if !slices.Contains(roster.PositionKinds, c.Kind) {
			return c, apperr.InvalidField("kind", "pledges.campaign.kind.invalid", nil)
		}
	default:
		return c, apperr.InvalidField("scope", "pledges.campaign.scope.invalid", nil)
	}
	if c.Due, err = calendar.ParseDate(strings.TrimSpace(in.Due)); err != nil {
		return c, apperr.InvalidField("due", "pledges.campaign.due.invalid", nil)
	}
	return a.Store.AddPledgeCampaign(ctx, actor(u), u.TenantID, c)
}

// CampaignView is a campaign's page: its version, coverage by top-level
// office (OPD, sub-units counted in it), by position kind, by echelon of
// structural officials and by level of functional ones, and a page of
// those who have not signed.
type CampaignView struct {
	Campaign    store.PledgeCampaign
	Version     store.PledgeVersion
	RenewMonths int
	RemindDays  int
	ByUnit      []store.PledgeCoverage
	Sort        string // how ByUnit is ordered: "name", or "share" (the lowest share signed first)
	ByKind      []store.PledgeCoverage
	ByEchelon   []store.PledgeCoverage
	ByLevel     []store.PledgeCoverage
	Total       int
	Signed      int
	NotSigned   []roster.Employee
	NotTotal    int
	Offset      int
	Limit       int
	Signatures  []store.PledgeSignature // the recent ones of this version
}

// PercentSigned is the share of the campaign's employees who have signed.
func (v CampaignView) PercentSigned() int {
	if v.Total == 0 {
		return 0
	}
	return v.Signed * 100 / v.Total
}

const notSignedPage = 50

// PledgeCampaign returns a campaign's page, its offices ordered by sort
// ("share": the lowest share signed first; otherwise by name).
func (a *App) PledgeCampaign(ctx context.Context, u identity.User, id int64, offset int, sort string) (CampaignView, error) {
	if err := access.Check(u, access.ManagePledges); err != nil {
		return CampaignView{}, err
	}
	v := CampaignView{Offset: max(offset, 0), Limit: notSignedPage, Sort: "name"}
	var err error
	if v.Campaign, err = a.Store.PledgeCampaign(ctx, u.TenantID, id); err != nil {
		return v, err
	}
	if v.Version, err = a.Store.PledgeVersion(ctx, u.TenantID, v.Campaign.VersionID); err != nil {
		return v, err
	}
	st, err := a.Store.PledgeSettings(ctx, u.TenantID)
	if err != nil {
		return v, err
	}
	v.RenewMonths, v.RemindDays = st.RenewMonths, st.RemindDays
	cutoff := pledge.Cutoff(a.Store.Now(), v.RenewMonths)
	for _, g := range []struct {
		by   string
		rows *[]store.PledgeCoverage
	}{{store.ByOffice, &v.ByUnit}, {store.ByKind, &v.ByKind}, {store.ByEchelon, &v.ByEchelon}, {store.ByLevel, &v.ByLevel}} {
		if *g.rows, err = a.Store.PledgeCoverage(ctx, u.TenantID, v.Campaign, cutoff, g.by); err != nil {
			return v, err
		}
	}
	if sort == "share" {
		v.Sort = sort
		slices.SortStableFunc(v.ByUnit, func(a, b store.PledgeCoverage) int {
			// a.Signed/a.Total against b.Signed/b.Total without rounding
			if d := a.Signed*b.Total - b.Signed*a.Total; d != 0 {
				return d
			}
			return b.Missing() - a.Missing()
		})
	}
	for _, c := range v.ByUnit {
		v.Total += c.Total
		v.Signed += c.Signed
	}
	v.NotSigned, v.NotTotal, err = a.Store.PledgeNotSigned(ctx, u.TenantID, v.Campaign, cutoff, v.Offset, v.Limit)
	return v, err
}

// PledgeCoverageTable returns a campaign's coverage by office and by
// position kind as a table for a spreadsheet; the export is audited first.
func (a *App) PledgeCoverageTable(ctx context.Context, u identity.User, id int64) (export.Table, error) {
	v, err := a.PledgeCampaign(ctx, u, id, 0, "name")
	if err != nil {
		return export.Table{}, err
	}
	if err := a.Store.AuditPledgeExport(ctx, actor(u), u.TenantID, id); err != nil {
		return export.Table{}, err
	}
	t := export.Table{Sheet: "Cakupan", Header: []string{"kelompok", "nama", "jumlah_pegawai", "sudah_menandatangani", "belum_menandatangani", "persen_sudah"}}
	row := func(group, name string, c store.PledgeCoverage) {
		if name == "" {
			name = "tidak_tercatat"
		}
		t.Rows = append(t.Rows, []any{group, name, c.Total, c.Signed, c.Missing(), c.Share()})
	}
	for _, c := range v.ByUnit {
		row("perangkat_daerah", c.Name, c)
	}
	for _, c := range v.ByKind {
		row("jenis_jabatan", c.Key, c)
	}
	for _, c := range v.ByEchelon {
		row("eselon", c.Key, c)
	}
	for _, c := range v.ByLevel {
		row("jenjang_fungsional", c.Key, c)
	}
	row("total", "semua", store.PledgeCoverage{Total: v.Total, Signed: v.Signed})
	keep, err := a.KeepUntil(ctx, u.TenantID)
	t.Rows = append(t.Rows, []any{"simpan_hingga", keep.String()})
	return t, err
}

// Verification is a signature checked against the stored text of its
// version, and against the newest version.
type Verification struct {
	Signature  store.PledgeSignature
	Version    store.PledgeVersion
	Recomputed string // the hash of the stored text of the signature's version
	Matches    bool   // the signature is of this exact text
	Latest     store.PledgeVersion
	OfLatest   bool // the signature counts for the newest version
	Newer      bool // a version newer than the signature's has been issued
}

// VerifyPledgeSignature recomputes the hash of the signed version's text
// and says whether the signature matches it.
func (a *App) VerifyPledgeSignature(ctx context.Context, u identity.User, id int64) (Verification, error) {
	if err := access.Check(u, access.ManagePledges); err != nil {
		return Verification{}, err
	}
	var v Verification
	var err error
	if v.Signature, err = a.Store.PledgeSignature(ctx, u.TenantID, id); err != nil {
		return v, err
	}
	if v.Version, err = a.Store.PledgeVersion(ctx, u.TenantID, v.Signature.VersionID); err != nil {
		return v, err
	}
	v.Recomputed = pledge.Hash(v.Version.Body)
	v.Matches = v.Recomputed == v.Signature.SHA256
	versions, err := a.Store.PledgeVersions(ctx, u.TenantID)
	if err != nil {
		return v, err
	}
	v.Latest = versions[0]
	v.OfLatest = v.Latest.ID == v.Signature.VersionID && pledge.Hash(v.Latest.Body) == v.Signature.SHA256
	v.Newer = v.Latest.Number > v.Version.Number
	return v, nil
}

// OwnPledge is a campaign the employee is asked to sign, with its text.
type OwnPledge struct {
	Campaign store.PledgeCampaign
	Version  store.PledgeVersion
	Signed   bool // a current signature of the campaign's version
	// Earlier is the number of an older version the employee has signed,
	// when they have not signed this one: they must sign the new text.
	Earlier int
}

// OwnPledgesView is the employee's own page.
type OwnPledgesView struct {
	Linked     bool // the account is linked to the roster
	Open       []OwnPledge
	Signatures []store.PledgeSignature
	Statement  string
}

// OwnPledges returns the campaigns that ask the caller and their own
// signatures.
func (a *App) OwnPledges(ctx context.Context, u identity.User) (OwnPledgesView, error) {
	v := OwnPledgesView{Statement: pledge.Statement}
	employeeID, err := a.Store.UserEmployee(ctx, u.ID)
	if err != nil || employeeID == 0 || u.TenantID == 0 {
		return v, err
	}
	v.Linked = true
	renew, err := a.Store.PledgeRenewMonths(ctx, u.TenantID)
	if err != nil {
		return v, err
	}
	if v.Signatures, err = a.Store.EmployeePledgeSignatures(ctx, u.TenantID, employeeID); err != nil {
		return v, err
	}
	campaigns, err := a.Store.PledgeCampaigns(ctx, u.TenantID)
	if err != nil {
		return v, err
	}
	now := a.Store.Now()
	for _, c := range campaigns {
		in, err := a.Store.InPledgeCampaign(ctx, u.TenantID, c, employeeID)
		if err != nil {
			return v, err
		}
		if !in {
			continue
		}
		p := OwnPledge{Campaign: c}
		if p.Version, err = a.Store.PledgeVersion(ctx, u.TenantID, c.VersionID); err != nil {
			return v, err
		}
		for _, g := range v.Signatures {
			if g.VersionID == c.VersionID && pledge.Current(g.SignedAt, now, renew) {
				p.Signed = true
			}
			if g.VersionNumber < p.Version.Number {
				p.Earlier = max(p.Earlier, g.VersionNumber)
			}
		}
		if p.Signed {
			p.Earlier = 0
		}
		v.Open = append(v.Open, p)
	}
	return v, a.Store.MarkPledgeNotificationsRead(ctx, u.ID)
}

// SignPledge records the caller's signature of a campaign's version: they
// must be among those the campaign asks, have ticked the statement, and
// have been shown the text whose hash they send back.
func (a *App) SignPledge(ctx context.Context, u identity.User, campaignID int64, shownHash string, ticked bool) (store.PledgeSignature, error) {
	employeeID, err := a.Store.UserEmployee(ctx, u.ID)
	if err != nil {
		return store.PledgeSignature{}, err
	}
	if employeeID == 0 || u.TenantID == 0 {
		return store.PledgeSignature{}, apperr.New(apperr.NotFound, "pledges.campaign.not_found")
	}
	c, err := a.Store.PledgeCampaign(ctx, u.TenantID, campaignID)
	if err != nil {
		return store.PledgeSignature{}, err
	}
	in, err := a.Store.InPledgeCampaign(ctx, u.TenantID, c, employeeID)
	if err != nil {
		return store.PledgeSignature{}, err
	}
	if !in {
		return store.PledgeSignature{}, apperr.New(apperr.NotFound, "pledges.campaign.not_found")
	}
	v, err := a.Store.PledgeVersion(ctx, u.TenantID, c.VersionID)
	if err != nil {
		return store.PledgeSignature{}, err
	}
	if !ticked {
		return store.PledgeSignature{}, apperr.InvalidField("agree", "pledges.sign.agree", nil)
	}
	hash := pledge.Hash(v.Body)
	if shownHash != hash {
		return store.PledgeSignature{}, apperr.InvalidField("agree", "pledges.sign.changed", nil)
	}
	return a.Store.AddPledgeSignature(ctx, actor(u), u.TenantID, store.PledgeSignature{EmployeeID: employeeID, VersionID: v.ID,
		CampaignID: c.ID, Method: "electronic", Statement: pledge.Statement, SHA256: hash})
}

// AddPaperSignature records a signature made on paper, found by the
// employee's NIP, with its scan checked and encrypted like evidence.
func (a *App) AddPaperSignature(ctx context.Context, u identity.User, campaignID int64, employeeNIP string, uploads []evidence.Upload) (store.PledgeSignature, error) {
	if err := access.Check(u, access.ManagePledges); err != nil {
		return store.PledgeSignature{}, err
	}
	c, err := a.Store.PledgeCampaign(ctx, u.TenantID, campaignID)
	if err != nil {
		return store.PledgeSignature{}, err
	}
	n, err := nip.Parse(strings.TrimSpace(employeeNIP))
	if err != nil {
		return store.PledgeSignature{}, apperr.InvalidField("nip", "pledges.paper.nip", nil)
	}
	e, err := a.Store.EmployeeByNIP(ctx, u.TenantID, n.String())
	if err != nil {
		return store.PledgeSignature{}, apperr.InvalidField("nip", "pledges.paper.nip", nil)
	}
	if in, err := a.Store.InPledgeCampaign(ctx, u.TenantID, c, e.ID); err != nil {
		return store.PledgeSignature{}, err
	} else if !in {
		return store.PledgeSignature{}, apperr.InvalidField("nip", "pledges.paper.not_in_campaign", nil)
	}
	if len(uploads) != 1 {
		return store.PledgeSignature{}, apperr.InvalidField("files", "pledges.paper.scan.required", nil)
	}
	v, err := a.Store.PledgeVersion(ctx, u.TenantID, c.VersionID)
	if err != nil {
		return store.PledgeSignature{}, err
	}
	kept, err := a.keepFiles(ctx, u.TenantID, 0, uploads)
	if err != nil {
		return store.PledgeSignature{}, err
	}
	g, err := a.Store.AddPledgeSignature(ctx, actor(u), u.TenantID, store.PledgeSignature{EmployeeID: e.ID, VersionID: v.ID, CampaignID: c.ID,
		Method: "paper", Statement: pledge.Statement, SHA256: pledge.Hash(v.Body), FileID: kept[0].FileID, ContentType: kept[0].ContentType, FileSize: kept[0].Size})
	if err != nil {
		a.dropFiles(u.TenantID, kept)
	}
	return g, err
}

// PledgeScan writes a paper signature's scan to w after auditing the
// read; head receives the content type before the first byte.
func (a *App) PledgeScan(ctx context.Context, u identity.User, id int64, head func(contentType string), w io.Writer) error {
	if err := access.Check(u, access.ManagePledges); err != nil {
		return err
	}
	g, err := a.Store.PledgeSignature(ctx, u.TenantID, id)
	if err != nil {
		return err
	}
	if g.FileID == "" || a.Evidence.Files == nil {
		return apperr.New(apperr.NotFound, "pledges.signature.not_found")
	}
	if err := a.Store.AuditPledgeScan(ctx, actor(u), u.TenantID, id); err != nil {
		return err
	}
	head(g.ContentType)
	_, err = a.Evidence.Files.Get(ctx, u.TenantID, g.FileID, w)
	return err
}

// EmployeePledges returns an employee's signatures for the roster page.
func (a *App) EmployeePledges(ctx context.Context, u identity.User, employeeID int64) ([]store.PledgeSignature, error) {
	if err := access.Check(u, access.ViewRoster); err != nil {
		return nil, err
	}
	return a.Store.EmployeePledgeSignatures(ctx, u.TenantID, employeeID)
}

// WatchPledges sends the pledge reminders due now for every government
// (see store.WatchPledges) and returns what went out.
func (a *App) WatchPledges(ctx context.Context) (store.PledgeWatch, error) {
	var w store.PledgeWatch
	tenants, err := a.Store.Tenants(ctx)
	if err != nil {
		return w, err
	}
	for _, t := range tenants {
		r, err := a.Store.WatchPledges(ctx, t.ID, a.today())
		if err != nil {
			return w, err
		}
		w.Campaigns += r.Campaigns
		w.Employees += r.Employees
		w.Renewals += r.Renewals
	}
	return w, nil
}
