package sandbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// The cgroup side of LevelFull. Every Runner owns one directory per
// hierarchy, made below the cgroup the judge itself runs in (so the judge's
// own limits still bound its programs), and every run gets a child of it
// with its own limits, removed at the end of the run.
//
// cgroup v1 (memory, pids and, when mounted, cpuacct as separate
// hierarchies) is used when memory and pids are mounted as v1 controllers,
// as on hybrid hosts where the v2 mount has no controllers. Otherwise cgroup
// v2 is used when the judge's cgroup can give memory and pids to children.

// cgroupMount is one mounted hierarchy.
type cgroupMount struct {
	v2          bool
	root        string          // the root of the hierarchy seen by this mount (mountinfo field 4)
	dir         string          // where it is mounted
	controllers map[string]bool // v1: the controllers bound to it
}

// cgroupHost is what the host offers, read from /proc/self/mountinfo and
// /proc/self/cgroup.
type cgroupHost struct {
	v1    map[string]cgroupMount // controller -> mount
	v2    *cgroupMount
	self1 map[string]string // v1 controller -> our cgroup path
	self2 string            // our v2 cgroup path
}

func readCgroupHost() (*cgroupHost, error) {
	mi, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	cg, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return nil, err
	}
	return parseCgroupHost(mi, cg), nil
}

// parseCgroupHost parses the contents of /proc/self/mountinfo and
// /proc/self/cgroup.
func parseCgroupHost(mountinfo, selfCgroup []byte) *cgroupHost {
	h := &cgroupHost{v1: map[string]cgroupMount{}, self1: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(mountinfo))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		sep := -1
		for i, s := range f {
			if s == "-" {
				sep = i
				break
			}
		}
		if sep < 5 || len(f) < sep+4 {
			continue
		}
		root, dir, fstype, super := unescapeMount(f[3]), unescapeMount(f[4]), f[sep+1], f[sep+3]
		switch fstype {
		case "cgroup2":
			if h.v2 == nil {
				h.v2 = &cgroupMount{v2: true, root: root, dir: dir}
			}
		case "cgroup":
			m := cgroupMount{root: root, dir: dir, controllers: map[string]bool{}}
			for _, o := range strings.Split(super, ",") {
				m.controllers[o] = true
			}
			for _, c := range []string{"memory", "pids", "cpuacct"} {
				if _, seen := h.v1[c]; m.controllers[c] && !seen {
					h.v1[c] = m
				}
			}
		}
	}
	sc = bufio.NewScanner(bytes.NewReader(selfCgroup))
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			h.self2 = parts[2]
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			h.self1[c] = parts[2]
		}
	}
	return h
}

// unescapeMount undoes the octal escapes of mountinfo (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// hostDir is the directory of cgroup path p (as in /proc/self/cgroup) under m.
func (m cgroupMount) hostDir(p string) (string, bool) {
	if m.root != "/" {
		// The mount shows a subtree (a container): p must lie in it.
		if p != m.root && !strings.HasPrefix(p, m.root+"/") {
			return "", false
		}
		p = strings.TrimPrefix(p, m.root)
	}
	return filepath.Join(m.dir, p), true
}

// cgroupBase is a Runner's own cgroup directory (one per v1 hierarchy).
type cgroupBase struct {
	v2     bool
	memory string // v1 memory dir, or the v2 dir
	pids   string // v1 only
	cpu    string // v1 cpuacct dir; "" when cpuacct is not mounted
	seq    atomic.Uint64
}

// errNoControllers: the host gives us no memory and pids controllers.
var errNoControllers = errors.New("no cgroup hierarchy with the memory and pids controllers")

// runnerSeq tells apart the cgroups of several Runners in one process.
var runnerSeq atomic.Uint64

// newCgroupBase makes the Runner's cgroup directories, or says why it cannot.
func newCgroupBase() (*cgroupBase, error) {
	h, err := readCgroupHost()
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("goprep-sandbox-%d-%d", os.Getpid(), runnerSeq.Add(1))
	if h.v1["memory"].dir != "" && h.v1["pids"].dir != "" {
		return newCgroupBaseV1(h, name)
	}
	if h.v2 != nil {
		return newCgroupBaseV2(h, name)
	}
	return nil, fmt.Errorf("%w is mounted", errNoControllers)
}

func newCgroupBaseV1(h *cgroupHost, name string) (*cgroupBase, error) {
	b := &cgroupBase{}
	mk := func(ctrl string) (string, error) {
		m := h.v1[ctrl]
		self, ok := h.self1[ctrl]
		if !ok {
			self = "/"
		}
		parent, ok := m.hostDir(self)
		if !ok {
			return "", fmt.Errorf("our %s cgroup %s is outside the mounted one", ctrl, self)
		}
		removeStale(parent)
		dir := filepath.Join(parent, name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			return "", fmt.Errorf("cgroup v1 %s: %w", ctrl, err)
		}
		return dir, nil
	}
	var err error
	if b.memory, err = mk("memory"); err != nil {
		return nil, err
	}
	if b.pids, err = mk("pids"); err != nil {
		b.close()
		return nil, err
	}
	if h.v1["cpuacct"].dir != "" {
		if b.cpu, err = mk("cpuacct"); err != nil {
			b.cpu = "" // CPU time then comes from the process itself
		}
	}
	// Children of the memory cgroup must account hierarchically; v1 has it
	// on by default on every kernel that still has v1, but ask anyway.
	os.WriteFile(filepath.Join(b.memory, "memory.use_hierarchy"), []byte("1"), 0)
	return b, nil
}

