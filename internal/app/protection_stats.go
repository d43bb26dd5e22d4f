package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/calendar"
	"sigap/internal/disclosure"
	"sigap/internal/identity"
	"sigap/internal/protection"
	"sigap/internal/refdata"
	"sigap/internal/store"
)

// The government's numbers on violence against women and children, and
// the export for Simfoni PPA. The numbers are aggregates only: whoever may
// see them (analysts among them) learns nothing of any one case, and
// those who do not work on the cases see no count of 1 or 2.

// StatsQuery is the filter of the counts and the export as typed: a year,
// or a range of incident days; a district; a form of violence; the
// victim's sex and age band. Empty values choose everything (the year
// defaults to the present one).
type StatsQuery struct {
	Year, From, To           string
	District, Form, Sex, Age string
}

// countFilter checks q and turns it into the store's filter; every
// problem is reported at once, beside its field.
func (a *App) countFilter(ctx context.Context, u identity.User, q *StatsQuery) (store.CountFilter, error) {
	var f store.CountFilter
	var fields apperr.Fields
	q.Year, q.From, q.To = strings.TrimSpace(q.Year), strings.TrimSpace(q.From), strings.TrimSpace(q.To)
	thisYear := calendar.DateOf(a.Store.Now(), protection.WIB).Year()
	switch {
	case q.From != "" || q.To != "":
		if q.Year != "" {
			fields.Add("year", "protection.stats.period.both", nil)
		}
		var err error
		if f.From, err = calendar.ParseDate(q.From); err != nil {
			fields.Add("from", "protection.stats.date.invalid", nil)
		}
		if f.To, err = calendar.ParseDate(q.To); err != nil {
			fields.Add("to", "protection.stats.date.invalid", nil)
		}
		if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
			fields.Add("to", "protection.stats.range.order", nil)
		}
	default:
		if q.Year == "" {
			q.Year = strconv.Itoa(thisYear)
		}
		y, err := strconv.Atoi(q.Year)
		if err != nil || y < 2000 || y > thisYear+1 {
			fields.Add("year", "protection.stats.year.invalid", map[string]any{"Max": thisYear + 1})
		} else {
			f.From, f.To = calendar.NewDate(y, 1, 1), calendar.NewDate(y, 12, 31)
		}
	}
	if q.District != "" {
		t, err := a.Store.Tenant(ctx, u.TenantID)
		if err != nil {
			return f, err
		}
		r, err := a.Store.Region(ctx, q.District)
		switch {
		case apperr.Is(err, apperr.NotFound) || err == nil && r.Level != refdata.LevelDistrict:
			fields.Add("district", "protection.stats.district.unknown", nil)
		case err != nil:
			return f, err
		case !protection.InRegion(r.Code, t.RegionCode):
			fields.Add("district", "protection.stats.district.outside", nil)
		default:
			f.District = r.Code
		}
	}
	if f.Form = protection.Form(q.Form); f.Form != "" && !f.Form.Valid() {
		fields.Add("form", "protection.forms.invalid", nil)
	}
	if f.Sex = protection.Sex(q.Sex); f.Sex != "" && !f.Sex.Valid() {
		fields.Add("sex", "protection.sex.invalid", nil)
	}
	if f.AgeGroup = protection.AgeGroup(q.Age); f.AgeGroup != "" && !slices.Contains(protection.AgeGroups, f.AgeGroup) {
		fields.Add("age", "protection.stats.age.invalid", nil)
	}
	return f, fields.Err()
}

// DistrictCount is one district's numbers.
type DistrictCount struct {
	Code, Name     string
	Victims, Cases int
}

// FormCount is one form's numbers.
type FormCount struct {
	Form           protection.Form
	Victims, Cases int
}

// AgeSexCount is one age band's victims by sex.
type AgeSexCount struct {
	Group               protection.AgeGroup // "" for unknown
	Female, Male, Total int
}

// MonthCount is one month's numbers.
type MonthCount struct {
	Year           int
	Month          int
	Victims, Cases int
}

