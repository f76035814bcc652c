package judge

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/store"
	"github.com/goprep/goprep/store/storetest"
)

var judgedLogRE = regexp.MustCompile(`msg=judged .*?\bsubmission=(\d+)`)

// TestTwoJudgeProcessesSurviveSIGKILL runs two `goprep judge` processes on
// one Postgres, kills one with SIGKILL midway, and checks that all 50
// submissions are judged, none of them twice.
func TestTwoJudgeProcessesSurviveSIGKILL(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	j := testJudge(t) // warms the shared data dir the processes use
	ctx := t.Context()

	// A light copy of safe-counter (tests only) keeps each judging short.
	catalog := t.TempDir()
	dst := filepath.Join(catalog, "safe-counter")
	if err := os.CopyFS(dst, os.DirFS(filepath.Join(catalogDir(t), "safe-counter"))); err != nil {
		t.Fatal(err)
	}
	specPath := filepath.Join(dst, "problem.yaml")
	spec, _ := os.ReadFile(specPath)
	light := regexp.MustCompile(`(?s)checks:.*?\nscoring:.*?\nmutants:`).ReplaceAllString(string(spec), "checks: {}\nscoring:\n  tests: 100\nmutants:")
	if err := os.WriteFile(specPath, []byte(light), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := LoadPackage(dst)
	if err != nil {
		t.Fatal(err)
	}

	db, err := store.Open(ctx, dsn, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.UpsertProblem(ctx, p.Problem()); err != nil {
		t.Fatal(err)
	}
	u := &goprep.User{Email: "kill@example.com", Name: "Kill", Role: goprep.RoleCandidate, PasswordHash: "x"}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	const total = 50
	ids := make([]int64, 0, total)
	for i := range total {
		files := p.Reference
		if i%5 == 4 {
			files = p.Mutants["snapshot-alias"]
		}
		s := &goprep.Submission{UserID: u.ID, ProblemSlug: "safe-counter", Files: files}
		if err := db.CreateSubmission(ctx, s); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}

	bin := filepath.Join(t.TempDir(), "goprep")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/goprep")
	build.Dir = filepath.Join(catalogDir(t), "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build goprep: %v\n%s", err, out)
	}
	var mu sync.Mutex
	judged := map[int64]int{}
	start := func(name string) (*exec.Cmd, chan struct{}) {
		cmd := exec.Command(bin, "judge", "--db", dsn, "--problems", catalog, "--workers", "2",
			"--lease", "3s", "--poll", "100ms", "--owner", name, "--judge-data", j.dataDir, "--insecure-no-sandbox")
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				if m := judgedLogRE.FindStringSubmatch(sc.Text()); m != nil {
					var id int64
					fmt.Sscan(m[1], &id)
					mu.Lock()
					judged[id]++
					mu.Unlock()
				}
			}
			io.Copy(io.Discard, stderr)
		}()
		return cmd, done
	}
	a, aDone := start("judge-a")
	b, bDone := start("judge-b")
	defer func() {
		b.Process.Signal(syscall.SIGTERM)
		b.Wait()
		<-bDone
	}()

	countDone := func() int {
		n := 0
		for _, id := range ids {
			s, err := db.SubmissionByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if s.Status == goprep.StatusDone {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(10 * time.Minute)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	killed := false
	for {
		n := countDone()
		if !killed && n >= 10 {
			if err := a.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			a.Wait()
			<-aDone
			killed = true
			t.Logf("killed judge-a with %d of %d done", n, total)
		}
		if n == total {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d judged in time", n, total)
		}
		<-tick.C
	}
	if !killed {
		t.Fatal("judge-a was never killed")
	}
	mu.Lock()
	defer mu.Unlock()
	for i, id := range ids {
		s, err := db.SubmissionByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := goprep.VerdictAC
		if i%5 == 4 {
			want = goprep.VerdictWA
		}
		if s.Verdict != want {
			t.Errorf("submission %d: %s, want %s", id, s.Verdict, want)
		}
		if judged[id] > 1 {
			t.Errorf("submission %d was stored %d times", id, judged[id])
		}
	}
	var logged []string
	for id, n := range judged {
		if n == 1 {
			logged = append(logged, fmt.Sprint(id))
		}
	}
	if len(logged) < total-2 {
		t.Errorf("only %d judgings logged: %s", len(logged), strings.Join(logged, ","))
	}
}
