package catalog

import (
	"fmt"
	"strings"

	"github.com/goprep/goprep/judge"
)

// ProblemsTable renders problems/README.md from the problems' specs: each
// problem with its difficulty, kind, topics, checks and every mutant with the
// verdict `goprep problems verify` proves it gets. It is generated, never
// hand-kept: a test fails when the committed file differs.
func ProblemsTable(pkgs []*judge.Package) string {
	var b strings.Builder
	mutants := 0
	for _, p := range pkgs {
		mutants += len(p.Spec.Mutants)
	}
	b.WriteString("# Problem catalog\n\n")
	b.WriteString("<!-- Generated from each problem.yaml by `go test ./catalog -run TestProblemsREADME -update`; do not edit. -->\n\n")
	fmt.Fprintf(&b, "%d problems, %d mutants. `goprep problems verify` (part of `make test`) proves that every reference is\n", len(pkgs), mutants)
	b.WriteString("accepted three times in a row, that no starter is, and that every mutant gets the verdict listed here.\n")
	b.WriteString("The package format is in [FORMAT.md](FORMAT.md).\n\n")
	b.WriteString("| problem | difficulty | kind | topics | checks | mutants → verdict |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, p := range pkgs {
		s := p.Spec
		checks := []string{"tests"}
		if s.Checks.Race != nil {
			checks = append(checks, "race")
		}
		if s.Checks.Leak != nil {
			checks = append(checks, "leak")
		}
		if s.Checks.Bench != nil {
			checks = append(checks, fmt.Sprintf("bench (≤ %g×)", s.Checks.Bench.Ratio))
		}
		var ms []string
		for _, m := range s.Mutants {
			ms = append(ms, fmt.Sprintf("%s → %s", m.Name, m.Verdict))
		}
		fmt.Fprintf(&b, "| [%s](%s/) — %s / %s | %s | %s | %s | %s | %s |\n", s.Slug, s.Slug,
			esc(s.Title.EN), esc(s.Title.ZH), s.Difficulty, s.Kind, strings.Join(s.Topics, ", "),
			strings.Join(checks, ", "), strings.Join(ms, "<br>"))
	}
	return b.String()
}

func esc(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
