package sandbox

import "testing"

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
