package app

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/evidence"
	"sigap/internal/guidance"
	"sigap/internal/identity"
	"sigap/internal/store"
)

// cleanMaterial checks one material: PDFs, JPEG and PNG images as the
// evidence rules take them (images re-encoded without their metadata),
// and office documents (guidance.OfficeType) kept as sent, flagged. The
// type is read from the bytes; the size limit is the evidence limit.
func (a *App) cleanMaterial(u evidence.Upload) (evidence.File, error) {
	args := map[string]any{"Name": materialName(u.Name, ""), "MaxMB": a.Evidence.Limits.MaxBytes >> 20}
	switch {
	case len(u.Data) == 0:
		return evidence.File{}, apperr.InvalidField("files", "evidence.empty", args)
	case int64(len(u.Data)) > a.Evidence.Limits.MaxBytes:
		return evidence.File{}, apperr.InvalidField("files", "evidence.too_large", args)
	}
	switch http.DetectContentType(u.Data) {
	case "image/jpeg", "image/png", "application/pdf":
		return evidence.Clean(u, a.Evidence.Limits)
	case "application/zip":
		if ct, ext := guidance.OfficeType(u.Data); ct != "" {
			return evidence.File{Name: materialName(u.Name, ext), ContentType: ct, Data: u.Data, Flagged: true}, nil
		}
	}
	return evidence.File{}, apperr.InvalidField("files", "guidance.material.type", args)
}

