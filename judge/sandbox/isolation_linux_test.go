package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// isolatedLevels runs f once per isolating runner this host provides:
// LevelFull, LevelUserNS, and the user-namespace path of LevelUserNS even
// when running as root (what an ordinary user gets).
func isolatedLevels(t *testing.T, f func(t *testing.T, r Runner)) {
	t.Run("full", func(t *testing.T) { f(t, newRunnerT(t, LevelFull)) })
	t.Run("userns", func(t *testing.T) { f(t, newRunnerT(t, LevelUserNS)) })
	t.Run("userns-forced", func(t *testing.T) { f(t, newUserNSRunnerT(t)) })
}

// newUserNSRunnerT builds a LevelUserNS runner that goes through a user
// namespace even as root, or skips.
func newUserNSRunnerT(t testing.TB) Runner {
	t.Helper()
	if err := probeNamespaces(true); err != nil {
		t.Skipf("user namespaces not available: %v", err)
	}
	root, _, err := sandboxDirs()
	if err != nil {
		t.Fatal(err)
	}
	st := &fullStarter{level: LevelUserNS, userns: true, uid: NobodyID, gid: NobodyID, root: root}
	r := newRunner(LevelUserNS, st, Limits{}.withDefaults(Limits{
		Memory: DefaultMemory, Pids: DefaultPids, CPUTime: DefaultCPUTime, WallTime: DefaultWallTime,
		Output: DefaultOutput, Report: DefaultReport, FileSize: DefaultFileSize,
	}))
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return r
}

// assertClean checks that nothing of runs of r is left: no process running
// a program from dir, and (LevelFull) no run cgroup.
func assertClean(t *testing.T, r Runner, dir string) {
	t.Helper()
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err == nil && strings.HasPrefix(exe, dir+"/") {
			t.Errorf("process %s (%s) survived the run", e.Name(), exe)
		}
	}
	st, ok := r.(*runner).st.(*fullStarter)
	if !ok || st.cg == nil {
		return
	}
	for _, d := range []string{st.cg.memory, st.cg.pids, st.cg.cpu} {
		if d == "" {
			continue
		}
		sub, err := os.ReadDir(d)
		if err != nil {
			t.Errorf("reading the runner cgroup: %v", err)
			continue
		}
		for _, e := range sub {
			if e.IsDir() {
				t.Errorf("run cgroup %s/%s left behind", d, e.Name())
			}
		}
	}
}

// runClean runs spec in a fresh work dir, checks nothing is left behind and
// that a normal run works right after.
func runClean(t *testing.T, r Runner, spec Spec) *Result {
	t.Helper()
	wd := workDir(t)
	spec.WorkDir, spec.Path = wd, "prog"
	res := run(t, r, spec)
	assertClean(t, r, wd)
	after := run(t, r, Spec{WorkDir: wd, Path: "prog", Args: []string{"exit", "0"}})
	wantStatus(t, after, StatusOK)
	return res
}

func TestIdentity(t *testing.T) {
	isolatedLevels(t, func(t *testing.T, r Runner) {
		res := runClean(t, r, Spec{Args: []string{"echo"}})
		wantStatus(t, res, StatusOK)
		if !bytes.Contains(res.Stderr, []byte(" uid=65534 pid=1")) {
			t.Errorf("want uid 65534 as pid 1: %s", res.Stderr)
		}
		res = runClean(t, r, Spec{Args: []string{"setuid"}})
		if bytes.Equal(res.Stdout, []byte("<nil>\n")) {
			t.Errorf("setuid(0): %s", res.Stdout)
		}
		// PID 1 cannot be killed from inside; the attempt itself is harmless.
		res = runClean(t, r, Spec{Args: []string{"kill-parent-pid1"}})
		wantStatus(t, res, StatusOK)
	})
}

func TestNoNetwork(t *testing.T) {
	// Postgres listens on the host; make sure the host can reach it, so that
	// failing inside means something.
	if c, err := net.DialTimeout("tcp", "127.0.0.1:5432", time.Second); err == nil {
		c.Close()
	} else {
		t.Logf("note: 127.0.0.1:5432 not reachable from the host either: %v", err)
	}
	isolatedLevels(t, func(t *testing.T, r Runner) {
		for _, addr := range []string{"127.0.0.1:5432", "1.1.1.1:443", "[::1]:5432"} {
			res := runClean(t, r, Spec{Args: []string{"dial", addr}})
			wantStatus(t, res, StatusNonZero)
			if !bytes.Contains(res.Stdout, []byte("dial error")) {
				t.Errorf("dial %s: %s", addr, res.Stdout)
			}
		}
	})
}

