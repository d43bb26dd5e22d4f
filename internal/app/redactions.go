package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// RedactedText is a report's texts cut into segments, with the redactions
// in force applied: for a viewer who may not see through them, the masked
// words are not in it at all.
type RedactedText struct {
	Fields   map[string][]report.Segment // by content field
	Messages map[string][]report.Segment // by message public ID
}

// RedactionView is a redaction as the desk's list shows it, with the
// words it covers while a temporary one is in force (the desk sees
// through it).
type RedactionView struct {
	report.Redaction
	Words string
}

// redactedText applies the temporary redactions in force to r's content
// and to msgs. see says whether the viewer sees through them.
func redactedText(r report.Report, msgs []report.Message, reds []report.Redaction, see bool) RedactedText {
	spans, masks := map[string][]report.Span{}, map[string][]report.Span{}
	for _, d := range reds {
		key := d.Field
		if d.Field == report.FieldBody {
			key = "m:" + d.MessagePublicID
		}
		switch {
		case d.Active():
			spans[key] = append(spans[key], d.Span)
		case d.Kind == report.Permanent:
			masks[key] = append(masks[key], d.Span)
		}
	}
	out := RedactedText{Fields: map[string][]report.Segment{}, Messages: map[string][]report.Segment{}}
	c := r.Content
	for _, f := range report.RedactableFields {
		v, _ := report.ContentField(&c, f)
		out.Fields[f] = report.Segments(v.Reveal(), spans[f], masks[f], see)
	}
	for _, m := range msgs {
		out.Messages[m.PublicID] = report.Segments(m.Body.Reveal(), spans["m:"+m.PublicID], masks["m:"+m.PublicID], see)
	}
	return out
}

// redactionViews lists a report's redactions with the words each
// temporary one in force covers.
func redactionViews(r report.Report, msgs []report.Message, reds []report.Redaction) []RedactionView {
	out := make([]RedactionView, len(reds))
	for i, d := range reds {
		out[i] = RedactionView{Redaction: d}
		if !d.Active() {
			continue
		}
		var text string
		if d.Field == report.FieldBody {
			for _, m := range msgs {
				if m.PublicID == d.MessagePublicID {
					text = m.Body.Reveal()
				}
			}
		} else {
			c := r.Content
			v, _ := report.ContentField(&c, d.Field)
			text = v.Reveal()
		}
		if rs := []rune(text); d.End <= len(rs) {
			out[i].Words = string(rs[d.Start:d.End])
		}
	}
	return out
}

// RedactTarget is a text the redaction form offers: a content field, or
// the N-th message (from 1) of the report.
type RedactTarget struct {
	Value   string // the form's value: the field, or "message:" and the message's public ID
	Field   string // the content field; "" for a message
	N       int
	Author  report.Author
	Created time.Time
}

// redactTargets lists the report's texts that are not empty.
func redactTargets(r report.Report, msgs []report.Message) []RedactTarget {
	var out []RedactTarget
	c := r.Content
	for _, f := range report.RedactableFields {
		if v, _ := report.ContentField(&c, f); !v.IsZero() {
			out = append(out, RedactTarget{Value: f, Field: f})
		}
	}
	for i, m := range msgs {
		if !m.Body.IsZero() {
			out = append(out, RedactTarget{Value: "message:" + m.PublicID, N: i + 1, Author: m.Author, Created: m.CreatedAt})
		}
	}
	return out
}

// RedactInput is a redaction as the desk's form sends it: the field (a
// content field, or "message:" and the message's public ID), the exact
// words to mask and which occurrence of them (or all), the kind and a
// reason.
type RedactInput struct {
	Target, Words, Occurrence, Kind, Reason string
	All                                     bool // every occurrence, Occurrence aside
}

// checkRedaction reads the form. The desk types the words to mask, not
// offsets, so no script is needed in the browser; the store finds them
// in the text as it is under its lock.
func checkRedaction(in RedactInput) (store.RedactionInput, error) {
	out := store.RedactionInput{Kind: report.RedactionKind(in.Kind), Words: strings.TrimSpace(in.Words), Occurrence: 1, All: in.All}
	if msg, ok := strings.CutPrefix(in.Target, "message:"); ok {
		out.Field, out.MessagePublicID = report.FieldBody, msg
	} else {
		out.Field = in.Target
	}
	var fields apperr.Fields
	if out.Kind != report.Temporary && out.Kind != report.Permanent {
		fields.Add("kind", "redaction.kind.invalid", nil)
	}
	if out.Words == "" {
		fields.Add("words", "redaction.words.required", nil)
	}
	if s := strings.TrimSpace(in.Occurrence); s != "" && !in.All {
		var err error
		if out.Occurrence, err = strconv.Atoi(s); err != nil || out.Occurrence < 1 || out.Occurrence > 1000 {
			fields.Add("occurrence", "redaction.occurrence.invalid", nil)
		}
	}
	reason := strings.TrimSpace(in.Reason)
	if len([]rune(reason)) > report.MaxRedactionReason {
		fields.Add("reason", "redaction.reason.long", map[string]any{"Max": report.MaxRedactionReason})
	}
	out.Reason = vault.NewSecret(reason)
	return out, fields.Err()
}

