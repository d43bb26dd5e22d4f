package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"sigap/internal/apperr"
	"sigap/internal/evidence"
)

// maxEvidenceBody bounds a form that may carry evidence: the files at
// their largest and the text around them. The whole body is kept in
// memory, never in a temporary file, since nothing unencrypted may reach
// the disk.
const maxEvidenceBody = int64(5*10<<20 + 1<<20)

// maxEvidenceJSON is the same for the API, whose files come in base64.
const maxEvidenceJSON = int64(5*14<<20 + 1<<20)

// evidenceLimit is the body limit of a request that may carry evidence
// files, 0 for any other.
func evidenceLimit(r *http.Request) int64 {
	p := r.URL.Path
	switch {
	case r.Method != http.MethodPost:
		return 0
	case strings.HasPrefix(p, "/lapor/") || p == "/reports/new" || strings.HasPrefix(p, "/pledges/campaigns/") && strings.HasSuffix(p, "/paper"),
		strings.HasPrefix(p, "/guidance/") && strings.HasSuffix(p, "/materials"):
		return maxEvidenceBody
	case strings.HasPrefix(p, "/api/v1/public/") || p == "/api/v1/reports":
		return maxEvidenceJSON
	}
	return 0
}

// parseReportForm reads a report form, multipart or not; a body over the
// limit is an input error the user can act on.
func parseReportForm(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(maxEvidenceBody)
	} else {
		err = r.ParseForm()
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return apperr.New(apperr.Invalid, "lapor.too_large")
	case err != nil:
		return apperr.New(apperr.Invalid, "error.bad_form")
	}
	return nil
}

// uploadsFrom reads the files of the form's "files" field. A file input
// left empty sends a part with no name and no bytes, which is skipped.
func uploadsFrom(r *http.Request) ([]evidence.Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []evidence.Upload
	for _, h := range r.MultipartForm.File["files"] {
		if h.Filename == "" && h.Size == 0 {
			continue
		}
		f, err := h.Open()
		if err != nil {
			return nil, apperr.Wrap(err, "open upload")
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, apperr.Wrap(err, "read upload")
		}
		out = append(out, evidence.Upload{Name: h.Filename, Data: data})
	}
	return out, nil
}