func TestHostFilesInvisible(t *testing.T) {
	secretDir := t.TempDir()
	secret := filepath.Join(secretDir, "hidden_test.go")
	if err := os.WriteFile(secret, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache, _ := exec.Command("go", "env", "GOCACHE").Output()
	wd, _ := os.Getwd()
	paths := []string{"/etc/passwd", "/etc/shadow", "/root", secret, secretDir, wd, "/sys/fs/cgroup", "/var", "/home", "/usr/local/go", "/usr/bin/env"}
	if c := strings.TrimSpace(string(cache)); c != "" {
		paths = append(paths, c)
	}
	isolatedLevels(t, func(t *testing.T, r Runner) {
		for _, p := range paths {
			res := runClean(t, r, Spec{Args: []string{"read", p}})
			if res.Status == StatusOK {
				t.Errorf("read %s succeeded: %.200s", p, res.Stdout)
			}
			res = runClean(t, r, Spec{Args: []string{"ls", p}})
			if res.Status == StatusOK {
				t.Errorf("ls %s succeeded: %.200s", p, res.Stdout)
			}
		}
		// The root holds only what the sandbox put there.
		res := runClean(t, r, Spec{Args: []string{"ls", "/"}})
		wantStatus(t, res, StatusOK)
		allowed := map[string]bool{"dev": true, "proc": true, "tmp": true, "usr": true}
		for _, d := range libDirs {
			allowed[strings.Split(rel(d), "/")[0]] = true
		}
		for _, name := range strings.Fields(string(res.Stdout)) {
			if !allowed[name] {
				t.Errorf("unexpected /%s in the sandbox root", name)
			}
		}
		res = runClean(t, r, Spec{Args: []string{"ls", "/usr"}})
		for _, name := range strings.Fields(string(res.Stdout)) {
			if !strings.HasPrefix(name, "lib") {
				t.Errorf("unexpected /usr/%s in the sandbox", name)
			}
		}
		// /proc shows only the sandbox's own processes.
		res = runClean(t, r, Spec{Args: []string{"ls", "/proc"}})
		for _, name := range strings.Fields(string(res.Stdout)) {
			if name[0] >= '0' && name[0] <= '9' && name != "1" {
				t.Errorf("/proc shows process %s", name)
			}
		}
		// ReadOnly makes a path visible, read-only.
		res = runClean(t, r, Spec{Args: []string{"read", secret}, ReadOnly: []string{secretDir}})
		wantStatus(t, res, StatusOK)
		if string(res.Stdout) != "secret" {
			t.Errorf("read of a ReadOnly file: %q", res.Stdout)
		}
		res = runClean(t, r, Spec{Args: []string{"write", filepath.Join(secretDir, "x")}, ReadOnly: []string{secretDir}})
		wantStatus(t, res, StatusNonZero)
	})
}

func TestJudgeFDsNotInherited(t *testing.T) {
	// A file the judge has open without O_CLOEXEC (as a C library might
	// open a database) must not reach the program.
	secret := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(secret, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	fd, err := syscall.Open(secret, syscall.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	isolatedLevels(t, func(t *testing.T, r Runner) {
		res := runClean(t, r, Spec{Args: []string{"fd", strconv.Itoa(fd)}})
		if res.Status != StatusNonZero || bytes.Contains(res.Stdout, []byte("secret")) {
			t.Errorf("fd %d in the sandbox: %s %s", fd, res.Status, res.Stdout)
		}
		// The report fd is there when asked for.
		res = runClean(t, r, Spec{Args: []string{"fd", "3"}, ReportFD: true})
		wantStatus(t, res, StatusOK)
	})
}

func TestWritesContained(t *testing.T) {
	isolatedLevels(t, func(t *testing.T, r Runner) {
		name := fmt.Sprintf("goprep-sandbox-escape-%d", time.Now().UnixNano())
		for _, p := range []string{"/" + name, "/usr/lib/" + name, "/dev/" + name, "/proc/" + name} {
			res := runClean(t, r, Spec{Args: []string{"write", p}})
			if res.Status != StatusNonZero {
				t.Errorf("write %s: %s %s", p, res.Status, res.Stdout)
			}
			if _, err := os.Stat(p); err == nil {
				os.Remove(p)
				t.Errorf("%s appeared on the host", p)
			}
		}
		// The private /tmp is writable and stays private.
		res := runClean(t, r, Spec{Args: []string{"write", "/tmp/" + name}})
		wantStatus(t, res, StatusOK)
		if _, err := os.Stat("/tmp/" + name); err == nil {
			os.Remove("/tmp/" + name)
			t.Errorf("/tmp/%s appeared on the host", name)
		}
		// The work dir is writable and shared with the host.
		wd := workDir(t)
		res = run(t, r, Spec{WorkDir: wd, Path: "prog", Args: []string{"write", filepath.Join(wd, "out.txt")}})
		wantStatus(t, res, StatusOK)
		if b, err := os.ReadFile(filepath.Join(wd, "out.txt")); err != nil || string(b) != "pwned\n" {
			t.Errorf("work dir file: %q %v", b, err)
		}
		// The program itself is read-only to it? No: it owns the dir, but a
		// file the judge put there and did not give away stays unwritable.
		res = run(t, r, Spec{WorkDir: wd, Path: "prog", Args: []string{"write", filepath.Join(wd, "prog")}})
		if r.Level() == LevelFull {
			wantStatus(t, res, StatusNonZero)
		}
	})
}

func TestMemoryLimit(t *testing.T) {
	r := newRunnerT(t, LevelFull)
	res := runClean(t, r, Spec{Args: []string{"alloc", "1024"}, Limits: Limits{Memory: 128 << 20}})
	wantStatus(t, res, StatusMemoryLimit)
	if res.MemoryPeak < 64<<20 || res.MemoryPeak > 140<<20 {
		t.Errorf("memory peak %d MiB for a 128 MiB limit", res.MemoryPeak>>20)
	}
	// Under the limit is fine, and the peak is measured.
	res = runClean(t, r, Spec{Args: []string{"alloc", "32"}, Limits: Limits{Memory: 128 << 20}})
	wantStatus(t, res, StatusOK)
	if res.MemoryPeak < 32<<20 || res.MemoryPeak > 128<<20 {
		t.Errorf("memory peak %d MiB for 32 MiB allocated", res.MemoryPeak>>20)
	}
}

func TestPidsLimit(t *testing.T) {
	r := newRunnerT(t, LevelFull)
	for _, mode := range []string{"forkbomb", "threads"} {
		t.Run(mode, func(t *testing.T) {
			res := runClean(t, r, Spec{Args: []string{mode}, Limits: Limits{Pids: 32, WallTime: 3 * time.Second}})
			if res.Status == StatusOK {
				t.Errorf("%s ended OK: %s", mode, res.Stdout)
			}
			if !res.PidsLimitHit {
				t.Errorf("%s: pids limit not reported (status %s)", mode, res.Status)
			}
			if res.WallTime > 10*time.Second {
				t.Errorf("%s took %v", mode, res.WallTime)
			}
		})
	}
}

func TestHostileThenNormal(t *testing.T) {
	// Output, CPU and wall limits leave nothing behind either.
	isolatedLevels(t, func(t *testing.T, r Runner) {
		res := runClean(t, r, Spec{Args: []string{"print", "100"}, Limits: Limits{Output: 64 << 10}})
		wantStatus(t, res, StatusOutputLimit)
		res = runClean(t, r, Spec{Args: []string{"spin-threads"}, Limits: Limits{CPUTime: 300 * time.Millisecond}})
		wantStatus(t, res, StatusTimeLimit)
		res = runClean(t, r, Spec{Args: []string{"sleep-child"}, Limits: Limits{WallTime: 5 * time.Second}})
		wantStatus(t, res, StatusOK)
	})
}

func TestConcurrentRuns(t *testing.T) {
	r := newRunnerT(t, LevelFull)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wd := workDir(t)
			res, err := r.Run(context.Background(), Spec{WorkDir: wd, Path: "prog", Args: []string{"exit", fmt.Sprint(i)}})
			switch {
			case err != nil:
				errs <- err.Error()
			case res.ExitCode != i:
				errs <- fmt.Sprintf("run %d: exit %d", i, res.ExitCode)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestRaceBinary builds a -race test binary (dynamically linked to libc)
// and runs it in the sandbox: a racy test must be caught, a clean one pass.
func TestRaceBinary(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler: -race needs cgo")
	}
	src := t.TempDir()
	files := map[string]string{
		"go.mod": "module racy\n\ngo 1.26\n",
		"racy.go": `package racy

// Count adds n to a counter from n goroutines; racy when safe is false.
func Count(n int, safe bool) int {
	c := 0
	done := make(chan bool)
	var lock = make(chan struct{}, 1)
	for i := 0; i < n; i++ {
		go func() {
			if safe {
				lock <- struct{}{}
			}
			c++
			if safe {
				<-lock
			}
			done <- true
		}()
	}
	for i := 0; i < n; i++ {
		<-done
	}
	return c
}
`,
		"racy_test.go": `package racy

import "testing"

func TestSafe(t *testing.T) {
	if Count(10, true) != 10 {
		t.Fatal("wrong count")
	}
}

func TestRacy(t *testing.T) { Count(10, false) }
`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wd := t.TempDir()
	bin := filepath.Join(wd, "racy.test")
	cmd := exec.Command("go", "test", "-race", "-c", "-o", bin, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test -race -c: %v\n%s", err, out)
	}
	if out, _ := exec.Command("file", bin).Output(); len(out) > 0 {
		t.Logf("%s", bytes.TrimSpace(out))
	}
	isolatedLevels(t, func(t *testing.T, r Runner) {
		env := []string{"GORACE=halt_on_error=1 atexit_sleep_ms=0"}
		res := run(t, r, Spec{WorkDir: wd, Path: bin, Env: env, Args: []string{"-test.run=TestSafe", "-test.v"}})
		wantStatus(t, res, StatusOK)
		if !bytes.Contains(res.Stdout, []byte("--- PASS: TestSafe")) {
			t.Errorf("stdout: %s", res.Stdout)
		}
		res = run(t, r, Spec{WorkDir: wd, Path: bin, Env: env, Args: []string{"-test.run=TestRacy", "-test.v"}})
		wantStatus(t, res, StatusNonZero)
		if res.ExitCode != 66 || !bytes.Contains(res.Stderr, []byte("WARNING: DATA RACE")) {
			t.Errorf("racy test: exit %d\nstdout: %s\nstderr: %.2000s", res.ExitCode, res.Stdout, res.Stderr)
		}
		assertClean(t, r, wd)
	})
}

// TestNetworkNamespacesApart checks that runs never share a network
// namespace while they run (LevelFull reuses them from a pool): a run that
// listens on an abstract unix socket, which is scoped by the network
// namespace, is unreachable from a concurrent run and gone for the next
// one, and every run sees only a loopback device without routes.
func TestNetworkNamespacesApart(t *testing.T) {
	isolatedLevels(t, func(t *testing.T, r Runner) {
		name := fmt.Sprintf("goprep-sandbox-test-%d", time.Now().UnixNano())
		wd := workDir(t)
		marker := filepath.Join(wd, "listening")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan *Result, 1)
		go func() {
			res, err := r.Run(ctx, Spec{WorkDir: wd, Path: "prog", Args: []string{"listen-abstract", name, marker},
				Limits: Limits{WallTime: 20 * time.Second}})
			if err == nil {
				t.Errorf("the listener ended by itself: %+v", res)
			}
			done <- res
		}()
		// Wait (bounded) for the listener to be up.
		deadline := time.Now().Add(15 * time.Second)
		for {
			if _, err := os.Stat(marker); err == nil {
				break
			}
			select {
			case res := <-done:
				t.Fatalf("the listener ended early: %+v", res)
			case <-time.After(10 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				t.Fatal("the listener did not start")
			}
		}
		res := run(t, r, Spec{Args: []string{"dial-abstract", name}})
		if res.Status != StatusNonZero || !bytes.Contains(res.Stdout, []byte("dial error")) {
			t.Errorf("a concurrent run reached the listener: %s %s", res.Status, res.Stdout)
		}
		st, ok := r.(*runner).st.(*fullStarter)
		if ok && st.nets != nil {
			st.nets.mu.Lock()
			free := len(st.nets.free)
			st.nets.mu.Unlock()
			t.Logf("pooled network namespaces: %d", free)
		}
		cancel()
		<-done
		for i := 0; i < 3; i++ {
			res = run(t, r, Spec{Args: []string{"dial-abstract", name}})
			if res.Status != StatusNonZero {
				t.Errorf("a later run reached the listener: %s %s", res.Status, res.Stdout)
			}
		}
		for file, want := range map[string]int{"/proc/net/route": 1, "/proc/net/dev": 3, "/proc/net/unix": 1} {
			res = run(t, r, Spec{Args: []string{"read", file}})
			wantStatus(t, res, StatusOK)
			lines := strings.Split(strings.TrimSpace(string(res.Stdout)), "\n")
			if len(lines) != want {
				t.Errorf("%s in the sandbox: %d lines, want %d:\n%s", file, len(lines), want, res.Stdout)
			}
		}
		res = run(t, r, Spec{Args: []string{"read", "/proc/net/dev"}})
		if !bytes.Contains(res.Stdout, []byte("lo:")) {
			t.Errorf("/proc/net/dev: %s", res.Stdout)
		}
	})
}