// ProtectionStats is the statistics page: the numbers, and what the
// filter offers.
type ProtectionStats struct {
	Query     StatsQuery
	Filter    store.CountFilter
	Total     store.CountRow
	Districts []DistrictCount // every district of the government, with its name
	Forms     []FormCount
	AgeSex    []AgeSexCount
	Months    []MonthCount
	Choices   []refdata.Region // the government's districts, for the filter
	Years     []int
	CanExport bool // the caller may export the victims of (their) cases
	// Coarse: the caller does not work on protection cases (an analyst),
	// so every count below the government's threshold (Least) is
	// HiddenCount, and others ProtectedCount where a total would give a
	// hidden one back: a small number in a small district, form, age band
	// or month can single out a victim. TooFew: the totals themselves are
	// small and no breakdown is shown.
	Coarse bool
	Least  int
	TooFew bool
	// Services are the services given in the period by kind; nil when a
	// filter other than the period is chosen (services are counted by the
	// day given, not by the incident's district or the victim).
	Services      []store.ServiceCount
	ServicesTotal int
	// Withheld names the breakdowns ("district", "form", "age", "month",
	// "service")
	// left out because their counts could not be hidden safely beside
	// the totals.
	Withheld map[string]bool
}

// HiddenCount stands for a count below the government's threshold on a
// coarse statistics page (shown as "<3" at the default threshold);
// ProtectedCount for one hidden so that a small one cannot be worked out
// from the total (shown as "–"). Zeros are always exact.
const (
	HiddenCount    = -1
	ProtectedCount = -2
)

// hideSmall hides every count below least and, in each breakdown shown
// beside the totals (districts, forms, age groups, months, and the sexes
// within an age group), further counts until no hidden one can be worked
// out from its total (internal/disclosure). When a total itself is small
// the breakdowns would pin their cells to it, so none is shown (TooFew).
func (v *ProtectionStats) hideSmall(least int) {
	small := func(n int) bool { return n > 0 && n < least }
	if small(v.Total.Victims) || small(v.Total.Cases) {
		v.TooFew = true
		v.Services = nil
		for _, n := range []*int{&v.Total.Victims, &v.Total.Cases} {
			if small(*n) {
				*n = HiddenCount
			}
		}
		v.Districts, v.Forms, v.AgeSex, v.Months = nil, nil, nil, nil
		return
	}
	// column hides a breakdown's counts against its total; it reports
	// false, changing nothing, when that would need the total hidden,
	// which the other breakdowns show anyway: the breakdown is withheld.
	column := func(cells []*int) bool {
		vals := make([]int, len(cells))
		for i, c := range cells {
			vals[i] = *c
		}
		col := disclosure.Suppress(vals, least, true)
		if col.TotalHidden {
			return false
		}
		for i, c := range cells {
			switch col.Marks[i] {
			case disclosure.Small:
				*c = HiddenCount
			case disclosure.Protected:
				*c = ProtectedCount
			}
		}
		return true
	}
	pick := func(n int, at func(i int) *int) []*int {
		out := make([]*int, n)
		for i := range out {
			out[i] = at(i)
		}
		return out
	}
	// Victims and cases of one breakdown are checked before either is
	// changed, so that a withheld breakdown shows neither.
	both := func(n int, victims, cases func(i int) *int) bool {
		vs, cs := pick(n, victims), pick(n, cases)
		save := make([]int, 0, 2*n)
		for _, c := range append(vs, cs...) {
			save = append(save, *c)
		}
		if column(vs) && column(cs) {
			return true
		}
		for i, c := range append(vs, cs...) {
			*c = save[i]
		}
		return false
	}
	v.Withheld = map[string]bool{}
	if !both(len(v.Districts), func(i int) *int { return &v.Districts[i].Victims }, func(i int) *int { return &v.Districts[i].Cases }) {
		v.Districts, v.Withheld["district"] = nil, true
	}
	if !both(len(v.Forms), func(i int) *int { return &v.Forms[i].Victims }, func(i int) *int { return &v.Forms[i].Cases }) {
		v.Forms, v.Withheld["form"] = nil, true
	}
	if !both(len(v.Months), func(i int) *int { return &v.Months[i].Victims }, func(i int) *int { return &v.Months[i].Cases }) {
		v.Months, v.Withheld["month"] = nil, true
	}
	// Services against their own total (shown below the table).
	if !column(pick(len(v.Services), func(i int) *int { return &v.Services[i].Count })) {
		v.Services, v.Withheld["service"] = nil, true
	}
	// The age groups against the whole, then each shown group's sexes
	// against the group. A hidden group, or a group whose sexes cannot be
	// hidden safely, hides both its sexes, zeros too (shown as "–": not
	// broken down), or they would give the group back.
	if !column(pick(len(v.AgeSex), func(i int) *int { return &v.AgeSex[i].Total })) {
		v.AgeSex, v.Withheld["age"] = nil, true
	}
	for i := range v.AgeSex {
		a := &v.AgeSex[i]
		if a.Total < 0 || !column([]*int{&a.Female, &a.Male}) {
			a.Female, a.Male = ProtectedCount, ProtectedCount
		}
	}
}

