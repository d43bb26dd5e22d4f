package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/identity"
	"sigap/internal/roster"
)

// maxRosterUpload bounds an uploaded roster file: a regency's 100,000
// employees take about 15 MB.
const maxRosterUpload = 64 << 20

// importJob is one roster import running in the background, so that a long
// import shows its progress instead of holding a request open. The file
// stays in memory for the job's life, so that "import the valid rows" needs
// no second upload. Jobs live in this instance's memory: the result that
// matters, the roster and the import record, is in the database.
type importJob struct {
	mu       sync.Mutex
	tenantID int64
	userID   int64
	data     []byte
	started  time.Time
	done     int
	total    int
	running  bool
	result   roster.Import
	problems []roster.Problem
	err      error
	finished time.Time
}

type importJobs struct {
	mu   sync.Mutex
	jobs map[string]*importJob
}

// jobLife is how long a finished job's page stays available.
const jobLife = time.Hour

func (j *importJobs) add(job *importJob) string {
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.jobs == nil {
		j.jobs = map[string]*importJob{}
	}
	for k, old := range j.jobs {
		old.mu.Lock()
		stale := !old.running && time.Since(old.finished) > jobLife
		old.mu.Unlock()
		if stale {
			delete(j.jobs, k)
		}
	}
	j.jobs[id] = job
	return id
}

// get returns the job if it belongs to the user.
func (j *importJobs) get(id string, u identity.User) *importJob {
	j.mu.Lock()
	defer j.mu.Unlock()
	job := j.jobs[id]
	if job == nil || job.tenantID != u.TenantID || job.userID != u.ID {
		return nil
	}
	return job
}

// run imports the job's file; it is detached from the request that started
// it, and bounded in time.
// A job runs once, and once more with validOnly after its check found
// problems; a second click while it runs starts nothing.
func (s *Server) runImport(job *importJob, u identity.User, validOnly bool) {
	job.mu.Lock()
	if job.running || job.result.ID != 0 {
		job.mu.Unlock()
		return
	}
	job.running, job.done, job.total, job.err, job.problems = true, 0, 0, nil, nil
	job.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		res, problems, err := s.app.ImportEmployees(ctx, u, bytes.NewReader(job.data), validOnly, func(done, total int) {
			job.mu.Lock()
			job.done, job.total = done, total
			job.mu.Unlock()
		})
		if err != nil && apperr.CodeOf(err) == apperr.Internal {
			s.log.Error("roster import", "tenant", u.TenantID, "err", apperr.As(err).Err)
		}
		job.mu.Lock()
		job.result, job.problems, job.err, job.running, job.finished = res, problems, err, false, time.Now()
		if res.ID != 0 || err != nil {
			job.data = nil // kept only while "import the valid rows" may still be asked for
		}
		job.mu.Unlock()
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
	job := &importJob{tenantID: u.TenantID, userID: u.ID, data: data, started: time.Now()}
	id := s.imports.add(job)
	s.runImport(job, u, r.PostFormValue("valid_only") == "1")
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
	job := s.imports.get(r.PathValue("job"), u)
	if job == nil {
		s.fail(w, r, apperr.New(apperr.NotFound, "import.job.not_found"))
		return
	}
	p := s.page(w, r, "import.title", nil)
	job.mu.Lock()
	d := importJobData{ID: r.PathValue("job"), Running: job.running, Done: job.done, Total: job.total, Result: job.result}
	if job.total > 0 {
		d.Percent = job.done * 100 / job.total
	}
	if job.err != nil {
		d.Failed = s.cat.T(p.Lang, apperr.As(job.err).Key, apperr.As(job.err).Args)
	}
	d.ProblemsN = len(job.problems)
	for i, pr := range job.problems {
		if i == roster.MaxProblems {
			d.More = len(job.problems) - i
			break
		}
		d.Problems = append(d.Problems, problemView{Line: pr.Line, Column: pr.Column, Message: s.cat.T(p.Lang, pr.Key, pr.Args)})
	}
	d.Imported = !job.running && job.err == nil && job.result.ID != 0
	d.CanRetry = !job.running && job.err == nil && job.result.ID == 0 && len(job.problems) > 0
	job.mu.Unlock()
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
	job := s.imports.get(id, u)
	if job == nil {
		s.fail(w, r, apperr.New(apperr.NotFound, "import.job.not_found"))
		return
	}
	s.runImport(job, u, true)
	http.Redirect(w, r, "/admin/employees/import/"+id, http.StatusSeeOther)
}
