package store

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"sigap/internal/apperr"
	"sigap/internal/audit"
	"sigap/internal/report"
)

// ReportWriter stores reports in groups. Reports are prepared (hashed and
// sealed) by the goroutines of their requests; one goroutine then takes
// whatever reports are waiting, up to MaxBatch, writes them in one
// transaction with one audit-chain lock per government and one commit,
// and answers each request only after that commit. Under load the groups
// grow by themselves while the previous one commits; alone, a report is
// written at once. A full queue is refused at once (TooMany), so a surge
// is answered politely instead of waiting without end, and no receipt is
// ever shown for a report that was not committed.
type ReportWriter struct {
	s        *Store
	jobs     chan *reportJob
	maxBatch int
	stopped  chan struct{}
}

type reportJob struct {
	n    *newReport
	done chan error
}

// NewReportWriter starts a writer with room for queue waiting reports; it
// runs until ctx ends, after finishing the group it is writing.
func (s *Store) NewReportWriter(ctx context.Context, queue, maxBatch int) *ReportWriter {
	w := &ReportWriter{s: s, jobs: make(chan *reportJob, queue), maxBatch: maxBatch, stopped: make(chan struct{})}
	go w.run(ctx)
	return w
}

// Stopped is closed when the writer has stopped.
func (w *ReportWriter) Stopped() <-chan struct{} { return w.stopped }

// Create stores a report as CreateReport does, in a group.
func (w *ReportWriter) Create(ctx context.Context, a Actor, tenantID int64, c report.Checked) (report.Report, report.Receipt, error) {
	n, err := w.s.prepareReport(ctx, a, tenantID, c)
	if err != nil {
		return report.Report{}, "", err
	}
	job := &reportJob{n: n, done: make(chan error, 1)}
	select {
	case <-w.stopped:
		return report.Report{}, "", apperr.New(apperr.TooMany, "report.busy")
	default:
	}
	select {
	case w.jobs <- job:
	default:
		return report.Report{}, "", apperr.New(apperr.TooMany, "report.busy")
	}
	// Once queued, the report is the writer's: it commits or fails within
	// its own time limit, and the request waits for that answer whatever
	// becomes of its own context. Answering early would tell a sender
	// "not saved" about a report that is then saved.
	select {
	case err = <-job.done:
	case <-w.stopped:
		// The writer drains its queue before it stops: a job it did not
		// answer came in after, and was not written.
		select {
		case err = <-job.done:
		default:
			return report.Report{}, "", apperr.New(apperr.TooMany, "report.busy")
		}
	}
	if err != nil {
		return report.Report{}, "", apperr.Wrap(err, "create report")
	}
	return n.r, n.receipt, nil
}

func (w *ReportWriter) run(ctx context.Context) {
	defer close(w.stopped)
	for {
		var first *reportJob
		select {
		case <-ctx.Done():
			w.drain()
			return
		case first = <-w.jobs:
		}
		batch := w.gather(first)
		w.write(batch)
		// A checkpoint that cannot finish now (readers in the way) is
		// tried again after the next group.
		_ = w.s.db.TrimWAL(context.Background())
	}
}

// gather takes the reports already waiting behind first, up to a group.
func (w *ReportWriter) gather(first *reportJob) []*reportJob {
	batch := []*reportJob{first}
	for len(batch) < w.maxBatch {
		select {
		case j := <-w.jobs:
			batch = append(batch, j)
		default:
			return batch
		}
	}
	return batch
}

// drain writes what is still queued when the writer stops, so that no
// request waiting for its commit is dropped.
func (w *ReportWriter) drain() {
	for {
		select {
		case j := <-w.jobs:
			w.write(w.gather(j))
		default:
			return
		}
	}
}

// write commits a group, or, when the group fails, each report alone, so
// that one bad report does not fail the others.
func (w *ReportWriter) write(batch []*reportJob) {
	err := w.writeGroup(batch)
	if err != nil && len(batch) > 1 {
		for _, j := range batch {
			j.done <- w.writeGroup([]*reportJob{j})
		}
		return
	}
	for _, j := range batch {
		j.done <- err
	}
}

func (w *ReportWriter) writeGroup(batch []*reportJob) error {
	// The write is detached from the requests: a sender who leaves must not
	// cancel a commit the others wait for.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	byTenant := map[int64][]auditEntry{}
	return w.s.db.Tx(ctx, func(tx *sql.Tx) error {
		// Reports in government order, so that every chain lock (those
		// of sealed identities too) is taken in one order by every writer
		// of every instance.
		ns := make([]*newReport, len(batch))
		for i, j := range batch {
			ns[i] = j.n
		}
		sort.SliceStable(ns, func(a, b int) bool { return ns[a].r.TenantID < ns[b].r.TenantID })
		for _, j := range batch {
			t := j.n.r.TenantID
			byTenant[t] = append(byTenant[t], auditEntry{a: j.n.a, action: "report.create", objType: "report", objID: j.n.r.PublicID})
		}
		if err := w.s.insertReports(ctx, tx, ns); err != nil {
			return err
		}
		tenants := make([]int64, 0, len(byTenant))
		for t := range byTenant {
			tenants = append(tenants, t)
		}
		sort.Slice(tenants, func(i, k int) bool { return tenants[i] < tenants[k] })
		for _, t := range tenants {
			if err := w.s.auditMany(ctx, tx, t, byTenant[t]); err != nil {
				return err
			}
		}
		return nil
	})
}

// auditEntry is one event for auditMany.
type auditEntry struct {
	a                      Actor
	action, objType, objID string
}

// auditMany appends several events to a chain under one lock of its head,
// with one multi-row insert.
func (s *Store) auditMany(ctx context.Context, tx *sql.Tx, chain int64, entries []auditEntry) error {
	seq, head, err := s.lockChainHead(ctx, tx, chain)
	if err != nil {
		return err
	}
	const cols = 10
	args := make([]any, 0, len(entries)*cols)
	var last audit.Event
	for _, en := range entries {
		e := audit.Event{Chain: chain, At: s.Now(), ActorID: en.a.UserID, Action: en.action, ObjectType: en.objType, ObjectID: en.objID}
		e.Next(seq, head)
		seq, head, last = e.Seq, e.Hash, e
		args = append(args, e.Chain, e.Seq, nullID(chain), e.At, e.ActorID, e.Action, e.ObjectType, e.ObjectID, e.PrevHash, e.Hash)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_events (chain, seq, tenant_id, at, actor_id, action, object_type, object_id, prev_hash, hash)
		VALUES `+s.db.Rows(len(entries), cols), args...); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE audit_heads SET seq = $2, hash = $3 WHERE chain = $1`, last.Chain, last.Seq, last.Hash)
	return err
}