// maxMonthRows is how many months the page lists with their zeros; a
// longer period lists only the months with something counted.
const maxMonthRows = 60

// ProtectionStats returns the counts for q. With a bad filter it returns
// the page's choices and the error, so the form can be shown again.
func (a *App) ProtectionStats(ctx context.Context, u identity.User, q StatsQuery) (ProtectionStats, error) {
	return a.protectionStats(ctx, u, q, true)
}

// protectionStats builds the counts; with restrict, a viewer who sees
// hidden counts may choose a year only (the quarterly report asks for a
// whole quarter itself).
func (a *App) protectionStats(ctx context.Context, u identity.User, q StatsQuery, restrict bool) (ProtectionStats, error) {
	v := ProtectionStats{Query: q}
	if err := access.Check(u, access.ViewProtectionStats); err != nil {
		return v, err
	}
	v.CanExport = access.Can(u, access.WorkProtection)
	v.Coarse = !v.CanExport
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return v, err
	}
	if v.Choices, err = a.Store.RegionChildren(ctx, t.RegionCode); err != nil {
		return v, err
	}
	thisYear := calendar.DateOf(a.Store.Now(), protection.WIB).Year()
	for y := thisYear; y >= thisYear-9; y-- {
		v.Years = append(v.Years, y)
	}
	if v.Coarse && restrict {
		// Those who see hidden counts choose a year only: two finer
		// views (a district, a sex, a few days) could be subtracted to
		// give a hidden count back.
		var fields apperr.Fields
		for _, f := range []struct{ name, v string }{{"from", q.From}, {"to", q.To}, {"district", q.District}, {"form", q.Form}, {"sex", q.Sex}, {"age", q.Age}} {
			if strings.TrimSpace(f.v) != "" {
				fields.Add(f.name, "protection.stats.restricted", nil)
			}
		}
		if err := fields.Err(); err != nil {
			return v, err
		}
	}
	if v.Filter, err = a.countFilter(ctx, u, &v.Query); err != nil {
		return v, err
	}
	count := func(dim store.CountDimension) ([]store.CountRow, error) {
		return a.Store.ProtectionCounts(ctx, u.TenantID, v.Filter, dim)
	}
	rows, err := count(store.ByTotal)
	if err != nil {
		return v, err
	}
	if len(rows) > 0 {
		v.Total = rows[0]
	}
	if rows, err = count(store.ByDistrict); err != nil {
		return v, err
	}
	byKey := map[string]store.CountRow{}
	for _, r := range rows {
		byKey[r.Key] = r
	}
	for _, d := range v.Choices {
		if v.Filter.District == "" || d.Code == v.Filter.District {
			r := byKey[d.Code]
			v.Districts = append(v.Districts, DistrictCount{Code: d.Code, Name: d.Name, Victims: r.Victims, Cases: r.Cases})
			delete(byKey, d.Code)
		}
	}
	for _, r := range rows { // a district no longer in the region table keeps its code
		if _, ok := byKey[r.Key]; ok {
			v.Districts = append(v.Districts, DistrictCount{Code: r.Key, Name: r.Key, Victims: r.Victims, Cases: r.Cases})
		}
	}
	if rows, err = count(store.ByForm); err != nil {
		return v, err
	}
	for _, f := range protection.Forms {
		if v.Filter.Form == "" || f == v.Filter.Form {
			fc := FormCount{Form: f}
			for _, r := range rows {
				if r.Key == string(f) {
					fc.Victims, fc.Cases = r.Victims, r.Cases
				}
			}
			v.Forms = append(v.Forms, fc)
		}
	}
	if rows, err = count(store.ByAgeSex); err != nil {
		return v, err
	}
	for _, g := range append(slices.Clone(protection.AgeGroups), "") {
		ac := AgeSexCount{Group: g}
		for _, r := range rows {
			if r.Key == string(g) {
				if r.Key2 == string(protection.Female) {
					ac.Female = r.Victims
				} else {
					ac.Male = r.Victims
				}
			}
		}
		ac.Total = ac.Female + ac.Male
		if g != "" || ac.Total > 0 { // unknown ages only when there are some
			v.AgeSex = append(v.AgeSex, ac)
		}
	}
	if rows, err = count(store.ByMonth); err != nil {
		return v, err
	}
	months := map[int]store.CountRow{}
	for _, r := range rows {
		m, _ := strconv.Atoi(r.Key)
		months[m] = r
	}
	first := calendar.NewDate(v.Filter.From.Year(), v.Filter.From.Month(), 1)
	all := (v.Filter.To.Year()-first.Year())*12 + int(v.Filter.To.Month()) - int(first.Month()) + 1
	for i := range all {
		d := calendar.NewDate(first.Year(), first.Month()+time.Month(i), 1)
		key := d.Year()*100 + int(d.Month())
		r, ok := months[key]
		if ok || all <= maxMonthRows {
			v.Months = append(v.Months, MonthCount{Year: d.Year(), Month: int(d.Month()), Victims: r.Victims, Cases: r.Cases})
		}
	}
	if v.Filter.District == "" && v.Filter.Form == "" && v.Filter.Sex == "" && v.Filter.AgeGroup == "" {
		if v.Services, err = a.Store.ServiceCounts(ctx, u.TenantID, 0, v.Filter.From, v.Filter.To.AddDays(1)); err != nil {
			return v, err
		}
		for _, c := range v.Services {
			v.ServicesTotal += c.Count
		}
	}
	if v.Coarse {
		least, err := a.StatsMin(ctx, u.TenantID)
		if err != nil {
			return v, err
		}
		v.Least = least
		v.hideSmall(least)
	}
	return v, nil
}

