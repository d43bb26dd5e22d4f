package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/identity"
	"sigap/internal/roster"
	"sigap/internal/store"
)

// maxRosterUpload bounds an uploaded roster file: a regency's 100,000
// employees take about 15 MB.
const maxRosterUpload = 64 << 20

// A roster import runs in the background, so that a long import shows its
// progress instead of holding a request open. The job, with the uploaded
// file sealed, lives in the database (store.RosterJob): its page answers
// on every instance, and "import the valid rows" needs no second upload
// and may be asked of any instance.

// jobProgress is how far a job running on this instance has come. The
// import's callback only stores numbers here: on SQLite the import holds
// the one write connection for its whole transaction, so the progress
// cannot be written to the database until it ends. Another goroutine
// copies it to the job's row as the job's beat, for the other instances.
type jobProgress struct{ done, total atomic.Int64 }

// runImport imports a job's file on this instance; it is detached from the
// request that started it, and bounded in time.
func (s *Server) runImport(id string, u identity.User, data []byte, validOnly bool) {
	st := s.app.Store
	prog := &jobProgress{}
	s.runningJobs.Store(id, prog)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		stopBeat := make(chan struct{})
		go func() {
			beat := time.NewTicker(store.RosterJobBeat)
			defer beat.Stop()
			for {
				select {
				case <-stopBeat:
					return
				case <-beat.C:
				}
				// Bounded, so that a beat waiting for SQLite's writer does
				// not pile up behind the import it reports on.
				bctx, done := context.WithTimeout(ctx, store.RosterJobBeat)
				_ = st.RosterJobProgress(bctx, id, int(prog.done.Load()), int(prog.total.Load()))
				done()
			}
		}()
		res, problems, err := s.app.ImportEmployees(ctx, u, bytes.NewReader(data), validOnly, func(done, total int) {
			prog.done.Store(int64(done))
			prog.total.Store(int64(total))
		})
		close(stopBeat)
		if err != nil && apperr.CodeOf(err) == apperr.Internal {
			s.log.Error("roster import", "tenant", u.TenantID, "err", apperr.As(err).Err)
		}
		if err := st.FinishRosterJob(context.Background(), id, res, problems, err); err != nil {
			s.log.Error("roster import: recording the outcome", "tenant", u.TenantID, "err", err)
		}
		s.runningJobs.Delete(id)
	}()
}

type importFormData struct {
	Imports []roster.Import
	Columns []string
}

func (s *Server) employeeImportForm(w http.ResponseWriter, r *http.Request) {
	imports, err := s.app.EmployeeImports(r.Context(), stateOf(r).user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "employee_import", s.page(w, r, "import.title", importFormData{Imports: imports, Columns: roster.Header}))
}

// employeeImportTemplate downloads an empty file with the documented header.
func (s *Server) employeeImportTemplate(w http.ResponseWriter, r *http.Request) {
	if !s.can(w, r, access.ManageRoster) {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="daftar-pegawai.csv"`)
	roster.WriteCSV(w, nil)
}

func (s *Server) employeeImportStart(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user
	if err := s.app.CheckImport(u); err != nil {
		s.fail(w, r, err)
		return
	}
	formErr := func(key string) {
		p := s.page(w, r, "import.title", importFormData{Columns: roster.Header})
		s.formError(w, r, "employee_import", p, apperr.InvalidField("file", key, nil))
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			formErr("import.file.too_big")
		} else {
			formErr("import.file.missing")
		}
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxRosterUpload+1))
	if err != nil || len(data) > maxRosterUpload {
		formErr("import.file.too_big")
		return
	}
	if len(bytes.TrimSpace(data)) == 0 {
		formErr("import.file.missing")
		return
	}
	id, err := s.app.StartRosterJob(r.Context(), u, data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.runImport(id, u, data, r.PostFormValue("valid_only") == "1")
	http.Redirect(w, r, "/admin/employees/import/"+id, http.StatusSeeOther)
}

type importJobData struct {
	ID        string
	Running   bool
	Percent   int
	Done      int
	Total     int
	Result    roster.Import
	Problems  []problemView
	More      int
	Failed    string // the message of an error that stopped the import
	Imported  bool
	CanRetry  bool // problems were found and nothing was imported
	ProblemsN int
}

type problemView struct {
	Line    int
	Column  string
	Message string
}

func (s *Server) employeeImportJob(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user
	if !s.can(w, r, access.ManageRoster) {
		return
	}
	job, err := s.app.RosterJob(r.Context(), u, r.PathValue("job"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(w, r, "import.title", nil)
	d := importJobData{ID: job.PublicID, Running: job.Running, Done: job.Done, Total: job.Total, Result: job.Result}
	if job.Total > 0 {
		d.Percent = job.Done * 100 / job.Total
	}
	if local, ok := s.runningJobs.Load(job.PublicID); ok {
		// Running here: the numbers in memory are the newest.
		prog := local.(*jobProgress)
		d.Running, d.Done, d.Total = true, int(prog.done.Load()), int(prog.total.Load())
		d.Percent = 0
		if d.Total > 0 {
			d.Percent = d.Done * 100 / d.Total
		}
	} else if job.Interrupted(s.app.Store.Now()) {
		d.Running, job.ErrKey, job.ErrArgs = false, "import.job.interrupted", nil
	}
	if job.ErrKey != "" {
		d.Failed = s.cat.T(p.Lang, job.ErrKey, job.ErrArgs)
	}
	d.ProblemsN = len(job.Problems)
	for i, pr := range job.Problems {
		if i == roster.MaxProblems {
			d.More = len(job.Problems) - i
			break
		}
		d.Problems = append(d.Problems, problemView{Line: pr.Line, Column: pr.Column, Message: s.cat.T(p.Lang, pr.Key, pr.Args)})
	}
	d.Imported = !d.Running && job.ErrKey == "" && job.Result.ID != 0
	d.CanRetry = !d.Running && job.ErrKey == "" && job.Result.ID == 0 && len(job.Problems) > 0 && job.HasData
	if d.Running {
		// Reload every second until done; works without JavaScript.
		w.Header().Set("Refresh", "1")
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "employee_import_job", p)
}

// employeeImportValidOnly imports the rows without problems of a file
// whose check found problems.
func (s *Server) employeeImportValidOnly(w http.ResponseWriter, r *http.Request) {
	u := stateOf(r).user
	if err := s.app.CheckImport(u); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("job")
	data, taken, err := s.app.RestartRosterJob(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if taken { // a second click, here or on another instance, starts nothing
		s.runImport(id, u, data, true)
	}
	http.Redirect(w, r, "/admin/employees/import/"+id, http.StatusSeeOther)
}
