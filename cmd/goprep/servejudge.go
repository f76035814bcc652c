package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/catalog"
	"github.com/goprep/goprep/judge"
	"github.com/goprep/goprep/judge/sandbox"
	"github.com/goprep/goprep/server"
	"github.com/goprep/goprep/store"
)

// importCatalog loads the problems and the knowledge base from disk. A
// broken file is logged as an error; serving goes on with what loaded.
func importCatalog(ctx context.Context, cfg *config, db *store.DB, log *slog.Logger) {
	start := time.Now()
	r, err := catalog.Import(ctx, cfg.ProblemsDir, cfg.KBDir, db, db)
	if r != nil {
		log.Info("catalog imported",
			slog.String("problems_dir", cfg.ProblemsDir), slog.String("kb_dir", cfg.KBDir),
			slog.Int("problems_added", r.ProblemsAdded), slog.Int("problems_updated", r.ProblemsUpdated),
			slog.Int("problems_unchanged", r.ProblemsSame),
			slog.Int("kb_added", r.KBAdded), slog.Int("kb_updated", r.KBUpdated), slog.Int("kb_unchanged", r.KBUnchanged),
			slog.Duration("took", time.Since(start).Round(time.Millisecond)))
		for _, c := range r.Conflicts {
			log.Warn("catalog conflict: kept the API's version", slog.String("conflict", c))
		}
	}
	if err != nil {
		log.Error("catalog import incomplete: some files did not load", slog.String("error", err.Error()))
	}
	if err := db.OptimizeSearch(ctx); err != nil {
		log.Warn("optimize search indexes", slog.String("error", err.Error()))
	}
}

// judgeNotifier wakes the in-process pool, once there is one.
type judgeNotifier struct{ pool atomic.Pointer[judge.Pool] }

func (n *judgeNotifier) notify() {
	if p := n.pool.Load(); p != nil {
		p.Notify()
	}
}

// startJudge starts the judge pool in this process (unless --workers is
// negative) and returns a function that stops it and waits. When the host
// cannot sandbox, or the catalog did not load, the API keeps serving and
// /readyz reports the judge as not ready.
func startJudge(ctx context.Context, cfg *config, db *store.DB, srv *server.Server, n *judgeNotifier, log *slog.Logger) (stop func()) {
	noop := func() {}
	if cfg.Workers < 0 {
		log.Info("no judge in this process (--workers -1): run goprep judge against this database")
		return noop
	}
	notReady := func(msg string) {
		srv.AddReadinessCheck(server.ReadinessCheck{Name: "judge", Check: func(context.Context) error {
			return goprep.Errorf(goprep.EUNAVAILABLE, "%s", msg)
		}})
	}
	pkgs, err := judge.LoadCatalog(cfg.ProblemsDir)
	if err != nil {
		log.Warn("some problems did not load and will not be judged", slog.String("error", err.Error()))
	}
	if len(pkgs) == 0 {
		log.Warn("no problems loaded: the judge is not started", slog.String("problems_dir", cfg.ProblemsDir))
		return noop
	}
	runner, err := sandbox.New(sandbox.Options{Insecure: cfg.InsecureNoSandbox})
	if err != nil {
		log.Error("JUDGE NOT STARTED: this host cannot sandbox submissions; the API serves, but nothing is judged. "+
			"Fix the host (see judge/sandbox) or, on a private machine only, pass --insecure-no-sandbox.",
			slog.String("error", err.Error()))
		notReady("cannot sandbox on this host")
		return noop
	}
	switch runner.Level() {
	case sandbox.LevelNone:
		log.Warn("RUNNING UNTRUSTED CODE WITHOUT A SANDBOX (--insecure-no-sandbox): submissions can read and change this machine's files")
	case sandbox.LevelFull:
	default:
		log.Warn("sandbox weaker than full", slog.String("level", string(runner.Level())))
	}
	dataDir := cfg.JudgeData
	if dataDir == "" {
		dataDir = filepath.Join(cfg.dataDir(), "judge")
	}
	j, err := judge.New(judge.Config{DataDir: dataDir, Runner: runner, Logger: log.With("component", "judge")})
	if err != nil {
		runner.Close()
		log.Error("JUDGE NOT STARTED", slog.String("error", err.Error()))
		notReady("judge unavailable")
		return noop
	}
	pool, err := judge.NewPool(judge.PoolConfig{Judge: j, Store: db, Problems: judge.NewCatalog(pkgs),
		Workers: cfg.Workers, Registerer: srv.Registry(), Logger: log.With("component", "judge")})
	if err != nil {
		runner.Close()
		log.Error("JUDGE NOT STARTED", slog.String("error", err.Error()))
		notReady("judge unavailable")
		return noop
	}
	n.pool.Store(pool)
	// The judge is ready once the pool runs: while the build cache warms,
	// submissions queue durably and are judged (slower) — taking the whole
	// API out of rotation for that half minute would help no one. The
	// warm-up's progress is in the log.
	srv.AddReadinessCheck(server.ReadinessCheck{Name: "judge", Check: func(context.Context) error { return nil }})
	jctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		warmed := make(chan struct{})
		go func() {
			defer close(warmed)
			start := time.Now()
			if err := j.Warm(jctx); err != nil && jctx.Err() == nil {
				log.Error("judge warm-up failed; judging will build cold", slog.String("error", err.Error()))
				return
			}
			log.Info("judge build cache warm", slog.Duration("took", time.Since(start).Round(time.Millisecond)))
		}()
		log.Info("judge started", slog.String("owner", pool.Owner()), slog.Int("problems", len(pkgs)),
			slog.String("sandbox", string(j.Level())))
		if err := pool.Run(jctx); err != nil {
			log.Error("judge pool", slog.String("error", err.Error()))
		}
		<-warmed
	}()
	return func() {
		cancel()
		<-done
		runner.Close()
		log.Info("judge stopped; unfinished submissions went back to the queue")
	}
}