// ExportFormats are the files the export writes.
var ExportFormats = []string{"xlsx", "csv"}

// ProtectionExport is an export ready to be written.
type ProtectionExport struct {
	Records []protection.ExportRecord
	Codes   protection.Codes
	Filter  store.CountFilter
}

// ExportProtection returns the victims q chooses, one record each, for
// the export in format: the lead's for all the government's cases, a case
// worker's for their own. A victim's identity (name, NIK, contact,
// address, birth date) and their exact age and disability are filled only
// when the caller holds a running approval to see it (the age band and
// sex always are); each such opening is audited (identity.read). The
// export itself is audited (protection.export) with its filter, never its
// content.
func (a *App) ExportProtection(ctx context.Context, u identity.User, q StatsQuery, format string) (ProtectionExport, error) {
	var out ProtectionExport
	if err := access.Check(u, access.WorkProtection); err != nil {
		return out, err
	}
	f, err := a.countFilter(ctx, u, &q)
	if !slices.Contains(ExportFormats, format) {
		fields := apperr.FieldsOf(err)
		fields.Add("format", "protection.export.format", nil)
		err = fields
	}
	if err != nil {
		return out, err
	}
	out.Filter = f
	scope, worker := "all", u.ID
	if access.Can(u, access.SuperviseProtection) {
		worker = 0
	} else {
		scope = "own"
	}
	// The cases about the exporter as a perpetrator are left out, as
	// everywhere else.
	self, err := a.Store.UserEmployee(ctx, u.ID)
	if err != nil {
		return out, err
	}
	victims, err := a.Store.ProtectionExport(ctx, u.TenantID, f, worker, self)
	if err != nil {
		return out, err
	}
	if out.Codes, err = a.Store.ExportCodes(ctx, u.TenantID); err != nil {
		return out, err
	}
	grants, err := a.Store.ActiveUnsealGrants(ctx, u.TenantID, u.ID, a.Store.Now())
	if err != nil {
		return out, err
	}
	desc := fmt.Sprintf("format=%s from=%s to=%s district=%s form=%s sex=%s age=%s scope=%s rows=%d",
		format, f.From, f.To, f.District, f.Form, f.Sex, f.AgeGroup, scope, len(victims))
	if err := a.Store.AuditProtectionExport(ctx, actor(u), u.TenantID, desc); err != nil {
		return out, err
	}
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return out, err
	}
	regency, province := a.regionName(ctx, t.RegionCode), a.regionName(ctx, strings.Split(t.RegionCode, ".")[0])
	for _, v := range victims {
		r := v.ExportRecord
		r.Regency, r.Province = regency, province
		if grants[v.IdentityID] {
			id, err := a.Store.OpenIdentity(ctx, actor(u), u.TenantID, v.IdentityID)
			if err != nil {
				return out, err
			}
			r.Name, r.NIK, r.Contact = id.Name.Reveal(), id.NIK.Reveal(), id.Contact.Reveal()
			r.BirthDate, r.Address = v.Details.BirthDate, v.Details.Address
			r.Age, r.Disability = v.AgeAt, protection.Disability(v.Details.Disability)
			if v.Details.VillageCode != "" {
				if name := a.regionName(ctx, v.Details.VillageCode); name != "" {
					r.Address = strings.TrimPrefix(r.Address+", "+name, ", ")
				}
			}
		}
		out.Records = append(out.Records, r)
	}
	return out, nil
}

