package catalog_test

import (
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/goprep/goprep"
	"github.com/goprep/goprep/catalog"
	"github.com/goprep/goprep/judge"
)

var update = flag.Bool("update", false, "rewrite generated files (problems/README.md)")

// TestProblemsREADME keeps problems/README.md equal to the table generated
// from the specs, and holds the catalog to its floors.
func TestProblemsREADME(t *testing.T) {
	pkgs, err := judge.LoadCatalog("../problems")
	if err != nil {
		t.Fatal(err)
	}
	want := catalog.ProblemsTable(pkgs)
	if *update {
		if err := os.WriteFile("../problems/README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("../problems/README.md")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, string(got)); d != "" {
		t.Errorf("problems/README.md is stale; run go test ./catalog -run TestProblemsREADME -update (-want +got):\n%s", d)
	}

	mutants := 0
	covered := map[string]bool{}
	for _, p := range pkgs {
		mutants += len(p.Spec.Mutants)
		if len(p.Spec.Mutants) < 3 {
			t.Errorf("%s has %d mutants, want at least 3", p.Spec.Slug, len(p.Spec.Mutants))
		}
		for _, tp := range p.Spec.Topics {
			covered[tp] = true
		}
	}
	if len(pkgs) < 24 || mutants < 72 {
		t.Errorf("catalog has %d problems and %d mutants, want at least 24 and 72", len(pkgs), mutants)
	}
	for _, tp := range goprep.Topics {
		if tp.Seed && !covered[tp.Slug] {
			t.Errorf("no problem covers seed topic %s", tp.Slug)
		}
	}
}
