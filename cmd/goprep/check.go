package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/judge"
	"github.com/goprep/goprep/judge/sandbox"
)

func init() {
	commands["check"] = command{
		summary: "judge a solution locally: check --problem DIR --solution DIR [--json]",
		run:     runCheck,
	}
}

// judgeFlags are the flags every command that builds a judge shares.
type judgeFlags struct {
	dataDir  string
	insecure bool
}

func (f *judgeFlags) register(fs *flag.FlagSet) {
	def := os.Getenv("GOPREP_JUDGE_DATA")
	if def == "" {
		def = filepath.Join("data", "judge")
	}
	fs.StringVar(&f.dataDir, "judge-data", def, "the judge's build cache, module cache and work dirs (env GOPREP_JUDGE_DATA)")
	fs.BoolVar(&f.insecure, "insecure-no-sandbox", os.Getenv("GOPREP_INSECURE_NO_SANDBOX") == "1",
		"run untrusted code without isolation when the host cannot isolate (env GOPREP_INSECURE_NO_SANDBOX=1)")
}

// newJudge builds the sandbox runner and the judge; the caller closes the runner.
func (f *judgeFlags) newJudge(stderr io.Writer) (*judge.Judge, sandbox.Runner, error) {
	runner, err := sandbox.New(sandbox.Options{Insecure: f.insecure})
	if err != nil {
		return nil, nil, err
	}
	if runner.Level() == sandbox.LevelNone {
		fmt.Fprintln(stderr, "WARNING: running untrusted code WITHOUT a sandbox (--insecure-no-sandbox): it can read and change your files")
	} else if runner.Level() != sandbox.LevelFull {
		fmt.Fprintf(stderr, "warning: sandbox level %s is weaker than full: %s\n", runner.Level(), sandbox.Detect().Missing)
	}
	j, err := judge.New(judge.Config{DataDir: f.dataDir, Runner: runner,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		runner.Close()
		return nil, nil, err
	}
	return j, runner, nil
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	problem := fs.String("problem", "", "the problem folder, e.g. problems/safe-counter")
	solution := fs.String("solution", "", "the folder with your .go files")
	asJSON := fs.Bool("json", false, "print the whole result as JSON")
	public := fs.Bool("public", false, "run the public tests only (like the web UI's Run button)")
	var jf judgeFlags
	jf.register(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *problem == "" || *solution == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: goprep check --problem DIR --solution DIR [--json] [--insecure-no-sandbox]")
		return 2
	}
	p, err := judge.LoadPackage(*problem)
	if err != nil {
		fmt.Fprintf(stderr, "goprep check: %v\n", errText(err))
		return 2
	}
	files, err := readSolution(*solution)
	if err != nil {
		fmt.Fprintf(stderr, "goprep check: %v\n", err)
		return 2
	}
	j, runner, err := jf.newJudge(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "goprep check: %v\n", errText(err))
		return 1
	}
	defer runner.Close()
	var events func(judge.Event)
	if !*asJSON {
		events = func(e judge.Event) {
			if e.Status == judge.StatusRunning && e.Stage == judge.StageBuild && !j.WarmState().Warm {
				fmt.Fprintln(stderr, "building (the first build fills the judge's cache and can take a minute)…")
			}
		}
	}
	res, err := j.Run(ctx, p, files, judge.RunOptions{PublicOnly: *public, Events: events})
	if err != nil {
		fmt.Fprintf(stderr, "goprep check: internal error: %v\n", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
	} else {
		printResult(stdout, res)
	}
	if res.Verdict != goprep.VerdictAC {
		return 1
	}
	return 0
}

func errText(err error) string {
	var e *goprep.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// readSolution reads the .go files (not tests) directly in dir.
func readSolution(dir string) (map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string]string{}
	total := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		total += len(b)
		if total > 4*goprep.MaxSubmissionBytes {
			return nil, fmt.Errorf("%s: the .go files are too large", dir)
		}
		files[e.Name()] = string(b)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds no .go files", dir)
	}
	return files, nil
}

// printResult writes a result for a person: verdict, stages, evidence.
func printResult(w io.Writer, r *judge.Result) {
	printSummary(w, r)
	fmt.Fprintln(w, "\nstages")
	for _, s := range r.Stages {
		printStage(w, s)
	}
	printTotals(w, r)
	printEvidence(w, r)
}

// printSummary writes the problem, the sandbox and the verdict.
func printSummary(w io.Writer, r *judge.Result) {
	fmt.Fprintf(w, "problem  %s (version %.12s)\n", r.Problem, r.ProblemHash)
	if r.Insecure {
		fmt.Fprintf(w, "sandbox  %s — NO ISOLATION (--insecure-no-sandbox)\n", r.Sandbox)
	} else {
		fmt.Fprintf(w, "sandbox  %s\n", r.Sandbox)
	}
	if r.PublicOnly {
		fmt.Fprintf(w, "verdict  %s (public tests only, not scored)\n", r.Verdict)
	} else {
		fmt.Fprintf(w, "verdict  %s   score %g/%g\n", r.Verdict, r.Score, r.MaxScore)
	}
	if r.Message != "" {
		fmt.Fprintf(w, "         %s\n", r.Message)
	}
}