// regionName names a region, "" when it is not in the table.
func (a *App) regionName(ctx context.Context, code string) string {
	r, err := a.Store.Region(ctx, code)
	if err != nil {
		return ""
	}
	return r.Name
}

// ExportCodesView is the settings page of the export's codes.
type ExportCodesView struct {
	Lists []protection.CodeList
	Codes protection.Codes
}

// ExportCodes returns the government's codes for Simfoni's lists.
func (a *App) ExportCodes(ctx context.Context, u identity.User) (ExportCodesView, error) {
	if err := access.Check(u, access.ManageProtectionCodes); err != nil {
		return ExportCodesView{}, err
	}
	codes, err := a.Store.ExportCodes(ctx, u.TenantID)
	return ExportCodesView{Lists: protection.CodeLists, Codes: codes}, err
}

// SetExportCodes saves the government's codes; an empty code writes
// sigap's own value. Every problem is reported beside its field
// ("list.value"), and nothing is saved unless all are right.
func (a *App) SetExportCodes(ctx context.Context, u identity.User, codes protection.Codes) error {
	if err := access.Check(u, access.ManageProtectionCodes); err != nil {
		return err
	}
	var fields apperr.Fields
	clean := protection.Codes{}
	for list, values := range codes {
		for value, code := range values {
			if !protection.KnownCode(list, value) {
				fields.Add(list+"."+value, "error.invalid_choice", nil)
				continue
			}
			c, err := protection.CheckCode(code)
			if err != nil {
				fields.Add(list+"."+value, apperr.As(err).Key, map[string]any{"Max": protection.MaxCode})
				continue
			}
			if clean[list] == nil {
				clean[list] = map[string]string{}
			}
			clean[list][value] = c
		}
	}
	if err := fields.Err(); err != nil {
		return err
	}
	return a.Store.SetExportCodes(ctx, actor(u), u.TenantID, clean)
}
