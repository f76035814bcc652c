package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// progPath is the test program (testdata/prog), built once by TestMain.
var progPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sandbox-test-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	progPath = filepath.Join(dir, "prog")
	cmd := exec.Command("go", "build", "-o", progPath, "./testdata/prog")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building testdata/prog: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// workDir makes a fresh work dir holding a copy of the test program.
func workDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	copyFile(t, progPath, filepath.Join(dir, "prog"), 0o755)
	return dir
}

func copyFile(t testing.TB, from, to string, mode os.FileMode) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// newRunnerT builds a Runner at level or skips the test, saying why.
func newRunnerT(t testing.TB, level Level) Runner {
	t.Helper()
	r, err := New(Options{Level: level, Insecure: level == LevelNone})
	if err != nil {
		if level == LevelNone || mustIsolate() {
			t.Fatalf("level %s: %v (%s)", level, err, Detect())
		}
		t.Skipf("level %s not available here: %v (%s)", level, err, Detect())
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return r
}

// allLevels runs f once per level this host provides.
func allLevels(t *testing.T, f func(t *testing.T, r Runner)) {
	for _, l := range []Level{LevelNone, LevelFull, LevelUserNS} {
		t.Run(string(l), func(t *testing.T) {
			f(t, newRunnerT(t, l))
		})
	}
}

func run(t testing.TB, r Runner, spec Spec) *Result {
	t.Helper()
	if spec.WorkDir == "" {
		spec.WorkDir = workDir(t)
	}
	if spec.Path == "" {
		spec.Path = "prog"
	}
	res, err := r.Run(context.Background(), spec)
	if err != nil {
		t.Fatalf("Run(%v): %v", spec.Args, err)
	}
	if res.Level != r.Level() {
		t.Errorf("Result.Level = %q, runner level %q", res.Level, r.Level())
	}
	return res
}

func wantStatus(t testing.TB, res *Result, want Status) {
	t.Helper()
	if res.Status != want {
		t.Fatalf("status %q (exit %d, signal %q, cpu %v, wall %v, mem %d), want %q\nstdout: %.500s\nstderr: %.500s",
			res.Status, res.ExitCode, res.Signal, res.CPUTime, res.WallTime, res.MemoryPeak, want, res.Stdout, res.Stderr)
	}
}

func TestNewRefusesNoneWithoutInsecure(t *testing.T) {
	_, err := New(Options{Level: LevelNone})
	if err == nil || !strings.Contains(err.Error(), "--insecure-no-sandbox") {
		t.Fatalf("New(LevelNone) without Insecure: err = %v, want one naming --insecure-no-sandbox", err)
	}
	if d := Detect(); d.Level == LevelNone {
		_, err := New(Options{})
		if err == nil || !strings.Contains(err.Error(), "--insecure-no-sandbox") {
			t.Fatalf("New on a host without isolation: err = %v", err)
		}
	}
}

func TestExitCodes(t *testing.T) {
	allLevels(t, func(t *testing.T, r Runner) {
		res := run(t, r, Spec{Args: []string{"exit", "0"}})
		wantStatus(t, res, StatusOK)
		if res.ExitCode != 0 || string(res.Stdout) != "exiting with 0\n" {
			t.Errorf("exit 0: code %d stdout %q", res.ExitCode, res.Stdout)
		}
		res = run(t, r, Spec{Args: []string{"exit", "7"}})
		wantStatus(t, res, StatusNonZero)
		if res.ExitCode != 7 || res.Signal != "" {
			t.Errorf("exit 7: code %d signal %q", res.ExitCode, res.Signal)
		}
		res = run(t, r, Spec{Args: []string{"panic"}})
		wantStatus(t, res, StatusNonZero)
		if res.ExitCode != 2 || !bytes.Contains(res.Stderr, []byte("panic: boom")) {
			t.Errorf("panic: code %d stderr %q", res.ExitCode, res.Stderr)
		}
	})
}

func TestStdinEnvWorkDir(t *testing.T) {
	allLevels(t, func(t *testing.T, r Runner) {
		wd := workDir(t)
		res := run(t, r, Spec{WorkDir: wd, Args: []string{"echo"}, Stdin: []byte("hello sandbox"), Env: []string{"A=1"}})
		wantStatus(t, res, StatusOK)
		if string(res.Stdout) != "hello sandbox" {
			t.Errorf("stdout %q", res.Stdout)
		}
		if want := fmt.Sprintf(`env=["A=1"] wd=%s`, wd); !strings.HasPrefix(string(res.Stderr), want) {
			t.Errorf("stderr %q, want prefix %q", res.Stderr, want)
		}
	})
}

func TestReportFD(t *testing.T) {
	allLevels(t, func(t *testing.T, r Runner) {
		res := run(t, r, Spec{Args: []string{"report", "3"}, ReportFD: true})
		wantStatus(t, res, StatusOK)
		if string(res.Report) != "line 0\nline 1\nline 2\n" || res.ReportTruncated {
			t.Errorf("report %q truncated %v", res.Report, res.ReportTruncated)
		}
		if string(res.Stdout) != "reported\n" {
			t.Errorf("stdout %q", res.Stdout)
		}
		// Over the cap: kept up to it, the run goes on.
		res = run(t, r, Spec{Args: []string{"report", "100000"}, ReportFD: true, Limits: Limits{Report: 1000}})
		wantStatus(t, res, StatusOK)
		if len(res.Report) != 1000 || !res.ReportTruncated {
			t.Errorf("capped report: %d bytes, truncated %v", len(res.Report), res.ReportTruncated)
		}
		// Without ReportFD, fd 3 does not exist.
		res = run(t, r, Spec{Args: []string{"report", "3"}})
		wantStatus(t, res, StatusOK)
		if res.Report != nil {
			t.Errorf("report without ReportFD: %q", res.Report)
		}
	})
}

func TestWallTimeLimit(t *testing.T) {
	allLevels(t, func(t *testing.T, r Runner) {
		res := run(t, r, Spec{Args: []string{"sleep"}, Limits: Limits{WallTime: 300 * time.Millisecond}})
		wantStatus(t, res, StatusTimeLimit)
		if res.WallTime < 300*time.Millisecond || res.WallTime > 5*time.Second {
			t.Errorf("wall time %v for a 300ms limit", res.WallTime)
		}
	})
}

func TestCPUTimeLimit(t *testing.T) {
	allLevels(t, func(t *testing.T, r Runner) {
		for _, mode := range []string{"spin", "spin-threads"} {
			res := run(t, r, Spec{Args: []string{mode}, Limits: Limits{CPUTime: 500 * time.Millisecond, WallTime: 20 * time.Second}})
			wantStatus(t, res, StatusTimeLimit)
			if res.CPUTime < 500*time.Millisecond || res.CPUTime > 3*time.Second {
				t.Errorf("%s: cpu time %v for a 500ms limit", mode, res.CPUTime)
			}
			if res.WallTime > 10*time.Second {
				t.Errorf("%s: took %v of wall time", mode, res.WallTime)
			}
		}
	})
}

func TestOutputLimit(t *testing.T) {
	allLevels(t, func(t *testing.T, r Runner) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res := run(t, r, Spec{Args: []string{"print", "100"}, Limits: Limits{Output: 1 << 20}})
		runtime.ReadMemStats(&after)
		wantStatus(t, res, StatusOutputLimit)
		// 100 MiB went through the pipe; the judge kept (and allocated) ~1 MiB.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
			t.Errorf("the judge allocated %d MiB reading the output", alloc>>20)
		}
		if len(res.Stdout)+len(res.Stderr) != 1<<20 {
			t.Errorf("kept %d bytes, want exactly the 1 MiB cap", len(res.Stdout)+len(res.Stderr))
		}
		if res.WallTime > 5*time.Second {
			t.Errorf("output limit took %v", res.WallTime)
		}
		// Exactly at the cap is fine.
		res = run(t, r, Spec{Args: []string{"print", "1"}, Limits: Limits{Output: 1 << 20}})
		wantStatus(t, res, StatusOK)
	})
}

