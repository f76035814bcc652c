package judge

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"github.com/goprep/goprep"
)

// ProblemSource finds the problem package a submission is for.
type ProblemSource interface {
	PackageBySlug(ctx context.Context, slug string) (*Package, error)
}

// Catalog is a ProblemSource over packages loaded from disk. It is safe for
// concurrent use; Set replaces the packages (e.g. after a reload).
type Catalog struct {
	mu   sync.RWMutex
	pkgs map[string]*Package
}

// NewCatalog returns a catalog of pkgs.
func NewCatalog(pkgs []*Package) *Catalog {
	c := &Catalog{}
	c.Set(pkgs)
	return c
}

// Set replaces the catalog's packages.
func (c *Catalog) Set(pkgs []*Package) {
	m := make(map[string]*Package, len(pkgs))
	for _, p := range pkgs {
		m[p.Spec.Slug] = p
	}
	c.mu.Lock()
	c.pkgs = m
	c.mu.Unlock()
}

// PackageBySlug returns the package with slug, or ENOTFOUND.
func (c *Catalog) PackageBySlug(_ context.Context, slug string) (*Package, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	p, ok := c.pkgs[slug]
	if !ok {
		return nil, goprep.Errorf(goprep.ENOTFOUND, "problem %q not found", slug)
	}
	return p, nil
}

// Packages returns every package, in no particular order.
func (c *Catalog) Packages() []*Package {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*Package, 0, len(c.pkgs))
	for _, p := range c.pkgs {
		out = append(out, p)
	}
	return out
}

// PoolConfig configures a Pool. Judge, Store and Problems are required.
type PoolConfig struct {
	Judge    *Judge
	Store    goprep.SubmissionService
	Problems ProblemSource
	// Workers is how many submissions are judged at once (default: the
	// number of CPUs).
	Workers int
	// Owner names this process in leases (default: host-pid-random).
	Owner string
	// Lease is how long a claim lasts without renewal (default 2m); it is
	// renewed every Lease/3 while judging.
	Lease time.Duration
	// Poll is how often an idle pool looks for work (default 1s); Notify
	// wakes it at once.
	Poll time.Duration
	// MaxAttempts: after this many claims ending in the judge's own failure
	// the submission is finished as failed with verdict IE (default 3).
	MaxAttempts int
	// Registerer receives the pool's Prometheus metrics (nil: not exported).
	Registerer prometheus.Registerer
	Logger     *slog.Logger
	// OnEvent receives every stage event of every judging (SSE); it must not
	// block for long.
	OnEvent func(submissionID int64, e Event)
	// OnFinish is called after a result was stored (webhooks, caches).
	OnFinish func(s *goprep.Submission, r *Result)
}

// Pool claims submissions from the durable queue and judges them on a
// bounded number of workers.
type Pool struct {
	cfg    PoolConfig
	log    *slog.Logger
	notify chan struct{}
	busy   atomic.Int64

	queueDepth prometheus.Gauge
	busyGauge  prometheus.Gauge
	stageDur   *prometheus.HistogramVec
	judgeDur   prometheus.Histogram
	verdicts   *prometheus.CounterVec
	internal   prometheus.Counter
	lostLeases prometheus.Counter
}

// NewPool checks cfg, fills defaults and registers the metrics.
func NewPool(cfg PoolConfig) (*Pool, error) {
	if cfg.Judge == nil || cfg.Store == nil || cfg.Problems == nil {
		return nil, errors.New("judge: a pool needs a Judge, a Store and Problems")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.Owner == "" {
		host, _ := os.Hostname()
		var b [4]byte
		rand.Read(b[:])
		cfg.Owner = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 3
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := &Pool{cfg: cfg, log: log.With("owner", cfg.Owner), notify: make(chan struct{}, 1),
		queueDepth: prometheus.NewGauge(prometheus.GaugeOpts{Name: "goprep_judge_queue_depth",
			Help: "Submissions waiting to be judged (queued or with an expired lease)."}),
		busyGauge: prometheus.NewGauge(prometheus.GaugeOpts{Name: "goprep_judge_busy_workers",
			Help: "Workers judging right now."}),
		stageDur: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "goprep_judge_stage_duration_seconds",
			Help: "Duration of each pipeline stage.", Buckets: prometheus.ExponentialBuckets(0.005, 2.5, 10)}, []string{"stage"}),
		judgeDur: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "goprep_judge_duration_seconds",
			Help: "Duration of a whole judging.", Buckets: prometheus.ExponentialBuckets(0.1, 2, 10)}),
		verdicts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "goprep_judge_verdicts_total",
			Help: "Judged submissions by verdict."}, []string{"verdict"}),
		internal: prometheus.NewCounter(prometheus.CounterOpts{Name: "goprep_judge_internal_errors_total",
			Help: "Judgings that failed through the judge's own fault (retried)."}),
		lostLeases: prometheus.NewCounter(prometheus.CounterOpts{Name: "goprep_judge_lost_leases_total",
			Help: "Judgings abandoned because another worker took over the lease."}),
	}
	if cfg.Registerer != nil {
		for _, c := range []prometheus.Collector{p.queueDepth, p.busyGauge, p.stageDur, p.judgeDur, p.verdicts, p.internal, p.lostLeases} {
			if err := cfg.Registerer.Register(c); err != nil {
				return nil, fmt.Errorf("judge: register metrics: %w", err)
			}
		}
	}
	return p, nil
}

