package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/internal/client"
	"github.com/goprep/goprep/judge"
)

func init() {
	commands["submit"] = command{
		summary: "send a solution to the server's judge and follow it: submit SLUG [DIR] [--run] [--json]",
		run:     runSubmit,
	}
}

// pollBackoff bounds the waits between reads when the event stream is
// unavailable.
var pollBackoff = struct{ first, max time.Duration }{500 * time.Millisecond, 5 * time.Second}

func runSubmit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, server := clientFlags("submit", stderr,
		"Usage: goprep submit SLUG [DIR] [--run] [--json] [--server URL]",
		"",
		"Sends the problem's files (exactly those of the starter, e.g. counter.go) from DIR",
		"(default ./SLUG) to the server's judge, prints each stage as it finishes, then the",
		"result: verdict, score, failing tests, race report, leaked goroutines, benchmarks.",
		"With --run only the public tests run (not scored).",
		"",
		"Exit status: 0 accepted (AC; with --run: the public tests pass), 1 not accepted",
		"or refused by the server, 2 a usage error, a missing or extra file, or a server",
		"that cannot be reached.")
	run := fs.Bool("run", false, "run the public tests only (not scored), like the web UI's Run button")
	asJSON := fs.Bool("json", false, "print only the final submission as JSON")
	timeout := fs.Duration("timeout", 20*time.Minute, "give up waiting for the result after this long")
	slug, dir, code := slugAndDir(fs, args, stdout)
	if code >= 0 {
		return code
	}
	r, err := newRemote(*server)
	if err != nil {
		return clientExit(stderr, "submit", err)
	}
	p, err := r.Problem(ctx, slug)
	if err != nil {
		return clientExit(stderr, "submit", err)
	}
	files, err := readProblemFiles(p, dir)
	if err != nil {
		return clientExit(stderr, "submit", err)
	}
	id, err := r.Submit(ctx, slug, files, *run)
	if err != nil {
		return clientExit(stderr, "submit", err)
	}
	what := "submission"
	if *run {
		what = "run (public tests only)"
	}
	if !*asJSON {
		fmt.Fprintf(stdout, "%s: sent %s as %s #%d; judging…\n", slug, strings.Join(sortedKeys(files), ", "), what, id)
	}
	wctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	f := &follower{c: r.Client, id: id, quiet: *asJSON, out: stdout, errOut: stderr}
	sub, err := f.wait(wctx)
	if err != nil {
		switch {
		case ctx.Err() != nil:
			err = fmt.Errorf("stopped following; #%d is still judged: see `goprep submissions --problem %s`", id, slug)
		case wctx.Err() != nil:
			err = fmt.Errorf("no result after %s; #%d is still queued or judged: see `goprep submissions --problem %s`", *timeout, id, slug)
		}
		return clientExit(stderr, "submit", err)
	}
	if *asJSON {
		var b bytes.Buffer
		if json.Indent(&b, sub.JSON, "", "  ") != nil {
			b.Reset()
			b.Write(sub.JSON)
		}
		fmt.Fprintln(stdout, b.String())
	} else {
		f.printResult(sub)
	}
	if sub.Verdict != goprep.VerdictAC {
		return 1
	}
	return 0
}

// readProblemFiles reads the problem's files (those of its starter) from
// dir, refusing a missing one and any other non-test .go file.
func readProblemFiles(p *goprep.Problem, dir string) (map[string]string, error) {
	want := sortedKeys(p.Starter)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, usageError{fmt.Errorf("%v\nFetch the problem first: goprep fetch %s %s", err, p.Slug, dir)}
	}
	var extra []string
	have := map[string]bool{}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		have[n] = true
		if !slices.Contains(want, n) {
			extra = append(extra, n)
		}
	}
	var missing []string
	for _, n := range want {
		if !have[n] {
			missing = append(missing, n)
		}
	}
	var problems []string
	if len(missing) > 0 {
		problems = append(problems, fmt.Sprintf("missing in %s: %s (fetch the starter with `goprep fetch %s %s`)", dir, strings.Join(missing, ", "), p.Slug, dir))
	}
	if len(extra) > 0 {
		problems = append(problems, fmt.Sprintf("not part of the problem: %s (move it out of %s, or put its code into %s)", strings.Join(extra, ", "), dir, strings.Join(want, ", ")))
	}
	if len(problems) > 0 {
		return nil, usageError{fmt.Errorf("%s takes exactly %s:\n  %s", p.Slug, strings.Join(want, ", "), strings.Join(problems, "\n  "))}
	}
	files := map[string]string{}
	total := 0
	for _, n := range want {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil, usageError{err}
		}
		total += len(b)
		if total > goprep.MaxSubmissionBytes {
			return nil, usageError{fmt.Errorf("the files are over the %d KiB a submission may have", goprep.MaxSubmissionBytes>>10)}
		}
		files[n] = string(b)
	}
	return files, nil
}

