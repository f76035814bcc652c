package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/judge"
)

func init() {
	commands["problems"] = command{
		summary: "the problem catalog: problems verify [--dir problems] [--workers N] [--markdown] [slug…]",
		run:     runProblems,
	}
}

func runProblems(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, "usage: goprep problems verify [--dir problems] [--workers N] [--markdown] [slug…]")
		return 2
	}
	return runVerify(ctx, args[1:], stdout, stderr)
}

// verifyTask is one judging of the proof: a variant of a problem and the
// verdict it must (or, for the starter, must not) get.
type verifyTask struct {
	pkg     *judge.Package
	variant string // reference#1, starter, mutants/<name>
	files   map[string]string
	want    goprep.Verdict
	notAC   bool // the starter: anything but AC
	note    string

	got     goprep.Verdict
	message string
	failing []string // the stages that failed
	dur     time.Duration
	err     error
}

func (t *verifyTask) ok() bool {
	if t.err != nil {
		return false
	}
	if t.notAC {
		return t.got != goprep.VerdictAC
	}
	return t.got == t.want
}

func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("problems verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defDir := os.Getenv("GOPREP_PROBLEMS")
	if defDir == "" {
		defDir = "problems"
	}
	dir := fs.String("dir", defDir, "the catalog folder (env GOPREP_PROBLEMS)")
	workers := fs.Int("workers", 2, "judgings in parallel (benchmarks are noisier with more)")
	refRuns := fs.Int("reference-runs", 3, "how many times in a row each reference must get AC")
	markdown := fs.Bool("markdown", false, "print the table as Markdown (for problems/README.md)")
	var jf judgeFlags
	jf.register(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *workers < 1 || *refRuns < 1 {
		fmt.Fprintln(stderr, "goprep problems verify: --workers and --reference-runs must be at least 1")
		return 2
	}
	pkgs, loadErr := judge.LoadCatalog(*dir)
	if loadErr != nil {
		fmt.Fprintln(stderr, "goprep problems verify: problems that do not load:")
		if j, ok := loadErr.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				fmt.Fprintf(stderr, "  %s\n", errText(e))
			}
		} else {
			fmt.Fprintf(stderr, "  %s\n", errText(loadErr))
		}
	}
	if slugs := fs.Args(); len(slugs) > 0 {
		var sel []*judge.Package
		for _, s := range slugs {
			i := slices.IndexFunc(pkgs, func(p *judge.Package) bool { return p.Spec.Slug == s })
			if i < 0 {
				fmt.Fprintf(stderr, "goprep problems verify: no problem %q in %s\n", s, *dir)
				return 2
			}
			sel = append(sel, pkgs[i])
		}
		pkgs = sel
	}
	if len(pkgs) == 0 {
		fmt.Fprintf(stderr, "goprep problems verify: no problems to verify in %s\n", *dir)
		return 1
	}
	j, runner, err := jf.newJudge(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "goprep problems verify: %v\n", errText(err))
		return 1
	}
	defer runner.Close()
	fmt.Fprintf(stderr, "warming the judge's build cache…\n")
	if err := j.Warm(ctx); err != nil {
		fmt.Fprintf(stderr, "goprep problems verify: warm-up: %v\n", err)
		return 1
	}
	var tasks []*verifyTask
	for _, p := range pkgs {
		for i := 1; i <= *refRuns; i++ {
			tasks = append(tasks, &verifyTask{pkg: p, variant: fmt.Sprintf("reference #%d", i), files: p.Reference, want: goprep.VerdictAC})
		}
		tasks = append(tasks, &verifyTask{pkg: p, variant: "starter", files: p.Starter, notAC: true})
		for _, m := range p.Spec.Mutants {
			tasks = append(tasks, &verifyTask{pkg: p, variant: "mutants/" + m.Name, files: p.Mutants[m.Name], want: m.Verdict, note: m.Note})
		}
	}
	var mu sync.Mutex
	done := 0
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(*workers)
	for _, t := range tasks {
		g.Go(func() error {
			start := time.Now()
			res, err := j.Run(gctx, t.pkg, t.files, judge.RunOptions{})
			t.dur = time.Since(start)
			if err != nil {
				t.err = err
			} else {
				t.got, t.message = res.Verdict, res.Message
				for _, st := range res.Stages {
					if st.Status == judge.StatusFail {
						t.failing = append(t.failing, st.Name)
					}
				}
			}
			mu.Lock()
			done++
			mark := "ok"
			if !t.ok() {
				mark = "MISMATCH"
			}
			fmt.Fprintf(stderr, "[%d/%d] %-22s %-22s %-9s %s\n", done, len(tasks), t.pkg.Spec.Slug, t.variant, t.got, mark)
			mu.Unlock()
			return gctx.Err()
		})
	}
	if err := g.Wait(); err != nil {
		fmt.Fprintf(stderr, "goprep problems verify: %v\n", err)
		return 1
	}
	bad := 0
	for _, t := range tasks {
		if !t.ok() {
			bad++
		}
	}
	unproven := unprovenChecks(pkgs, tasks)
	if *markdown {
		printVerifyMarkdown(stdout, tasks)
	} else {
		printVerifyTable(stdout, tasks)
	}
	for _, u := range unproven {
		fmt.Fprintf(stdout, "\nNOT PROVEN: %s", u)
	}
	if len(unproven) > 0 {
		fmt.Fprintln(stdout)
	}
	if bad > 0 || len(unproven) > 0 {
		fmt.Fprintf(stdout, "\n%d of %d checks FAILED, %d checks of problems not proven by a mutant\n", bad, len(tasks), len(unproven))
		return 1
	}
	if loadErr != nil && len(fs.Args()) == 0 {
		fmt.Fprintf(stdout, "\nsome problems did not load (see above)\n")
		return 1
	}
	fmt.Fprintf(stdout, "\nall %d checks passed (%d problems, sandbox %s)\n", len(tasks), len(pkgs), j.Level())
	return 0
}

