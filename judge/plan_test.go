package judge

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/goprep/goprep"
)

func TestShellWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{`mkdir -p $WORK/b001/`, []string{"mkdir", "-p", "$WORK/b001/"}},
		{`/go/pkg/tool/linux_amd64/compile -trimpath "/w/mod=>goprep.local/counter;$WORK/b125=>" -p main`,
			[]string{"/go/pkg/tool/linux_amd64/compile", "-trimpath", "/w/mod=>goprep.local/counter;$WORK/b125=>", "-p", "main"}},
		{`GOROOT='' /go/pkg/tool/linux_amd64/link -o $WORK/b001/x.test`,
			[]string{"GOROOT=", "/go/pkg/tool/linux_amd64/link", "-o", "$WORK/b001/x.test"}},
		{`cd "/a dir/with \"quotes\""`, []string{"cd", `/a dir/with "quotes"`}},
	} {
		got, err := shellWords(c.in)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("shellWords(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	// Anything a shell would expand is refused, not guessed at.
	for _, in := range []string{"echo $(id)", "a;b", "x > y", "`id`", `"unterminated`, "$HOME/x"} {
		if got, err := shellWords(in); err == nil {
			t.Errorf("shellWords(%q) = %q, want an error", in, got)
		}
	}
}

// TestParsePlanRefusesCachedCandidate: a trace in which the candidate's
// package came from the build cache (a resubmission of identical code) must
// not become a plan, or later submissions would be linked with old code.
func TestParsePlanRefusesCachedCandidate(t *testing.T) {
	w := &workspace{root: "/data/work/run-1", mod: "/data/work/run-1/mod", run: "/data/work/run-1/run",
		modPath: "goprep.local/counter", pkg: &Package{Tests: map[string]string{"hidden_test.go": ""}}}
	trace := strings.Join([]string{
		"WORK=/data/tmp/go-build1",
		"mkdir -p $WORK/b001/",
		"cat >/data/tmp/go-build1/b001/importcfg.link << 'EOF' # internal",
		"packagefile goprep.local/counter=/data/gocache/ab/abcdef-d",
		"EOF",
		"cd /data/work/run-1/mod",
		"/go/pkg/tool/linux_amd64/compile -o $WORK/b001/_pkg_.a -p main -pack $WORK/b001/x.go",
		"GOROOT='' /go/pkg/tool/linux_amd64/link -o $WORK/b001/counter.test -importcfg $WORK/b001/importcfg.link $WORK/b001/_pkg_.a",
		"mv $WORK/b001/counter.test /data/work/run-1/run/plain.test",
	}, "\n")
	if _, err := parsePlan([]byte(trace), w, "/go/pkg/tool/linux_amd64"); !errors.Is(err, errNoPlan) {
		t.Fatalf("parsePlan = %v, want errNoPlan", err)
	}
	// A command that is not one of the Go tools is refused too.
	evil := strings.Replace(trace, "/go/pkg/tool/linux_amd64/compile", "/bin/sh", 1)
	if _, err := parsePlan([]byte(evil), w, "/go/pkg/tool/linux_amd64"); !errors.Is(err, errNoPlan) {
		t.Fatalf("parsePlan with /bin/sh = %v, want errNoPlan", err)
	}
}

// TestBuildPlanReplay judges with a judge of its own: the first build of a
// kind records a plan, later builds of that kind replay it, and a replay
// builds each submission's own code: a resubmission of the same code, a
// mutant with the same imports (its own verdict, not the reference's), and a
// compile error (which falls back to the go command for its diagnostics).
func TestBuildPlanReplay(t *testing.T) {
	shared := testJudge(t) // a warm build cache
	j, err := New(Config{DataDir: shared.dataDir, Runner: shared.runner})
	if err != nil {
		t.Fatal(err)
	}
	p := loadFixture(t, "safe-counter")
	judge := func(files map[string]string) *Result {
		t.Helper()
		res, err := j.Run(t.Context(), p, files, RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	ref := freshReference(p)
	if res := judge(ref); res.Verdict != goprep.VerdictAC {
		t.Fatalf("reference: %s %s", res.Verdict, res.Message)
	}
	if n := len(j.plans.m); n != 2 {
		t.Fatalf("%d plans recorded after the first judging, want 2 (plain and race)", n)
	}
	if res := judge(ref); res.Verdict != goprep.VerdictAC {
		t.Fatalf("the same reference again: %s %s", res.Verdict, res.Message)
	}
	if n := j.plans.replayed.Load(); n != 2 {
		t.Fatalf("%d builds replayed, want 2", n)
	}

	// A mutant with the reference's file names and imports uses the same plans.
	refKey, _ := planKeyFor(&workspace{pkg: p, files: ref, pairs: []benchPair{{}}})
	tried := false
	for _, m := range p.Spec.Mutants {
		files := p.Mutants[m.Name]
		if k, _ := planKeyFor(&workspace{pkg: p, files: files, pairs: []benchPair{{}}}); k != refKey {
			continue
		}
		tried = true
		before := j.plans.replayed.Load()
		res := judge(files)
		if res.Verdict != m.Verdict {
			t.Errorf("mutant %s: %s (%s), want %s", m.Name, res.Verdict, res.Message, m.Verdict)
		}
		if j.plans.replayed.Load() == before {
			t.Errorf("mutant %s was not built by a replay", m.Name)
		}
	}
	if !tried {
		t.Fatal("no mutant of safe-counter has the reference's imports")
	}

	// A compile error: the replay fails, the go command reports it.
	broken := map[string]string{"counter.go": ref["counter.go"] + "\nfunc broken() int { return undefinedName }\n"}
	res := judge(broken)
	if res.Verdict != goprep.VerdictCE || len(res.CompileErrors) == 0 || res.CompileErrors[0].File != "counter.go" ||
		!strings.Contains(res.CompileErrors[0].Message, "undefinedName") {
		t.Fatalf("compile error: %s %+v", res.Verdict, res.CompileErrors)
	}
	if res := judge(freshReference(p)); res.Verdict != goprep.VerdictAC {
		t.Fatalf("reference after a compile error: %s %s", res.Verdict, res.Message)
	}
}
