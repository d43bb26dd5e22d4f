package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/roster"
	"sigap/internal/vault"
)

// RosterJob is a roster import started from the browser. It lives in the
// database, so that any instance shows its page and can run its second
// step ("import the valid rows"), and a job whose instance died is seen
// as interrupted rather than running for ever.
type RosterJob struct {
	PublicID   string
	TenantID   int64
	UserID     int64
	Running    bool
	Done       int
	Total      int
	Result     roster.Import
	Problems   []roster.Problem
	ErrKey     string // the message of an error that stopped the import
	ErrArgs    map[string]any
	HasData    bool // the file is still kept, for "import the valid rows"
	BeatAt     time.Time
	CreatedAt  time.Time
	FinishedAt time.Time
}

// RosterJobBeat is how often a running job's instance says it is alive;
// a job silent for RosterJobSilence has lost its instance.
const (
	RosterJobBeat    = 5 * time.Second
	RosterJobSilence = 30 * time.Second
)

// Interrupted reports whether the job's instance stopped while running it
// (as of now). Its import is one transaction, so nothing of it was written.
func (j RosterJob) Interrupted(now time.Time) bool {
	return j.Running && now.Sub(j.BeatAt) > RosterJobSilence
}

func rosterJobPlace(tenantID int64, publicID string) vault.Place {
	return vault.Place{TenantID: tenantID, Table: "roster_jobs", Column: "data_enc", RowKey: publicID}
}

// CreateRosterJob keeps an uploaded roster file, sealed, as a running job
// of the user, and returns its ID.
func (s *Store) CreateRosterJob(ctx context.Context, tenantID, userID int64, data []byte) (string, error) {
	id := newPublicID()
	sealed, err := s.keys.Seal(ctx, rosterJobPlace(tenantID, id), vault.NewSecretBytes(data))
	if err != nil {
		return "", apperr.Wrap(err, "seal roster file")
	}
	now := s.Now()
	_, err = s.db.W.ExecContext(ctx, `INSERT INTO roster_jobs (public_id, tenant_id, user_id, data_enc, state, beat_at, created_at) VALUES ($1, $2, $3, $4, 'running', $5, $5)`,
		id, tenantID, userID, sealed, now)
	return id, apperr.Wrap(err, "create roster job")
}

// RosterJob returns a job of the user (NotFound for anyone else's).
func (s *Store) RosterJob(ctx context.Context, tenantID, userID int64, publicID string) (RosterJob, error) {
	j := RosterJob{PublicID: publicID, TenantID: tenantID, UserID: userID}
	var state, result, problems, errArgs string
	var finished sql.NullTime
	err := s.db.R.QueryRowContext(ctx, `SELECT state, done, total, result, problems, error_key, error_args, data_enc IS NOT NULL, beat_at, created_at, finished_at
		FROM roster_jobs WHERE public_id = $1 AND tenant_id = $2 AND user_id = $3`, publicID, tenantID, userID).
		Scan(&state, &j.Done, &j.Total, &result, &problems, &j.ErrKey, &errArgs, &j.HasData, &j.BeatAt, &j.CreatedAt, &finished)
	if err != nil {
		return j, notFound(err, "import.job.not_found", "roster job")
	}
	j.Running, j.FinishedAt = state == "running", finished.Time
	if result != "" {
		if err := json.Unmarshal([]byte(result), &j.Result); err != nil {
			return j, apperr.Wrap(err, "roster job result")
		}
	}
	if problems != "" {
		if err := json.Unmarshal([]byte(problems), &j.Problems); err != nil {
			return j, apperr.Wrap(err, "roster job problems")
		}
		for i := range j.Problems {
			j.Problems[i].Args = wholeNumbers(j.Problems[i].Args)
		}
	}
	if errArgs != "" {
		if err := json.Unmarshal([]byte(errArgs), &j.ErrArgs); err != nil {
			return j, apperr.Wrap(err, "roster job error")
		}
		j.ErrArgs = wholeNumbers(j.ErrArgs)
	}
	return j, nil
}

// wholeNumbers turns the float64 that JSON gives back for every number
// into int where it is whole, as the messages' arguments were.
func wholeNumbers(m map[string]any) map[string]any {
	for k, v := range m {
		if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			m[k] = int(f)
		}
	}
	return m
}