// Redact masks a span of a report, temporarily or for good. The desk
// confirms a permanent one first (the web layer's page).
func (a *App) Redact(ctx context.Context, u identity.User, publicID string, in RedactInput) error {
	if err := access.Check(u, access.RedactReports); err != nil {
		return err
	}
	if _, err := a.Store.ReportID(ctx, u.TenantID, publicID); err != nil {
		return err
	}
	r, err := checkRedaction(in)
	if err != nil {
		return err
	}
	_, err = a.Store.AddRedaction(ctx, actor(u), u.TenantID, publicID, r)
	return err
}

// CheckRedact checks a redaction without making it, for the page that
// confirms a permanent one.
func (a *App) CheckRedact(ctx context.Context, u identity.User, publicID string, in RedactInput) error {
	if err := access.Check(u, access.RedactReports); err != nil {
		return err
	}
	if _, err := a.Store.ReportID(ctx, u.TenantID, publicID); err != nil {
		return err
	}
	r, err := checkRedaction(in)
	if err != nil {
		return err
	}
	return a.Store.CheckRedaction(ctx, u.TenantID, publicID, r)
}

// LiftRedaction lifts a temporary redaction.
func (a *App) LiftRedaction(ctx context.Context, u identity.User, publicID, redactionID string) error {
	if err := access.Check(u, access.RedactReports); err != nil {
		return err
	}
	return a.Store.LiftRedaction(ctx, actor(u), u.TenantID, publicID, redactionID)
}

// ReadView is a report as read outside the desk: read only, the
// temporary redactions applied unless the reader sees through them, and
// only the messages the reporter and the desk exchanged (never the desk's
// internal notes, nor the files).
type ReadView struct {
	Report     report.Report // its texts emptied: read Text
	Category   report.Category
	Places     map[string]string
	Messages   []report.Message // their bodies emptied: read Text
	Text       RedactedText
	SeeThrough bool
	Redacted   int // temporary redactions in force
}

// ReadReport opens a report read only for an examiner or a decider of a
// case it is behind, or for the custodian asked to unseal one of its
// identities (see access.ReadReport): an audited read.
func (a *App) ReadReport(ctx context.Context, u identity.User, publicID string) (ReadView, error) {
	id, err := a.Store.ReportID(ctx, u.TenantID, publicID)
	if err != nil {
		return ReadView{}, err
	}
	reach := access.ReportReach{}
	cases, err := a.Store.ReportCaseAccessOf(ctx, u.TenantID, id, u.ID)
	if err != nil {
		return ReadView{}, err
	}
	reach.InCase, reach.Assigned = cases.InCase, cases.Assigned
	if len(cases.Employees) > 0 {
		mine, err := a.Store.UserEmployee(ctx, u.ID)
		if err != nil {
			return ReadView{}, err
		}
		for _, e := range cases.Employees {
			reach.AboutCaller = reach.AboutCaller || mine != 0 && e == mine
		}
	}
	if access.Can(u, access.DecideUnseal) {
		if reach.UnsealAsked, err = a.Store.ReportUnsealRequested(ctx, u.TenantID, publicID); err != nil {
			return ReadView{}, err
		}
	}
	if err := access.ReadReport(u, reach); err != nil {
		return ReadView{}, err
	}
	r, err := a.Store.OpenReport(ctx, actor(u), u.TenantID, publicID)
	if err != nil {
		return ReadView{}, err
	}
	cats, err := a.categoryNames(ctx, u.TenantID)
	if err != nil {
		return ReadView{}, err
	}
	msgs, err := a.Store.ReportMessages(ctx, u.TenantID, r.ID, false)
	if err != nil {
		return ReadView{}, err
	}
	reds, err := a.Store.Redactions(ctx, u.TenantID, r.ID)
	if err != nil {
		return ReadView{}, err
	}
	v := ReadView{Category: categoryOf(cats, r.Category), SeeThrough: access.Can(u, access.SeeRedacted)}
	v.Text = redactedText(r, msgs, reds, v.SeeThrough)
	for _, d := range reds {
		if d.Active() {
			v.Redacted++
		}
	}
	// The texts travel on only as segments, masked where they must be.
	r.Content.What, r.Content.Place, r.Content.Witnesses, r.Content.ChannelRef = vault.Secret{}, vault.Secret{}, vault.Secret{}, vault.Secret{}
	r.Content.AccusedName, r.Content.AccusedOffice, r.Content.AccusedPosition = vault.Secret{}, vault.Secret{}, vault.Secret{}
	for i := range msgs {
		msgs[i].Body = vault.Secret{}
	}
	v.Report, v.Messages = r, msgs
	t, err := a.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return v, err
	}
	p, err := a.placesOf(ctx, t.Code)
	if err != nil {
		return v, err
	}
	v.Places = p.names
	return v, nil
}
