package judge

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"go.uber.org/goleak"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/store"
)

// spyStore is the real store with a signal after each finish and an optional
// override of RenewLease (to take a lease away mid-judging).
type spyStore struct {
	*store.DB
	finished chan int64
	renew    func(id int64) error
}

func (s *spyStore) FinishSubmission(ctx context.Context, id int64, owner, status string, v goprep.Verdict, score float64, result json.RawMessage) error {
	err := s.DB.FinishSubmission(ctx, id, owner, status, v, score, result)
	if err == nil {
		s.finished <- id
	}
	return err
}

func (s *spyStore) RenewLease(ctx context.Context, id int64, owner string, lease time.Duration) error {
	if s.renew != nil {
		return s.renew(id)
	}
	return s.DB.RenewLease(ctx, id, owner, lease)
}

// poolFixture opens a migrated SQLite store holding a user and the
// safe-counter problem.
func poolFixture(t *testing.T) (*spyStore, *Package, int64) {
	t.Helper()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "goprep.db"), store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p := loadFixture(t, "safe-counter")
	if _, err := db.UpsertProblem(t.Context(), p.Problem()); err != nil {
		t.Fatal(err)
	}
	u := &goprep.User{Email: "pool@example.com", Name: "Pool", Role: goprep.RoleCandidate, PasswordHash: "x"}
	if err := db.CreateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	return &spyStore{DB: db, finished: make(chan int64, 100)}, p, u.ID
}

func submit(t *testing.T, s *spyStore, user int64, kind string, files map[string]string) int64 {
	t.Helper()
	sub := &goprep.Submission{UserID: user, ProblemSlug: "safe-counter", Kind: kind, Files: files}
	if err := s.CreateSubmission(t.Context(), sub); err != nil {
		t.Fatal(err)
	}
	return sub.ID
}

// blockingSource hands out packages after entered is signalled and, when
// block is set, only once ctx is done.
type blockingSource struct {
	inner   ProblemSource
	entered chan struct{}
	block   bool
	err     error
}

func (b *blockingSource) PackageBySlug(ctx context.Context, slug string) (*Package, error) {
	b.entered <- struct{}{}
	if b.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if b.err != nil {
		return nil, b.err
	}
	return b.inner.PackageBySlug(ctx, slug)
}

