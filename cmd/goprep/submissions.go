package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/goprep/goprep/internal/client"
)

func init() {
	commands["submissions"] = command{
		summary: "your recent submissions on the server: submissions [--problem SLUG] [--limit N]",
		run:     runSubmissions,
	}
}

func runSubmissions(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, server := clientFlags("submissions", stderr,
		"Usage: goprep submissions [--problem SLUG] [--limit N] [--server URL]",
		"",
		"Lists your submissions and runs on the server, newest first.")
	problem := fs.String("problem", "", "only those of this problem (a slug)")
	limit := fs.Int("limit", 20, "at most this many")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 || *limit < 1 || (*problem != "" && !slugPattern.MatchString(*problem)) {
		fs.Usage()
		return 2
	}
	r, err := newRemote(*server)
	if err != nil {
		return clientExit(stderr, "submissions", err)
	}
	subs, err := r.Submissions(ctx, client.SubmissionFilter{Problem: *problem, Limit: *limit})
	if err != nil {
		return clientExit(stderr, "submissions", err)
	}
	if len(subs) == 0 {
		fmt.Fprintln(stdout, "No submissions yet: `goprep submit SLUG DIR` sends one.")
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPROBLEM\tKIND\tSTATUS\tVERDICT\tSCORE\tSUBMITTED")
	for _, s := range subs {
		verdict, score := string(s.Verdict), fmt.Sprintf("%g", s.Score)
		if verdict == "" {
			verdict = "-"
		}
		if s.Kind == "run" || !s.Finished() {
			score = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.ProblemSlug, s.Kind, s.Status, verdict, score,
			s.CreatedAt.Local().Format(time.DateTime))
	}
	tw.Flush()
	return 0
}