// RosterJobFile opens the file of a job of the user.
func (s *Store) RosterJobFile(ctx context.Context, tenantID, userID int64, publicID string) ([]byte, error) {
	var enc vault.Ciphertext
	err := s.db.R.QueryRowContext(ctx, `SELECT data_enc FROM roster_jobs WHERE public_id = $1 AND tenant_id = $2 AND user_id = $3 AND data_enc IS NOT NULL`,
		publicID, tenantID, userID).Scan(&enc)
	if err != nil {
		return nil, notFound(err, "import.job.not_found", "roster job file")
	}
	sec, err := s.keys.Open(ctx, rosterJobPlace(tenantID, publicID), enc)
	if err != nil {
		return nil, apperr.Wrap(err, "open roster file")
	}
	return sec.Bytes(), nil
}

// RestartRosterJob takes a finished job whose check found problems and
// imported nothing for its second step, and reports whether it was taken:
// of two clicks, on one instance or two, one starts it.
func (s *Store) RestartRosterJob(ctx context.Context, tenantID, userID int64, publicID string) (bool, error) {
	res, err := s.db.W.ExecContext(ctx, `UPDATE roster_jobs SET state = 'running', done = 0, total = 0, problems = '', error_key = '', error_args = '',
		beat_at = $4, finished_at = NULL
		WHERE public_id = $1 AND tenant_id = $2 AND user_id = $3 AND state = 'finished' AND result = '' AND error_key = '' AND data_enc IS NOT NULL`,
		publicID, tenantID, userID, s.Now())
	if err != nil {
		return false, apperr.Wrap(err, "restart roster job")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.Wrap(err, "restart roster job")
}

// RosterJobProgress records how far a running job has come, which is also
// a sign of life.
func (s *Store) RosterJobProgress(ctx context.Context, publicID string, done, total int) error {
	_, err := s.db.W.ExecContext(ctx, `UPDATE roster_jobs SET done = $2, total = $3, beat_at = $4 WHERE public_id = $1 AND state = 'running'`,
		publicID, done, total, s.Now())
	return apperr.Wrap(err, "roster job progress")
}

// BeatRosterJob says that the instance running a job is alive.
func (s *Store) BeatRosterJob(ctx context.Context, publicID string) error {
	_, err := s.db.W.ExecContext(ctx, `UPDATE roster_jobs SET beat_at = $2 WHERE public_id = $1 AND state = 'running'`, publicID, s.Now())
	return apperr.Wrap(err, "roster job beat")
}

// FinishRosterJob records a job's outcome. The file is dropped once it
// imported or failed: it is kept only while "import the valid rows" may
// still be asked for.
func (s *Store) FinishRosterJob(ctx context.Context, publicID string, res roster.Import, problems []roster.Problem, jobErr error) error {
	result := ""
	if res.ID != 0 {
		b, err := json.Marshal(res)
		if err != nil {
			return apperr.Wrap(err, "roster job result")
		}
		result = string(b)
	}
	probs := ""
	if len(problems) > 0 {
		b, err := json.Marshal(problems)
		if err != nil {
			return apperr.Wrap(err, "roster job problems")
		}
		probs = string(b)
	}
	errKey, errArgs := "", ""
	if jobErr != nil {
		ae := apperr.As(jobErr)
		errKey = ae.Key
		if len(ae.Args) > 0 {
			b, err := json.Marshal(ae.Args)
			if err != nil {
				return apperr.Wrap(err, "roster job error")
			}
			errArgs = string(b)
		}
	}
	drop := `data_enc`
	if result != "" || errKey != "" {
		drop = `NULL`
	}
	_, err := s.db.W.ExecContext(ctx, `UPDATE roster_jobs SET state = 'finished', result = $2, problems = $3, error_key = $4, error_args = $5,
		finished_at = $6, beat_at = $6, data_enc = `+drop+` WHERE public_id = $1`, publicID, result, probs, errKey, errArgs, s.Now())
	return apperr.Wrap(err, "finish roster job")
}

// PurgeRosterJobs forgets jobs finished, or silent, before the given time.
func (s *Store) PurgeRosterJobs(ctx context.Context, before time.Time) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM roster_jobs WHERE (state = 'finished' AND finished_at < $1) OR beat_at < $1`, before)
	return apperr.Wrap(err, "purge roster jobs")
}