func TestChildKilledWithTree(t *testing.T) {
	allLevels(t, func(t *testing.T, r Runner) {
		// The program exits at once, leaving a sleeping child that holds its stdout.
		res := run(t, r, Spec{Args: []string{"sleep-child"}, Limits: Limits{WallTime: 20 * time.Second}})
		wantStatus(t, res, StatusOK)
		if res.WallTime > 5*time.Second {
			t.Errorf("run took %v: the orphan kept it alive", res.WallTime)
		}
		if r.Level() == LevelNone {
			var pid int
			if _, err := fmt.Sscanf(string(res.Stdout), "child %d", &pid); err != nil {
				t.Fatalf("stdout %q: %v", res.Stdout, err)
			}
			if !exitsSoon(pid, 5*time.Second) {
				t.Errorf("child %d still alive", pid)
			}
		}
	})
}

func TestSignalReported(t *testing.T) {
	r := newRunnerT(t, LevelNone)
	res := run(t, r, Spec{Args: []string{"kill-self"}})
	wantStatus(t, res, StatusSignaled)
	if res.Signal != "SIGKILL" || res.ExitCode != -1 {
		t.Errorf("signal %q exit %d", res.Signal, res.ExitCode)
	}
}

func TestContextCanceled(t *testing.T) {
	allLevels(t, func(t *testing.T, r Runner) {
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, err := r.Run(ctx, Spec{WorkDir: workDir(t), Path: "prog", Args: []string{"sleep"}})
			errc <- err
		}()
		cancel()
		select {
		case err := <-errc:
			if err == nil {
				t.Fatal("canceled run returned no error")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("canceled run did not return")
		}
	})
}

func TestBadSpec(t *testing.T) {
	r := newRunnerT(t, LevelNone)
	for _, spec := range []Spec{
		{},
		{WorkDir: t.TempDir(), Path: "missing"},
		{WorkDir: "/nonexistent-dir", Path: "prog"},
		{WorkDir: workDir(t), Path: "prog", ReadOnly: []string{"relative"}},
	} {
		if _, err := r.Run(context.Background(), spec); err == nil {
			t.Errorf("Run(%+v) succeeded", spec)
		}
	}
}