// materialName keeps the base of a file name, readable and short, with
// the extension of the type read from the bytes.
func materialName(s, ext string) string {
	s = strings.ToValidUTF8(s, "")
	s = s[strings.LastIndexAny(s, `/\`)+1:]
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if ext != "" {
		s = strings.TrimSuffix(s, path.Ext(s))
	}
	for utf8.RuneCountInString(s) > 100 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	if s == "" || s == "." || s == ".." {
		s = "materi"
	}
	return s + ext
}

// AddGuidanceMaterials checks, scans and keeps the uploads in the
// encrypted file store and lists them with the session. Every bad file is
// named at once and nothing is kept; files stored before a failure are
// removed again.
func (a *App) AddGuidanceMaterials(ctx context.Context, u identity.User, sessionID int64, uploads []evidence.Upload) (int, error) {
	if err := access.Check(u, access.ManagePrevention); err != nil {
		return 0, err
	}
	g, err := a.Store.GuidanceSession(ctx, u.TenantID, sessionID)
	if err != nil {
		return 0, err
	}
	if g.Cancelled {
		return 0, apperr.New(apperr.Conflict, "guidance.error.cancelled")
	}
	if len(uploads) == 0 {
		return 0, apperr.InvalidField("files", "guidance.material.none", nil)
	}
	if a.Evidence.Files == nil {
		return 0, apperr.InvalidField("files", "evidence.unavailable", nil)
	}
	if len(uploads) > a.Evidence.Limits.MaxFiles {
		return 0, apperr.InvalidField("files", "evidence.too_many", map[string]any{"Max": a.Evidence.Limits.MaxFiles})
	}
	var clean []evidence.File
	var errs apperr.Fields
	for _, up := range uploads {
		f, err := a.cleanMaterial(up)
		if err != nil {
			if fe := apperr.FieldsOf(err); len(fe) > 0 {
				errs = append(errs, fe...)
				continue
			}
			return 0, err
		}
		clean = append(clean, f)
	}
	if err := errs.Err(); err != nil {
		return 0, err
	}
	var kept []store.GuidanceMaterial
	drop := func() {
		for _, m := range kept {
			a.Evidence.Files.Delete(u.TenantID, m.FileID)
		}
	}
	for _, f := range clean {
		if a.Evidence.Scanner != nil {
			if err := a.Evidence.Scanner.Scan(ctx, f.Data); err != nil {
				drop()
				return 0, err
			}
		}
		id, n, err := a.Evidence.Files.Put(ctx, u.TenantID, 0, bytes.NewReader(f.Data))
		if err != nil {
			drop()
			return 0, apperr.Wrap(err, "store material")
		}
		kept = append(kept, store.GuidanceMaterial{FileID: id, Name: f.Name, ContentType: f.ContentType, Size: n, Flagged: f.Flagged,
			Scanned: a.Evidence.Scanner != nil})
	}
	if err := a.Store.AddGuidanceMaterials(ctx, actor(u), u.TenantID, sessionID, kept); err != nil {
		drop()
		return 0, err
	}
	return len(kept), nil
}

// GuidanceMaterial returns one material of a session for the removal
// confirmation.
func (a *App) GuidanceMaterial(ctx context.Context, u identity.User, sessionID, id int64) (store.GuidanceMaterial, error) {
	if err := access.Check(u, access.ViewPrevention); err != nil {
		return store.GuidanceMaterial{}, err
	}
	return a.Store.GuidanceMaterial(ctx, u.TenantID, sessionID, id)
}

// GuidanceMaterialFile writes a material to w after auditing the read;
// head receives the material before the first byte.
func (a *App) GuidanceMaterialFile(ctx context.Context, u identity.User, sessionID, id int64, head func(store.GuidanceMaterial), w io.Writer) error {
	if err := access.Check(u, access.ViewPrevention); err != nil {
		return err
	}
	if a.Evidence.Files == nil {
		return apperr.New(apperr.NotFound, "guidance.material.not_found")
	}
	return a.sendMaterial(ctx, u, sessionID, id, head, w)
}

// sendMaterial audits the read of a material, hands it to head and writes
// its file to w; the caller has checked who may read it.
func (a *App) sendMaterial(ctx context.Context, u identity.User, sessionID, id int64, head func(store.GuidanceMaterial), w io.Writer) error {
	m, err := a.Store.OpenGuidanceMaterial(ctx, actor(u), u.TenantID, sessionID, id)
	if err != nil {
		return err
	}
	head(m)
	_, err = a.Evidence.Files.Get(ctx, u.TenantID, m.FileID, w)
	return err
}

// RemoveGuidanceMaterial removes a material from a session that is not
// cancelled and deletes its file.
func (a *App) RemoveGuidanceMaterial(ctx context.Context, u identity.User, sessionID, id int64) error {
	if err := access.Check(u, access.ManagePrevention); err != nil {
		return err
	}
	g, err := a.Store.GuidanceSession(ctx, u.TenantID, sessionID)
	if err != nil {
		return err
	}
	if g.Cancelled {
		return apperr.New(apperr.Conflict, "guidance.error.cancelled")
	}
	m, err := a.Store.RemoveGuidanceMaterial(ctx, actor(u), u.TenantID, sessionID, id)
	if err != nil {
		return err
	}
	if a.Evidence.Files != nil {
		a.Evidence.Files.Delete(u.TenantID, m.FileID) // a failure leaves an encrypted file nobody links to
	}
	return nil
}

// OwnGuidance is one session the caller attended, with its materials.
type OwnGuidance struct {
	store.EmployeeGuidance
	Materials []store.GuidanceMaterial
}

// OwnGuidanceSessions lists the sessions the caller's roster record
// attended (present or late), newest first, with their materials; none
// when the account is not linked to the roster.
func (a *App) OwnGuidanceSessions(ctx context.Context, u identity.User) ([]OwnGuidance, error) {
	emp, err := a.Store.UserEmployee(ctx, u.ID)
	if err != nil || emp == 0 {
		return nil, err
	}
	list, err := a.Store.EmployeeGuidanceAttendance(ctx, u.TenantID, emp, 20)
	if err != nil {
		return nil, err
	}
	var out []OwnGuidance
	for _, g := range list {
		if !g.Status.Attended() {
			continue
		}
		ms, err := a.Store.GuidanceMaterials(ctx, u.TenantID, g.SessionID)
		if err != nil {
			return nil, err
		}
		out = append(out, OwnGuidance{EmployeeGuidance: g, Materials: ms})
	}
	return out, nil
}

// OwnGuidanceMaterialFile writes a material of a session the caller
// attended (present or late) to w after auditing the read; anyone else
// gets not found, as if it did not exist.
func (a *App) OwnGuidanceMaterialFile(ctx context.Context, u identity.User, sessionID, id int64, head func(store.GuidanceMaterial), w io.Writer) error {
	notFound := apperr.New(apperr.NotFound, "guidance.material.not_found")
	emp, err := a.Store.UserEmployee(ctx, u.ID)
	if err != nil {
		return err
	}
	if emp == 0 || a.Evidence.Files == nil {
		return notFound
	}
	attended, err := a.Store.AttendedGuidance(ctx, u.TenantID, sessionID, emp)
	if err != nil {
		return err
	}
	if !attended {
		return notFound
	}
	return a.sendMaterial(ctx, u, sessionID, id, head, w)
}
