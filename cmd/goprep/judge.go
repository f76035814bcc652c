package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/goprep/goprep/judge"
	"github.com/goprep/goprep/store"
)

func init() {
	commands["judge"] = command{
		summary: "run judge workers only, against a shared database: judge --db postgres://…",
		run:     runJudge,
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func runJudge(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("judge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("db", envOr("GOPREP_DB", ""), "database: postgres://… or a SQLite path (env GOPREP_DB)")
	problems := fs.String("problems", envOr("GOPREP_PROBLEMS", "problems"), "the problem catalog folder (env GOPREP_PROBLEMS)")
	defWorkers, _ := strconv.Atoi(os.Getenv("GOPREP_WORKERS"))
	workers := fs.Int("workers", defWorkers, "submissions judged at once (default: the number of CPUs; env GOPREP_WORKERS)")
	lease := fs.Duration("lease", 2*time.Minute, "how long a claim lasts without renewal")
	poll := fs.Duration("poll", time.Second, "how often an idle worker looks for work")
	owner := fs.String("owner", os.Getenv("GOPREP_JUDGE_OWNER"), "this process's name in leases (default host-pid-random)")
	metricsAddr := fs.String("metrics-addr", os.Getenv("GOPREP_METRICS_ADDR"), "serve Prometheus /metrics on this address (e.g. :9090)")
	migrate := fs.Bool("migrate", false, "apply database migrations first")
	var jf judgeFlags
	jf.register(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dsn == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: goprep judge --db postgres://… [--workers N] [--problems DIR] [--metrics-addr :9090]")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	db, err := store.Open(ctx, *dsn, store.Options{Migrate: *migrate, Logger: log})
	if err != nil {
		log.Error("open database", "err", errText(err))
		return 1
	}
	defer db.Close()
	pkgs, err := judge.LoadCatalog(*problems)
	if err != nil {
		log.Warn("some problems did not load and will not be judged", "err", err)
	}
	if len(pkgs) == 0 {
		log.Error("no problems loaded", "dir", *problems)
		return 1
	}
	j, runner, err := jf.newJudge(stderr)
	if err != nil {
		log.Error("judge", "err", errText(err))
		return 1
	}
	defer runner.Close()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	pool, err := judge.NewPool(judge.PoolConfig{Judge: j, Store: db, Problems: judge.NewCatalog(pkgs),
		Workers: *workers, Owner: *owner, Lease: *lease, Poll: *poll, Registerer: reg, Logger: log})
	if err != nil {
		log.Error("pool", "err", err)
		return 1
	}
	if *metricsAddr != "" {
		srv := &http.Server{Addr: *metricsAddr, Handler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
			ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("metrics server", "err", err)
			}
		}()
		defer srv.Close()
	}
	log.Info("judge starting", "owner", pool.Owner(), "problems", len(pkgs), "sandbox", j.Level())
	warmed := make(chan struct{})
	go func() {
		defer close(warmed)
		start := time.Now()
		if err := j.Warm(ctx); err != nil && ctx.Err() == nil {
			log.Error("warm-up failed; judging will build cold", "err", err)
			return
		}
		log.Info("build cache warm", "took", time.Since(start).Round(time.Millisecond))
	}()
	err = pool.Run(ctx)
	<-warmed
	if err != nil {
		log.Error("pool", "err", err)
		return 1
	}
	log.Info("judge stopped; unfinished submissions were returned to the queue")
	return 0
}
