package judge

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/judge/sandbox"
)

var (
	sharedOnce  sync.Once
	sharedJudge *Judge
	sharedErr   error
)

// testJudge returns one judge for the whole test binary, warmed. Its data
// dir (build and module caches) survives between runs so only the first run
// on a machine pays for a cold build: $GOPREP_JUDGE_TEST_DATA or
// $TMPDIR/goprep-judge-test.
func testJudge(t testing.TB) *Judge {
	t.Helper()
	if testing.Short() {
		t.Skip("real builds are skipped with -short")
	}
	sharedOnce.Do(func() {
		dir := os.Getenv("GOPREP_JUDGE_TEST_DATA")
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "goprep-judge-test")
		}
		runner, err := sandbox.New(sandbox.Options{Insecure: true})
		if err != nil {
			sharedErr = err
			return
		}
		j, err := New(Config{DataDir: dir, Runner: runner})
		if err != nil {
			sharedErr = err
			return
		}
		if err := j.Warm(context.Background()); err != nil {
			sharedErr = err
			return
		}
		sharedJudge = j
	})
	if sharedErr != nil {
		t.Fatalf("test judge: %v", sharedErr)
	}
	return sharedJudge
}

func loadFixture(t testing.TB, slug string) *Package {
	t.Helper()
	p, err := LoadPackage(filepath.Join(catalogDir(t), slug))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func judgeFiles(t testing.TB, p *Package, files map[string]string) *Result {
	t.Helper()
	var mu sync.Mutex
	var events []Event
	res, err := testJudge(t).Run(t.Context(), p, files, RunOptions{Events: func(e Event) {
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	// Every stage is reported as it starts and as it ends, the last event is final.
	if len(events) == 0 || !events[len(events)-1].Final || events[len(events)-1].Verdict != res.Verdict {
		t.Errorf("events end with %+v, verdict %s", events[len(events)-1], res.Verdict)
	}
	ended := 0
	for _, e := range events {
		if e.Status == StatusPass || e.Status == StatusFail || e.Status == StatusSkipped {
			ended++
		}
	}
	if ended != len(res.Stages)+1 {
		t.Errorf("%d end events for %d stages", ended, len(res.Stages))
	}
	return res
}

func TestFixtureVerdicts(t *testing.T) {
	for _, slug := range []string{"safe-counter", "bounded-fetch"} {
		p := loadFixture(t, slug)
		t.Run(slug+"/reference", func(t *testing.T) {
			res := judgeFiles(t, p, p.Reference)
			if res.Verdict != goprep.VerdictAC || res.Score != res.MaxScore || res.MaxScore != p.Spec.Scoring.Total() {
				t.Fatalf("verdict %s score %v/%v: %s", res.Verdict, res.Score, res.MaxScore, res.Message)
			}
			for _, tr := range res.Tests {
				if tr.Status != TestPass {
					t.Errorf("test %+v", tr)
				}
			}
			if len(res.Tests) != len(p.testNames)+len(p.leakNames) {
				t.Errorf("%d test results for %d tests", len(res.Tests), len(p.testNames)+len(p.leakNames))
			}
			if res.Sandbox == "" || res.JudgeMS == 0 {
				t.Errorf("sandbox %q judge_ms %d", res.Sandbox, res.JudgeMS)
			}
		})
		t.Run(slug+"/starter", func(t *testing.T) {
			if res := judgeFiles(t, p, p.Starter); res.Verdict == goprep.VerdictAC || res.Score != 0 {
				t.Fatalf("starter: %s %v", res.Verdict, res.Score)
			}
		})
		for _, m := range p.Spec.Mutants {
			t.Run(slug+"/"+m.Name, func(t *testing.T) {
				res := judgeFiles(t, p, p.Mutants[m.Name])
				if res.Verdict != m.Verdict {
					t.Fatalf("verdict %s (%s), want %s", res.Verdict, res.Message, m.Verdict)
				}
				checkEvidence(t, res)
			})
		}
	}
}

// checkEvidence checks that a failing verdict carries its evidence.
func checkEvidence(t *testing.T, res *Result) {
	t.Helper()
	switch res.Verdict {
	case goprep.VerdictRace:
		r := res.Checks.Race
		if r == nil || r.Status != StatusFail || r.Report == nil || len(r.Report.Accesses) < 2 {
			t.Fatalf("race check %+v", r)
		}
		located := 0
		for _, a := range r.Report.Accesses {
			if a.Location != "" {
				located++
			}
		}
		if located == 0 || !strings.Contains(res.Message, ".go:") {
			t.Errorf("race not mapped to the candidate's lines: %+v / %s", r.Report.Accesses, res.Message)
		}
	case goprep.VerdictLeak:
		l := res.Checks.Leak
		if l == nil || l.Status != StatusFail || l.Test == "" || len(l.Goroutines) == 0 {
			t.Fatalf("leak check %+v", l)
		}
	case goprep.VerdictSlow:
		b := res.Checks.Bench
		if b == nil || b.Status != StatusFail || len(b.Benchmarks) == 0 {
			t.Fatalf("bench check %+v", b)
		}
		x := b.Benchmarks[0]
		if x.CandidateNs <= 0 || x.ReferenceNs <= 0 || x.Pairs < 10 {
			t.Errorf("bench numbers %+v", x)
		}
	case goprep.VerdictWA:
		failed := 0
		for _, tr := range res.Tests {
			if tr.Status == TestFail {
				failed++
				if tr.Message == "" {
					t.Errorf("failed test %s has no message", tr.Name)
				}
			}
		}
		if failed == 0 {
			t.Error("WA without a failed test")
		}
	case goprep.VerdictRE, goprep.VerdictDeadlock:
		if res.Crash == nil || res.Crash.Message == "" {
			t.Fatalf("crash evidence %+v", res.Crash)
		}
	}
	// Later stages score nothing once one failed.
	failedAt := -1
	for i, s := range res.Stages {
		if s.Status == StatusFail && failedAt < 0 {
			failedAt = i
		}
	}
	if failedAt < 0 {
		t.Errorf("verdict %s without a failed stage: %+v", res.Verdict, res.Stages)
	}
}

func TestRejectedAndCompileErrors(t *testing.T) {
	p := loadFixture(t, "safe-counter")
	ref := p.Reference["counter.go"]
	t.Run("Rejected", func(t *testing.T) {
		src := strings.Replace(ref, `import "sync"`, "import (\n\t\"os\"\n\t\"sync\"\n)\n\nvar _ = os.Getpid", 1)
		res := judgeFiles(t, p, map[string]string{"counter.go": src})
		if res.Verdict != goprep.VerdictRejected || len(res.Rejections) == 0 || res.Rejections[0].Line != 5 {
			t.Fatalf("%s %+v", res.Verdict, res.Rejections)
		}
		for _, s := range res.Stages[1:] {
			if s.Status != StatusSkipped {
				t.Errorf("stage %s ran after a rejection", s.Name)
			}
		}
	})
	t.Run("CompileError", func(t *testing.T) {
		src := strings.Replace(ref, "c.m[key] += n", "c.m[key] += undefinedThing", 1)
		res := judgeFiles(t, p, map[string]string{"counter.go": src})
		if res.Verdict != goprep.VerdictCE || len(res.CompileErrors) == 0 {
			t.Fatalf("%s %+v", res.Verdict, res.CompileErrors)
		}
		d := res.CompileErrors[0]
		if d.File != "counter.go" || d.Line != 23 || !strings.Contains(d.Message, "undefinedThing") {
			t.Errorf("compile error %+v", d)
		}
	})
	t.Run("MissingMethodNamesNoHiddenLine", func(t *testing.T) {
		src := strings.Replace(ref, "func (c *Counter) Snapshot()", "func (c *Counter) snapshot()", 1)
		res := judgeFiles(t, p, map[string]string{"counter.go": src})
		if res.Verdict != goprep.VerdictCE {
			t.Fatalf("%s", res.Verdict)
		}
		for _, d := range res.CompileErrors {
			if strings.Contains(d.File, "hidden") {
				t.Errorf("hidden test file named: %+v", d)
			}
		}
	})
	t.Run("SyntaxError", func(t *testing.T) {
		res := judgeFiles(t, p, map[string]string{"counter.go": "package counter\nfunc New( {\n"})
		if res.Verdict != goprep.VerdictCE || res.CompileErrors[0].Line != 2 {
			t.Fatalf("%s %+v", res.Verdict, res.CompileErrors)
		}
	})
}

func TestPublicOnlyRun(t *testing.T) {
	p := loadFixture(t, "safe-counter")
	res, err := testJudge(t).Run(t.Context(), p, p.Mutants["racy-snapshot"], RunOptions{PublicOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != goprep.VerdictAC || res.Score != 0 || len(res.Tests) != 1 || res.Tests[0].Name != "TestExample" {
		t.Fatalf("public run: %s %v %+v", res.Verdict, res.Score, res.Tests)
	}
	for _, s := range res.Stages {
		if s.Name == StageRace || s.Name == StageBench {
			t.Errorf("stage %s in a public run", s.Name)
		}
	}
}