func newCgroupBaseV2(h *cgroupHost, name string) (*cgroupBase, error) {
	self, ok := h.v2.hostDir(h.self2)
	if !ok {
		return nil, fmt.Errorf("our cgroup %s is outside the mounted cgroup2", h.self2)
	}
	avail, err := os.ReadFile(filepath.Join(self, "cgroup.controllers"))
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, c := range strings.Fields(string(avail)) {
		have[c] = true
	}
	if !have["memory"] || !have["pids"] {
		return nil, fmt.Errorf("cgroup v2 %s offers only %q: %w", self, strings.TrimSpace(string(avail)), errNoControllers)
	}
	if err := enableControllers(self); err != nil {
		// The "no internal processes" rule: a cgroup with processes (us)
		// cannot give controllers to children. Move ourselves to a leaf
		// when we are alone in it; never move anybody else.
		procs, rerr := os.ReadFile(filepath.Join(self, "cgroup.procs"))
		if rerr != nil || strings.TrimSpace(string(procs)) != strconv.Itoa(os.Getpid()) {
			return nil, fmt.Errorf("cgroup v2 %s: cannot enable memory and pids for children: %w", self, err)
		}
		leaf := filepath.Join(self, "goprep-judge")
		if err := os.Mkdir(leaf, 0o755); err != nil && !os.IsExist(err) {
			return nil, fmt.Errorf("cgroup v2: %w", err)
		}
		if err := os.WriteFile(filepath.Join(leaf, "cgroup.procs"), []byte(strconv.Itoa(os.Getpid())), 0); err != nil {
			return nil, fmt.Errorf("cgroup v2: moving the judge to %s: %w", leaf, err)
		}
		if err := enableControllers(self); err != nil {
			return nil, fmt.Errorf("cgroup v2 %s: %w", self, err)
		}
	}
	removeStale(self)
	dir := filepath.Join(self, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cgroup v2: %w", err)
	}
	if err := enableControllers(dir); err != nil {
		os.Remove(dir)
		return nil, fmt.Errorf("cgroup v2 %s: %w", dir, err)
	}
	return &cgroupBase{v2: true, memory: dir}, nil
}

// removeStale removes what a judge that died left in parent: the cgroups
// named after a process that no longer exists, killing the programs still
// running in them (a PID namespace's init outlives the judge).
func removeStale(parent string) {
	ents, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range ents {
		var pid, n int
		if !e.IsDir() {
			continue
		}
		if _, err := fmt.Sscanf(e.Name(), "goprep-sandbox-%d-%d", &pid, &n); err != nil || pid <= 0 {
			continue
		}
		if err := syscall.Kill(pid, 0); err != syscall.ESRCH {
			continue // alive (or not ours to judge)
		}
		base := filepath.Join(parent, e.Name())
		runs, _ := os.ReadDir(base)
		for _, r := range runs {
			if r.IsDir() {
				killCgroup(filepath.Join(base, r.Name()))
				rmdirCgroup(filepath.Join(base, r.Name()))
			}
		}
		rmdirCgroup(base)
	}
}