// follower follows one submission to its end: on the event stream, and by
// reading it with backoff when the stream breaks.
type follower struct {
	c      *client.Client
	id     int64
	quiet  bool // --json: no live output
	out    io.Writer
	errOut io.Writer
	// printed counts the ended stages shown so far.
	printed int
}

// wait returns the finished submission.
func (f *follower) wait(ctx context.Context) (*client.Submission, error) {
	var final *client.Submission
	err := f.c.Follow(ctx, f.id, func(ev client.Event) error {
		switch ev.Name {
		case "status":
			sub, err := client.DecodeSubmission(ev.Data)
			if err != nil {
				return err
			}
			if sub.Finished() {
				final = sub
				return errDone
			}
		case "stage":
			var st goprep.StageProgress
			if err := json.Unmarshal(ev.Data, &st); err != nil {
				return err
			}
			f.stage(st)
		case "error":
			return fmt.Errorf("the server ended the event stream: %s", ev.Data)
		}
		return nil
	})
	if final != nil {
		return final, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var ae *client.Error
	if errors.As(err, &ae) && ae.Status != 404 && ae.Status < 500 {
		return nil, err
	}
	reason := "it ended early"
	if err != nil {
		reason = err.Error()
	}
	fmt.Fprintf(f.errOut, "goprep submit: the event stream broke (%s); reading the result instead\n", firstLine(reason))
	return f.poll(ctx)
}

var errDone = errors.New("done")

// poll reads the submission with backoff until it is finished.
func (f *follower) poll(ctx context.Context) (*client.Submission, error) {
	wait := pollBackoff.first
	fails := 0
	for {
		sub, err := f.c.GetSubmission(ctx, f.id)
		var ce *client.ConnError
		switch {
		case errors.As(err, &ce) && fails < 5:
			fails++
		case err != nil:
			return nil, err
		case sub.Finished():
			return sub, nil
		default:
			fails = 0
			for i := f.printed; i < len(sub.Progress) && sub.Progress[i].Status != judge.StatusRunning; i++ {
				f.stage(sub.Progress[i])
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(wait*3/2, pollBackoff.max)
	}
}

// stage shows one stage when it has ended.
func (f *follower) stage(st goprep.StageProgress) {
	if st.Status == judge.StatusRunning {
		return
	}
	if st.Stage == judge.StageValidate && f.printed > 0 {
		if !f.quiet {
			fmt.Fprintln(f.out, "  (the judge started over: judged again from the first stage)")
		}
		f.printed = 0
	}
	if !f.quiet {
		if f.printed == 0 {
			fmt.Fprintln(f.out, "\nstages")
		}
		printStage(f.out, judge.StageResult{Name: st.Stage, Status: st.Status, DurationMS: st.DurationMS, Verdict: st.Verdict, Message: st.Message})
	}
	f.printed++
}

// printResult shows the result after the live stages: the stages not shown
// yet, the totals, the verdict and the evidence.
func (f *follower) printResult(sub *client.Submission) {
	var r judge.Result
	if len(sub.Result) == 0 || json.Unmarshal(sub.Result, &r) != nil {
		fmt.Fprintf(f.out, "\nverdict  %s   score %g\n", sub.Verdict, sub.Score)
		return
	}
	for i := f.printed; i < len(r.Stages); i++ {
		if i == 0 {
			fmt.Fprintln(f.out, "\nstages")
		}
		printStage(f.out, r.Stages[i])
	}
	printTotals(f.out, &r)
	fmt.Fprintln(f.out)
	printSummary(f.out, &r)
	printEvidence(f.out, &r)
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
