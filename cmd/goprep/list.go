package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/goprep/goprep/internal/client"
)

func init() {
	commands["list"] = command{
		summary: "the problems on the server: list [--topic T] [--difficulty D]",
		run:     runList,
	}
}

func runList(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, server := clientFlags("list", stderr,
		"Usage: goprep list [--topic T] [--difficulty easy|medium|hard] [--server URL]",
		"",
		"Lists the problems of the GoPrep server (`goprep problems verify` checks a local",
		"catalog folder instead). Start one with `goprep fetch SLUG`.")
	topic := fs.String("topic", "", "only problems of this topic (e.g. sync, context)")
	difficulty := fs.String("difficulty", "", "only problems of this difficulty: easy, medium or hard")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	r, err := newRemote(*server)
	if err != nil {
		return clientExit(stderr, "list", err)
	}
	ps, err := r.Problems(ctx, client.ProblemFilter{Topic: *topic, Difficulty: *difficulty})
	if err != nil {
		return clientExit(stderr, "list", err)
	}
	if len(ps) == 0 {
		fmt.Fprintln(stdout, "No problems match.")
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SLUG\tDIFFICULTY\tTOPICS\tTITLE")
	for _, p := range ps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Slug, p.Difficulty, strings.Join(p.Topics, ","), p.TitleEN)
	}
	tw.Flush()
	return 0
}
