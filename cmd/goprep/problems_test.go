package main

import (
	"strings"
	"testing"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/judge"
)

// TestUnprovenChecks: a check is proven only by a mutant that gets its
// verdict with that check as the only failing stage.
func TestUnprovenChecks(t *testing.T) {
	p := &judge.Package{Spec: judge.Spec{Slug: "p", Checks: judge.ChecksSpec{Race: &judge.RaceSpec{}, Leak: &judge.LeakSpec{}}}}
	mutant := func(name string, v goprep.Verdict, failing ...string) *verifyTask {
		return &verifyTask{pkg: p, variant: "mutants/" + name, want: v, got: v, failing: failing}
	}
	tasks := []*verifyTask{
		{pkg: p, variant: "reference #1", want: goprep.VerdictAC, got: goprep.VerdictAC},
		mutant("racy-and-leaky", goprep.VerdictRace, judge.StageRace, judge.StageLeak),
		mutant("leaky", goprep.VerdictLeak, judge.StageLeak),
	}
	got := unprovenChecks([]*judge.Package{p}, tasks)
	if len(got) != 1 || !strings.Contains(got[0], "race check alone") || !strings.Contains(got[0], "racy-and-leaky fails race, leak") {
		t.Fatalf("unprovenChecks = %q, want the race check reported, naming racy-and-leaky", got)
	}
	tasks = append(tasks, mutant("racy", goprep.VerdictRace, judge.StageRace))
	if got := unprovenChecks([]*judge.Package{p}, tasks); len(got) != 0 {
		t.Fatalf("unprovenChecks = %q, want none", got)
	}
	// A mutant that does not get its verdict proves nothing.
	tasks[len(tasks)-1].got = goprep.VerdictWA
	if got := unprovenChecks([]*judge.Package{p}, tasks); len(got) != 1 {
		t.Fatalf("unprovenChecks = %q, want the race check reported", got)
	}
}
