package sandbox

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestParseCgroupHost(t *testing.T) {
	hybrid := `30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 30 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
40 30 0:37 / /sys/fs/cgroup/unified rw,relatime shared:5 - cgroup2 cgroup2 rw
`
	self := "9:name=systemd:/\n8:pids:/a\n4:memory:/process_api/x\n2:cpu,cpuacct:/\n0::/\n"
	h := parseCgroupHost([]byte(hybrid), []byte(self))
	if h.v1["memory"].dir != "/sys/fs/cgroup/memory" || h.v1["pids"].dir != "/sys/fs/cgroup/pids" || h.v1["cpuacct"].dir != "/sys/fs/cgroup/cpu,cpuacct" {
		t.Errorf("v1 mounts: %+v", h.v1)
	}
	if h.v2 == nil || h.v2.dir != "/sys/fs/cgroup/unified" {
		t.Errorf("v2 mount: %+v", h.v2)
	}
	if h.self1["memory"] != "/process_api/x" || h.self1["pids"] != "/a" || h.self1["cpuacct"] != "/" || h.self2 != "/" {
		t.Errorf("own cgroups: %v %q", h.self1, h.self2)
	}

	// A v2-only host inside a container: the mount shows a subtree.
	v2 := "25 20 0:26 /user.slice/judge /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
	h = parseCgroupHost([]byte(v2), []byte("0::/user.slice/judge/svc\n"))
	if len(h.v1) != 0 || h.v2 == nil {
		t.Fatalf("v2-only: %+v", h)
	}
	if d, ok := h.v2.hostDir(h.self2); !ok || d != "/sys/fs/cgroup/svc" {
		t.Errorf("hostDir = %q %v", d, ok)
	}
	if _, ok := h.v2.hostDir("/elsewhere"); ok {
		t.Error("a cgroup outside the mounted subtree was accepted")
	}
	if got := unescapeMount(`/a\040b`); got != "/a b" {
		t.Errorf("unescape: %q", got)
	}
}

func TestParseKeyed(t *testing.T) {
	b := []byte("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n")
	if v, ok := parseKeyed(b, "oom_kill"); !ok || v != 3 {
		t.Errorf("oom_kill = %d %v", v, ok)
	}
	if _, ok := parseKeyed(b, "missing"); ok {
		t.Error("missing key found")
	}
}

// TestStaleCgroupsRemoved simulates a judge that died mid-run: a runner
// cgroup named after a pid that no longer exists, with a program still
// sleeping in it. The next Runner kills the program and removes the cgroups.
func TestStaleCgroupsRemoved(t *testing.T) {
	r := newRunnerT(t, LevelFull)
	st := r.(*runner).st.(*fullStarter)
	// A pid that does not exist: a reaped child's.
	dead, err := os.StartProcess(progPath, []string{"prog", "true"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	dead.Wait()
	sleeper, err := os.StartProcess(progPath, []string{"prog", "sleep"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	defer sleeper.Kill()
	stale := fmt.Sprintf("goprep-sandbox-%d-1", dead.Pid)
	var made []string
	for _, d := range []string{st.cg.memory, st.cg.pids} {
		run := filepath.Join(filepath.Dir(d), stale, "run-1")
		if err := os.MkdirAll(run, 0o755); err != nil {
			t.Fatal(err)
		}
		made = append(made, filepath.Dir(run))
		if err := writeCg(run, "cgroup.procs", fmt.Sprint(sleeper.Pid)); err != nil {
			t.Fatal(err)
		}
	}
	newRunnerT(t, LevelFull)
	done := make(chan *os.ProcessState, 1)
	go func() {
		ps, _ := sleeper.Wait()
		done <- ps
	}()
	select {
	case ps := <-done:
		if ps.Success() {
			t.Errorf("the sleeper exited normally: %v", ps)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the stale program was not killed")
	}
	for _, d := range made {
		if _, err := os.Stat(d); err == nil {
			t.Errorf("stale cgroup %s still there", d)
			os.Remove(filepath.Join(d, "run-1"))
			os.Remove(d)
		}
	}
}
