package app

import (
	"bytes"
	"context"
	"errors"
	"io"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/evidence"
	"sigap/internal/files"
	"sigap/internal/identity"
	"sigap/internal/report"
	"sigap/internal/store"
	"sigap/internal/vault"
)

// Evidence is how the app keeps reporters' files: the encrypted file
// store, the limits, and the virus scanner when one is configured.
type Evidence struct {
	Files   *files.Store
	Limits  evidence.Limits
	Scanner evidence.Scanner // nil: no scan
}

// keepFiles checks, scans and stores a submission's uploads. It returns
// the field errors of every bad file at once; when storing fails midway,
// the files already stored are removed.
// record is the record key of the report they belong to (0: none).
func (a *App) keepFiles(ctx context.Context, tenantID int64, record uint64, uploads []evidence.Upload) ([]report.Attachment, error) {
	if len(uploads) == 0 {
		return nil, nil
	}
	if a.Evidence.Files == nil {
		return nil, apperr.InvalidField("files", "evidence.unavailable", nil)
	}
	clean, err := evidence.CleanAll(uploads, a.Evidence.Limits)
	if err != nil {
		return nil, err
	}
	var kept []report.Attachment
	for _, f := range clean {
		if a.Evidence.Scanner != nil {
			if err := a.Evidence.Scanner.Scan(ctx, f.Data); err != nil {
				a.dropFiles(tenantID, kept)
				return nil, err
			}
		}
		id, n, err := a.Evidence.Files.Put(ctx, tenantID, record, bytes.NewReader(f.Data))
		if err != nil {
			a.dropFiles(tenantID, kept)
			return nil, apperr.Wrap(err, "store file")
		}
		kept = append(kept, report.Attachment{FileID: id, Name: vault.NewSecret(f.Name), ContentType: f.ContentType, Size: n,
			Flagged: f.Flagged, Scanned: a.Evidence.Scanner != nil})
	}
	return kept, nil
}

// dropFiles removes stored files whose report was not written; a failure
// leaves an encrypted file nobody links to, which is harmless.
func (a *App) dropFiles(tenantID int64, atts []report.Attachment) {
	for _, f := range atts {
		a.Evidence.Files.Delete(tenantID, f.FileID)
	}
}

// storeReport keeps a checked report's files and writes the report; the
// files are removed again when the report could not be written.
func (a *App) storeReport(ctx context.Context, actor store.Actor, tenantID int64, c report.Checked, uploads []evidence.Upload) (report.Report, report.Receipt, error) {
	var err error
	if len(uploads) > 0 {
		// The files are sealed under the report's record key, made now.
		if c.RecordKey, err = a.Store.NewRecordKey(ctx); err != nil {
			return report.Report{}, "", err
		}
	}
	if c.Files, err = a.keepFiles(ctx, tenantID, c.RecordKey, uploads); err != nil {
		return report.Report{}, "", err
	}
	create := a.Store.CreateReport
	if a.Reports != nil {
		create = a.Reports.Create
	}
	r, receipt, err := create(ctx, actor, tenantID, c)
	if err != nil {
		a.dropFiles(tenantID, c.Files)
	}
	return r, receipt, err
}

// DeskFile writes a report's file to w for the desk; the read is audited
// before a byte is written. It returns the file's description for the
// answer's headers through head, called before the first byte.
func (a *App) DeskFile(ctx context.Context, u identity.User, reportID, fileID string, head func(report.Attachment), w io.Writer) error {
	if err := access.Check(u, access.HandleReports); err != nil {
		return err
	}
	f, err := a.Store.OpenAttachment(ctx, actor(u), u.TenantID, reportID, fileID)
	if err != nil {
		return err
	}
	if a.Evidence.Files == nil {
		return apperr.New(apperr.NotFound, "report.file.not_found")
	}
	// The headers go out with the first byte, so a file missing from the
	// store is still answered with a "not found" page.
	hw := &headFirst{w: w, head: func() { head(f) }}
	_, err = a.Evidence.Files.Get(ctx, u.TenantID, f.FileID, hw)
	if errors.Is(err, files.ErrNotFound) {
		return apperr.New(apperr.NotFound, "report.file.not_found")
	}
	if err == nil && hw.head != nil {
		hw.head() // an empty file
	}
	return err
}

// headFirst calls head before the first byte reaches w.
type headFirst struct {
	w    io.Writer
	head func()
}

func (h *headFirst) Write(p []byte) (int, error) {
	if h.head != nil {
		h.head()
		h.head = nil
	}
	return h.w.Write(p)
}