// Owner is the name this pool claims leases under.
func (p *Pool) Owner() string { return p.cfg.Owner }

// Notify wakes an idle pool (call it after queueing a submission). It never blocks.
func (p *Pool) Notify() {
	select {
	case p.notify <- struct{}{}:
	default:
	}
}

// Busy is how many workers are judging right now.
func (p *Pool) Busy() int { return int(p.busy.Load()) }

// Run claims and judges submissions until ctx is canceled, then stops
// claiming, lets running judgings end (they are canceled with ctx and their
// submissions released back to the queue) and returns nil.
func (p *Pool) Run(ctx context.Context) error {
	var g errgroup.Group
	g.SetLimit(p.cfg.Workers)
	// slots bounds the claimed submissions to the free workers: a
	// submission is claimed only when a worker can start on it at once.
	slots := make(chan struct{}, p.cfg.Workers)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for ctx.Err() == nil {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			continue
		}
		sub, err := p.cfg.Store.ClaimSubmission(ctx, p.cfg.Owner, p.cfg.Lease)
		if err != nil {
			<-slots
			if goprep.ErrorCode(err) != goprep.ENOTFOUND && ctx.Err() == nil {
				p.log.Error("claim submission", "err", err)
			}
			p.updateDepth(ctx)
			timer.Reset(p.cfg.Poll)
			select {
			case <-ctx.Done():
			case <-p.notify:
			case <-timer.C:
			}
			continue
		}
		g.Go(func() error {
			defer func() { <-slots }()
			p.process(ctx, sub)
			return nil
		})
	}
	return g.Wait()
}

func (p *Pool) updateDepth(ctx context.Context) {
	if n, err := p.cfg.Store.QueueDepth(ctx); err == nil {
		p.queueDepth.Set(float64(n))
	}
}