// killCgroup kills every process in cgroup dir.
func killCgroup(dir string) {
	if writeCg(dir, "cgroup.kill", "1") == nil {
		return
	}
	b, err := os.ReadFile(filepath.Join(dir, "cgroup.procs"))
	if err != nil {
		return
	}
	for _, f := range strings.Fields(string(b)) {
		if pid, err := strconv.Atoi(f); err == nil && pid > 0 {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

func enableControllers(dir string) error {
	return os.WriteFile(filepath.Join(dir, "cgroup.subtree_control"), []byte("+memory +pids"), 0)
}

// kind is "v1" or "v2".
func (b *cgroupBase) kind() string {
	if b.v2 {
		return "v2"
	}
	return "v1"
}

// close removes the Runner's cgroup directories (they are empty once every
// run has finished).
func (b *cgroupBase) close() error {
	var first error
	for _, d := range []string{b.memory, b.pids, b.cpu} {
		if d == "" {
			continue
		}
		if err := rmdirCgroup(d); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// runCgroup is the cgroup of one run.
type runCgroup struct {
	b    *cgroupBase
	dirs []string // memory (or v2), pids, cpuacct
}

// newRun makes a run's cgroup with the memory and pids limits.
func (b *cgroupBase) newRun(lim Limits) (*runCgroup, error) {
	name := "run-" + strconv.FormatUint(b.seq.Add(1), 10)
	rc := &runCgroup{b: b}
	for _, parent := range []string{b.memory, b.pids, b.cpu} {
		if parent == "" {
			continue
		}
		d := filepath.Join(parent, name)
		if err := os.Mkdir(d, 0o755); err != nil {
			rc.destroy()
			return nil, fmt.Errorf("sandbox: cgroup: %w", err)
		}
		rc.dirs = append(rc.dirs, d)
	}
	mem := strconv.FormatInt(lim.Memory, 10)
	pids := strconv.Itoa(lim.Pids)
	var err error
	if b.v2 {
		err = errors.Join(
			writeCg(rc.dirs[0], "memory.max", mem),
			writeCg(rc.dirs[0], "pids.max", pids),
		)
		// No swap, and one OOM kill takes the whole run down. Both files may
		// be missing (no swap accounting, old kernel).
		writeCg(rc.dirs[0], "memory.swap.max", "0")
		writeCg(rc.dirs[0], "memory.oom.group", "1")
	} else {
		err = errors.Join(
			writeCg(rc.dirs[0], "memory.limit_in_bytes", mem),
			writeCg(rc.dirs[1], "pids.max", pids),
		)
		// memory+swap, when swap accounting exists; it must not be below
		// the memory limit, which was set first.
		if _, serr := os.Stat(filepath.Join(rc.dirs[0], "memory.memsw.limit_in_bytes")); serr == nil {
			err = errors.Join(err, writeCg(rc.dirs[0], "memory.memsw.limit_in_bytes", mem))
		}
	}
	if err != nil {
		rc.destroy()
		return nil, fmt.Errorf("sandbox: cgroup limits: %w", err)
	}
	return rc, nil
}

// procsFiles are the run's cgroup.procs files, as C strings for the child,
// which moves itself in.
func (rc *runCgroup) procsFiles() ([]*byte, error) {
	var fs []*byte
	for _, d := range rc.dirs {
		p, err := cString(filepath.Join(d, "cgroup.procs"))
		if err != nil {
			return nil, err
		}
		fs = append(fs, p)
	}
	return fs, nil
}

// cpu returns the CPU time the run's tasks used so far.
func (rc *runCgroup) cpu() (time.Duration, bool) {
	if rc.b.v2 {
		v, ok := readKeyed(rc.dirs[0], "cpu.stat", "usage_usec")
		return time.Duration(v) * time.Microsecond, ok
	}
	if rc.b.cpu == "" {
		return 0, false
	}
	v, ok := readInt(rc.dirs[2], "cpuacct.usage")
	return time.Duration(v), ok
}

// stats reads the memory peak, whether the OOM killer fired and whether
// the pids limit refused a task.
func (rc *runCgroup) stats() (peak int64, oom, pidsHit bool) {
	d := rc.dirs[0]
	if rc.b.v2 {
		peak, _ = readInt(d, "memory.peak")
		n, _ := readKeyed(d, "memory.events", "oom_kill")
		g, _ := readKeyed(d, "memory.events", "oom_group_kill")
		p, _ := readKeyed(d, "pids.events", "max")
		return peak, n > 0 || g > 0, p > 0
	}
	peak, _ = readInt(d, "memory.max_usage_in_bytes")
	n, ok := readKeyed(d, "memory.oom_control", "oom_kill")
	if !ok {
		// Kernels before 4.13 have no oom_kill count: hitting the limit is
		// the best sign left.
		n, _ = readInt(d, "memory.failcnt")
	}
	p, _ := readKeyed(rc.dirs[1], "pids.events", "max")
	return peak, n > 0, p > 0
}

// kill kills every task of the run where the kernel can do it atomically
// (cgroup.kill, v2). Under v1 the PID namespace does the job.
func (rc *runCgroup) kill() {
	if rc.b.v2 {
		writeCg(rc.dirs[0], "cgroup.kill", "1")
	}
}

// destroy removes the run's cgroup(s).
func (rc *runCgroup) destroy() error {
	var first error
	for _, d := range rc.dirs {
		if err := rmdirCgroup(d); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// rmdirCgroup removes a cgroup directory. Tasks that were just killed may
// still be leaving it (EBUSY) for a moment.
func rmdirCgroup(d string) error {
	var err error
	for i := 0; i < 100; i++ {
		err = syscall.Rmdir(d)
		if err == nil || err == syscall.ENOENT {
			return nil
		}
		if err != syscall.EBUSY {
			break
		}
		time.Sleep(time.Millisecond << min(i, 5))
	}
	return fmt.Errorf("sandbox: removing cgroup %s: %w", d, err)
}

func writeCg(dir, file, value string) error {
	return os.WriteFile(filepath.Join(dir, file), []byte(value), 0)
}

func readInt(dir, file string) (int64, bool) {
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return v, err == nil
}

// readKeyed reads the value of key from a "key value" per line file.
func readKeyed(dir, file, key string) (int64, bool) {
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		return 0, false
	}
	return parseKeyed(b, key)
}

func parseKeyed(b []byte, key string) (int64, bool) {
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, " ")
		if ok && k == key {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