// unprovenChecks lists, per problem, each check it enables (race, leak,
// bench) that no mutant proves: a mutant proves a check when it gets its
// expected verdict and that check is the only stage that fails, so the check
// is what catches it (a racy mutant that is also slow or leaky proves
// nothing about the race check alone).
func unprovenChecks(pkgs []*judge.Package, tasks []*verifyTask) []string {
	var out []string
	for _, p := range pkgs {
		var stages []string
		if p.Spec.Checks.Race != nil {
			stages = append(stages, judge.StageRace)
		}
		if p.Spec.Checks.Leak != nil {
			stages = append(stages, judge.StageLeak)
		}
		if p.Spec.Checks.Bench != nil {
			stages = append(stages, judge.StageBench)
		}
		for _, stage := range stages {
			proven := false
			var near []string
			for _, t := range tasks {
				if t.pkg != p || !strings.HasPrefix(t.variant, "mutants/") || !t.ok() || !slices.Contains(t.failing, stage) {
					continue
				}
				if len(t.failing) == 1 {
					proven = true
					break
				}
				near = append(near, fmt.Sprintf("%s fails %s", strings.TrimPrefix(t.variant, "mutants/"), strings.Join(t.failing, ", ")))
			}
			if !proven {
				msg := fmt.Sprintf("%s: no mutant is caught by the %s check alone", p.Spec.Slug, stage)
				if len(near) > 0 {
					msg += " (" + strings.Join(near, "; ") + ")"
				}
				out = append(out, msg)
			}
		}
	}
	return out
}

func wantText(t *verifyTask) string {
	if t.notAC {
		return "not AC"
	}
	return string(t.want)
}

func gotText(t *verifyTask) string {
	if t.err != nil {
		return "IE: " + t.err.Error()
	}
	return string(t.got)
}

func printVerifyTable(w io.Writer, tasks []*verifyTask) {
	fmt.Fprintf(w, "%-22s %-26s %-9s %-9s %8s  %s\n", "PROBLEM", "VARIANT", "WANT", "GOT", "TIME", "")
	for _, t := range tasks {
		mark := "ok"
		if !t.ok() {
			mark = "MISMATCH: " + t.message
		}
		fmt.Fprintf(w, "%-22s %-26s %-9s %-9s %7.1fs  %s\n", t.pkg.Spec.Slug, t.variant, wantText(t), gotText(t), t.dur.Seconds(), mark)
	}
}

func printVerifyMarkdown(w io.Writer, tasks []*verifyTask) {
	fmt.Fprintln(w, "| problem | variant | expected | got | note |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, t := range tasks {
		if strings.HasPrefix(t.variant, "reference #") && t.variant != "reference #1" {
			continue
		}
		variant := t.variant
		if variant == "reference #1" {
			variant = "reference"
		}
		got := gotText(t)
		if !t.ok() {
			got = "**" + got + "** (mismatch)"
		}
		note := strings.ReplaceAll(t.note, "|", "\\|")
		fmt.Fprintf(w, "| [%s](%s/) | %s | %s | %s | %s |\n", t.pkg.Spec.Slug, filepath.ToSlash(t.pkg.Spec.Slug), variant, wantText(t), got, note)
	}
}