// process judges one claimed submission and stores the outcome.
func (p *Pool) process(ctx context.Context, sub *goprep.Submission) {
	p.busyGauge.Set(float64(p.busy.Add(1)))
	defer func() { p.busyGauge.Set(float64(p.busy.Add(-1))) }()
	log := p.log.With("submission", sub.ID, "problem", sub.ProblemSlug, "attempt", sub.Attempts)
	start := time.Now()

	jctx, cancel := context.WithCancel(ctx)
	var lost atomic.Bool
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		t := time.NewTicker(p.cfg.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-jctx.Done():
				return
			case <-t.C:
				err := p.cfg.Store.RenewLease(jctx, sub.ID, p.cfg.Owner, p.cfg.Lease)
				if goprep.ErrorCode(err) == goprep.ECONFLICT {
					lost.Store(true)
					cancel()
					return
				}
				if err != nil && jctx.Err() == nil {
					log.Warn("renew lease", "err", err)
				}
			}
		}
	}()
	prog := &progress{dirty: make(chan struct{}, 1)}
	recorded := make(chan struct{})
	go func() {
		defer close(recorded)
		p.recordProgress(jctx, sub.ID, prog, log)
	}()
	var res *Result
	pkg, err := p.cfg.Problems.PackageBySlug(jctx, sub.ProblemSlug)
	if err == nil {
		res, err = p.cfg.Judge.Run(jctx, pkg, sub.Files, RunOptions{
			PublicOnly: sub.Kind == goprep.KindRun,
			Events: func(e Event) {
				if e.Status != StatusRunning && e.Stage != StageScore {
					p.stageDur.WithLabelValues(e.Stage).Observe(float64(e.DurationMS) / 1000)
				}
				prog.add(e)
				if p.cfg.OnEvent != nil {
					p.cfg.OnEvent(sub.ID, e)
				}
			},
		})
	}
	// The last progress is stored before the result: once finished, the
	// row no longer takes progress.
	close(prog.dirty)
	<-recorded
	cancel()
	<-renewed

	// Store calls below use a context that outlives a shutdown, bounded.
	sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer scancel()
	switch {
	case lost.Load():
		p.lostLeases.Inc()
		log.Warn("lease lost to another worker; result dropped")
		return
	case ctx.Err() != nil:
		if err := p.cfg.Store.ReleaseSubmission(sctx, sub.ID, p.cfg.Owner); err != nil {
			log.Error("release on shutdown", "err", err)
		}
		return
	case err != nil:
		p.internal.Inc()
		log.Error("internal error", "err", err)
		if sub.Attempts < p.cfg.MaxAttempts {
			if err := p.cfg.Store.ReleaseSubmission(sctx, sub.ID, p.cfg.Owner); err != nil {
				log.Error("release after internal error", "err", err)
			}
			return
		}
		ie := &Result{Verdict: goprep.VerdictIE, Problem: sub.ProblemSlug, Tests: []TestResult{}, Stages: []StageResult{},
			Message: "the judge failed repeatedly on this submission; it was not scored", Sandbox: p.cfg.Judge.Level()}
		b, _ := json.Marshal(ie)
		if err := p.cfg.Store.FinishSubmission(sctx, sub.ID, p.cfg.Owner, goprep.StatusFailed, goprep.VerdictIE, 0, b); err != nil {
			log.Error("finish as failed", "err", err)
		}
		p.verdicts.WithLabelValues(string(goprep.VerdictIE)).Inc()
		return
	}
	b, err := json.Marshal(res)
	if err != nil {
		log.Error("marshal result", "err", err)
		return
	}
	score := res.Score
	if sub.Kind == goprep.KindRun {
		score = 0
	}
	if err := p.cfg.Store.FinishSubmission(sctx, sub.ID, p.cfg.Owner, goprep.StatusDone, res.Verdict, score, b); err != nil {
		if goprep.ErrorCode(err) == goprep.ECONFLICT {
			p.lostLeases.Inc()
			log.Warn("lease lost before the result was stored; dropped")
		} else {
			log.Error("finish submission", "err", err)
		}
		return
	}
	p.verdicts.WithLabelValues(string(res.Verdict)).Inc()
	p.judgeDur.Observe(time.Since(start).Seconds())
	log.Info("judged", "verdict", res.Verdict, "score", score, "ms", time.Since(start).Milliseconds())
	if p.cfg.OnFinish != nil {
		p.cfg.OnFinish(sub, res)
	}
}

// progress is the stages of one judging so far, recorded on the submission's
// row so that its event stream shows them live wherever the API server runs
// (serve, or a `goprep judge` on another machine sharing the database).
// Events only update the list and mark it dirty; recordProgress stores the
// latest list, so a slow database never holds up the judging and stages that
// end during a write go out together in the next one.
type progress struct {
	mu     sync.Mutex
	stages []goprep.StageProgress
	// dirty holds a signal when stages changed since the last write; it is
	// closed when the judging is over.
	dirty chan struct{}
}

// add records e: a stage's end replaces its running entry; the final event
// is recorded as the score stage.
func (pr *progress) add(e Event) {
	st := goprep.StageProgress{Stage: e.Stage, Status: e.Status, DurationMS: e.DurationMS, Verdict: e.Verdict, Message: e.Message}
	pr.mu.Lock()
	if n := len(pr.stages); n > 0 && pr.stages[n-1].Stage == e.Stage && pr.stages[n-1].Status == StatusRunning {
		pr.stages[n-1] = st
	} else if n < goprep.MaxProgressStages {
		pr.stages = append(pr.stages, st)
	}
	pr.mu.Unlock()
	select {
	case pr.dirty <- struct{}{}:
	default:
	}
}

// recordProgress writes pr to the store each time it changes, until
// pr.dirty is closed and the last change is written.
func (p *Pool) recordProgress(ctx context.Context, id int64, pr *progress, log *slog.Logger) {
	for range pr.dirty {
		pr.mu.Lock()
		stages := slices.Clone(pr.stages)
		pr.mu.Unlock()
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := p.cfg.Store.RecordProgress(wctx, id, p.cfg.Owner, stages)
		cancel()
		if err != nil && ctx.Err() == nil && goprep.ErrorCode(err) != goprep.ECONFLICT {
			log.Warn("record progress", "err", err)
		}
	}
}
