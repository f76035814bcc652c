package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/catalog"
	"github.com/goprep/goprep/judge"
	"github.com/goprep/goprep/server"
)

// TestWebLiveStages: the page of a submission being judged shows each stage
// as a worker records it on the row (as a judge in another process does),
// then the result.
func TestWebLiveStages(t *testing.T) {
	ctx, blog := browser(t)
	needBuiltUI(t)
	e := newEnv(t, func(c *server.Config, _ *server.Deps) { c.EventPoll = 50 * time.Millisecond })
	bg := context.Background()
	if _, err := catalog.Import(bg, filepath.Join("..", "problems"), "", e.db, e.db); err != nil {
		t.Fatalf("import the problems: %v", err)
	}
	u := e.register(goprep.RoleCandidate)
	sub := &goprep.Submission{UserID: u.ID, ProblemSlug: "safe-counter", Kind: goprep.KindSubmit,
		Files: map[string]string{"counter.go": counterCode}}
	if err := e.db.CreateSubmission(bg, sub); err != nil {
		t.Fatal(err)
	}
	const worker = "remote-worker"
	if _, err := e.db.ClaimSubmission(bg, worker, time.Minute); err != nil {
		t.Fatal(err)
	}
	validated := goprep.StageProgress{Stage: judge.StageValidate, Status: judge.StatusPass, DurationMS: 3}
	built := goprep.StageProgress{Stage: judge.StageBuild, Status: judge.StatusPass, DurationMS: 900}
	record := func(stages ...goprep.StageProgress) {
		t.Helper()
		if err := e.db.RecordProgress(bg, sub.ID, worker, stages); err != nil {
			t.Fatal(err)
		}
	}
	record(validated, goprep.StageProgress{Stage: judge.StageBuild, Status: judge.StatusRunning})

	pg := &page{t: t, ctx: ctx, log: blog}
	pg.signIn(e.ts.URL, u.Email, u.Password)
	stages := func() string {
		return strings.Join(pg.eval(`[...document.querySelectorAll('.stagebar .stage')].map(s => s.dataset.stage + ':' + s.className.replace('stage ', '') + ':' + s.querySelector('.stage-time').textContent)`), " ")
	}
	pg.step("open the submission being judged", 30*time.Second,
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`history.pushState(null, "", "/submissions/%d"); dispatchEvent(new PopStateEvent("popstate"))`, sub.ID)),
		visible(`.stagebar .stage.running[data-stage=build]`),
	)
	if got, want := stages(), "validate:pass:3 ms build:running:… test:pending: race:pending: leak:pending: bench:pending: score:pending:"; got != want {
		t.Errorf("stages while building:\n got %s\nwant %s", got, want)
	}

	record(validated, built, goprep.StageProgress{Stage: judge.StageTest, Status: judge.StatusRunning})
	pg.step("the build ends, the tests run", 10*time.Second,
		visible(`.stagebar .stage.pass[data-stage=build]`),
		visible(`.stagebar .stage.running[data-stage=test]`),
	)

	tested := goprep.StageProgress{Stage: judge.StageTest, Status: judge.StatusFail, DurationMS: 40, Verdict: goprep.VerdictWA, Message: "TestSnapshot: want 2, got 1"}
	skipped := func(stage string) goprep.StageProgress {
		return goprep.StageProgress{Stage: stage, Status: judge.StatusSkipped, Message: "the tests failed"}
	}
	record(validated, built, tested, skipped(judge.StageRace), skipped(judge.StageLeak), skipped(judge.StageBench),
		goprep.StageProgress{Stage: judge.StageScore, Status: judge.StatusPass, Verdict: goprep.VerdictWA})
	res := judge.Result{Verdict: goprep.VerdictWA, Problem: "safe-counter", MaxScore: 100,
		Tests: []judge.TestResult{{Name: "TestSnapshot", Status: judge.TestFail, Message: "want 2, got 1", Stage: judge.StageTest}},
		Stages: []judge.StageResult{
			{Name: judge.StageValidate, Status: judge.StatusPass, DurationMS: 3},
			{Name: judge.StageBuild, Status: judge.StatusPass, DurationMS: 900},
			{Name: judge.StageTest, Status: judge.StatusFail, DurationMS: 40, Verdict: goprep.VerdictWA},
			{Name: judge.StageRace, Status: judge.StatusSkipped},
			{Name: judge.StageLeak, Status: judge.StatusSkipped},
			{Name: judge.StageBench, Status: judge.StatusSkipped},
		}}
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.FinishSubmission(bg, sub.ID, worker, goprep.StatusDone, res.Verdict, 0, raw); err != nil {
		t.Fatal(err)
	}
	pg.step("the result", 10*time.Second, visible(`[data-testid=result] [data-testid=verdict]`))
	pg.shot("live-stages")
	if got := pg.text(`[data-testid=verdict]`); !strings.HasPrefix(got, "WA") {
		t.Errorf("verdict %q", got)
	}
	if got, want := stages(), "validate:pass:3 ms build:pass:900 ms test:fail:40 ms race:skipped: leak:skipped: bench:skipped: score:pass:"; got != want {
		t.Errorf("stages at the end:\n got %s\nwant %s", got, want)
	}
}