// printStage writes one line of the stages list.
func printStage(w io.Writer, s judge.StageResult) {
	line := fmt.Sprintf("  %-9s %-8s %6d ms", s.Name, s.Status, s.DurationMS)
	if s.Verdict != "" {
		line += "  " + string(s.Verdict)
	}
	if s.Status == judge.StatusSkipped && s.Message != "" {
		line += "  (" + s.Message + ")"
	}
	fmt.Fprintln(w, line)
}

// printTotals writes the resources the judging used.
func printTotals(w io.Writer, r *judge.Result) {
	fmt.Fprintf(w, "  time %d ms, cpu %d ms, memory %.1f MiB, judged in %d ms\n", r.TimeMS, r.CPUTimeMS, float64(r.MemoryBytes)/(1<<20), r.JudgeMS)
}

// printEvidence writes what explains the verdict: rejections, compile
// errors, tests, the race report, leaked goroutines, benchmarks, a crash.
func printEvidence(w io.Writer, r *judge.Result) {
	for _, d := range r.Rejections {
		fmt.Fprintf(w, "\nrejected  %s  [%s] %s", diagLoc(d), d.Rule, d.Message)
	}
	if len(r.Rejections) > 0 {
		fmt.Fprintln(w)
	}
	for _, d := range r.CompileErrors {
		fmt.Fprintf(w, "\ncompile error  %s  %s", diagLoc(d), d.Message)
	}
	if len(r.CompileErrors) > 0 {
		fmt.Fprintln(w)
	}
	if len(r.Tests) > 0 {
		fmt.Fprintln(w, "\ntests")
		for _, t := range r.Tests {
			fmt.Fprintf(w, "  %-8s %s\n", t.Status, t.Name)
			if t.Status != judge.TestPass && t.Message != "" {
				for _, l := range strings.Split(t.Message, "\n") {
					fmt.Fprintf(w, "             %s\n", l)
				}
			}
		}
	}
	if c := r.Checks.Race; c != nil && c.Report != nil {
		fmt.Fprintln(w, "\nrace report")
		for _, a := range c.Report.Accesses {
			fmt.Fprintf(w, "  %s", a.Header)
			if a.Location != "" {
				fmt.Fprintf(w, "  → %s", a.Location)
			}
			fmt.Fprintln(w)
			for i, f := range a.Frames {
				if i == 6 {
					break
				}
				fmt.Fprintf(w, "      %s  %s:%d\n", f.Func, f.File, f.Line)
			}
		}
	}
	if c := r.Checks.Leak; c != nil && len(c.Goroutines) > 0 {
		fmt.Fprintf(w, "\nleaked goroutines after %s\n", c.Test)
		for _, g := range c.Goroutines {
			fmt.Fprintf(w, "%s\n\n", indent(g, "  "))
		}
	}
	if c := r.Checks.Bench; c != nil && len(c.Benchmarks) > 0 {
		fmt.Fprintln(w, "\nbenchmarks (medians of interleaved pairs)")
		for _, b := range c.Benchmarks {
			fmt.Fprintf(w, "  %-28s %s  you %.1f ns/op %d allocs/op  reference %.1f ns/op %d allocs/op  ratio %.2f (max %.2f, allocs max %d)\n",
				b.Name, b.Status, b.CandidateNs, b.CandidateAllocs, b.ReferenceNs, b.ReferenceAllocs, b.Ratio, b.MaxRatio, b.MaxAllocs)
		}
	}
	if c := r.Crash; c != nil {
		fmt.Fprintf(w, "\n%s in the %s stage: %s\n", c.Kind, c.Stage, c.Message)
		if c.Location != "" {
			fmt.Fprintf(w, "  at %s\n", c.Location)
		}
		for i, g := range c.Goroutines {
			if i == 5 {
				fmt.Fprintf(w, "  … %d more goroutines\n", len(c.Goroutines)-5)
				break
			}
			fmt.Fprintf(w, "%s\n\n", indent(g, "  "))
		}
		if len(c.Goroutines) == 0 && c.Output != "" {
			fmt.Fprintf(w, "output (tail):\n%s\n", indent(c.Output, "  "))
		}
	}
}

func diagLoc(d judge.Diagnostic) string {
	switch {
	case d.File == "":
		return "submission"
	case d.Line == 0:
		return d.File
	case d.Col == 0:
		return fmt.Sprintf("%s:%d", d.File, d.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Col)
	}
}

func indent(s, pre string) string {
	return pre + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+pre)
}