func runPool(t *testing.T, cfg PoolConfig) (stop func()) {
	t.Helper()
	pool, err := NewPool(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- pool.Run(ctx) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
}

func waitFinished(t *testing.T, s *spyStore, n int) map[int64]bool {
	t.Helper()
	got := map[int64]bool{}
	timeout := time.NewTimer(5 * time.Minute)
	defer timeout.Stop()
	for len(got) < n {
		select {
		case id := <-s.finished:
			if got[id] {
				t.Fatalf("submission %d finished twice", id)
			}
			got[id] = true
		case <-timeout.C:
			t.Fatalf("only %d of %d submissions finished", len(got), n)
		}
	}
	return got
}

func TestPoolJudgesEachOnce(t *testing.T) {
	j := testJudge(t)
	s, p, user := poolFixture(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	want := map[int64]goprep.Verdict{
		submit(t, s, user, goprep.KindSubmit, p.Reference):                 goprep.VerdictAC,
		submit(t, s, user, goprep.KindSubmit, p.Mutants["racy-snapshot"]):  goprep.VerdictRace,
		submit(t, s, user, goprep.KindSubmit, p.Mutants["snapshot-alias"]): goprep.VerdictWA,
		submit(t, s, user, goprep.KindRun, p.Reference):                    goprep.VerdictAC,
	}
	reg := prometheus.NewRegistry()
	var evMu sync.Mutex
	events := map[int64]int{}
	stop := runPool(t, PoolConfig{Judge: j, Store: s, Problems: NewCatalog([]*Package{p}), Workers: 2,
		Registerer: reg, Poll: 50 * time.Millisecond,
		OnEvent: func(id int64, e Event) { evMu.Lock(); events[id]++; evMu.Unlock() }})
	waitFinished(t, s, len(want))
	stop()
	for id, v := range want {
		sub, err := s.SubmissionByID(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if sub.Status != goprep.StatusDone || sub.Verdict != v || sub.Attempts != 1 {
			t.Errorf("submission %d: %s %s attempts %d, want done %s once", id, sub.Status, sub.Verdict, sub.Attempts, v)
		}
		var res Result
		if err := json.Unmarshal(sub.Result, &res); err != nil || res.Verdict != v {
			t.Errorf("stored result of %d: %v %+v", id, err, res.Verdict)
		}
		if sub.Kind == goprep.KindRun && (sub.Score != 0 || !res.PublicOnly) {
			t.Errorf("a run scored %v (public only %v)", sub.Score, res.PublicOnly)
		}
		if events[id] == 0 {
			t.Errorf("no events for %d", id)
		}
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, mf := range mfs {
		names[mf.GetName()] = true
	}
	for _, n := range []string{"goprep_judge_verdicts_total", "goprep_judge_stage_duration_seconds", "goprep_judge_queue_depth"} {
		if !names[n] {
			t.Errorf("metric %s missing", n)
		}
	}
}

func TestPoolInternalErrorIsRetriedThenFailed(t *testing.T) {
	j := testJudge(t)
	s, p, user := poolFixture(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	id := submit(t, s, user, goprep.KindSubmit, p.Reference)
	src := &blockingSource{entered: make(chan struct{}, 10), err: goprep.Errorf(goprep.EINTERNAL, "disk on fire")}
	stop := runPool(t, PoolConfig{Judge: j, Store: s, Problems: src, Workers: 1, MaxAttempts: 2, Poll: 10 * time.Millisecond})
	waitFinished(t, s, 1)
	stop()
	if len(src.entered) != 2 {
		t.Errorf("judged %d times, want 2", len(src.entered))
	}
	sub, err := s.SubmissionByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != goprep.StatusFailed || sub.Verdict != goprep.VerdictIE || sub.Score != 0 || sub.Attempts != 2 {
		t.Errorf("after repeated internal errors: %s %s %v attempts %d", sub.Status, sub.Verdict, sub.Score, sub.Attempts)
	}
}

func TestPoolShutdownReleases(t *testing.T) {
	j := testJudge(t)
	s, _, user := poolFixture(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	id := submit(t, s, user, goprep.KindSubmit, map[string]string{"counter.go": "package counter\n"})
	src := &blockingSource{entered: make(chan struct{}, 1), block: true}
	stop := runPool(t, PoolConfig{Judge: j, Store: s, Problems: src, Workers: 2, Poll: 10 * time.Millisecond})
	<-src.entered
	stop()
	sub, err := s.SubmissionByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != goprep.StatusQueued || sub.Attempts != 1 {
		t.Errorf("after shutdown: %s attempts %d, want queued", sub.Status, sub.Attempts)
	}
}

func TestPoolLostLeaseDropsResult(t *testing.T) {
	j := testJudge(t)
	s, _, user := poolFixture(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	id := submit(t, s, user, goprep.KindSubmit, map[string]string{"counter.go": "package counter\n"})
	lost := make(chan struct{}, 1)
	s.renew = func(int64) error {
		select {
		case lost <- struct{}{}:
		default:
		}
		return goprep.Errorf(goprep.ECONFLICT, "taken")
	}
	src := &blockingSource{entered: make(chan struct{}, 1), block: true}
	reg := prometheus.NewRegistry()
	pool, err := NewPool(PoolConfig{Judge: j, Store: s, Problems: src, Workers: 1, Lease: 30 * time.Millisecond,
		Poll: time.Hour, Registerer: reg})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- pool.Run(ctx) }()
	<-src.entered
	<-lost
	// The judging ends by itself once the lease is lost; wait for the worker
	// to become idle through the metric the pool exports.
	for pool.Busy() > 0 {
		select {
		case <-time.After(10 * time.Millisecond):
		case err := <-done:
			t.Fatalf("pool ended early: %v", err)
		}
	}
	cancel()
	<-done
	if got := counterValue(t, pool.lostLeases); got != 1 {
		t.Errorf("lost leases = %v, want 1", got)
	}
	sub, err := s.SubmissionByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != goprep.StatusRunning || sub.Verdict != "" {
		t.Errorf("a lost lease still stored a result: %s %s", sub.Status, sub.Verdict)
	}
}

func counterValue(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}
