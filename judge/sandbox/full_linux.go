package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/goprep/goprep"
)

// nsFlags are the namespaces every isolated run gets.
const nsFlags = unix.CLONE_NEWNS | unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWIPC | unix.CLONE_NEWUTS

// libDirs are the host directories a dynamically linked program (a -race
// test binary links libc) needs; those that exist are bound read-only.
var libDirs = []string{"/lib", "/lib64", "/lib32", "/libx32", "/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libx32"}

// devices are bound into the private /dev.
var devices = []struct {
	path string
	rw   bool
}{{"/dev/null", true}, {"/dev/zero", true}, {"/dev/full", true}, {"/dev/random", false}, {"/dev/urandom", false}}

// probe is the result of trying to set up namespaces once.
type probe struct {
	root   error // namespaces as root (no user namespace)
	userns error // namespaces inside a new user namespace
	cgroup error // a Runner cgroup could be made
	kind   string
}

var detected = sync.OnceValue(func() probe {
	var p probe
	if os.Geteuid() == 0 {
		p.root = probeNamespaces(false)
	} else {
		p.root = errors.New("not root")
	}
	if p.root != nil {
		p.userns = probeNamespaces(true)
	}
	if b, err := newCgroupBase(); err != nil {
		p.cgroup = err
	} else {
		p.kind = b.kind()
		if err := b.close(); err != nil {
			p.cgroup = err
		}
	}
	return p
})

func detect() Detection {
	p := detected()
	switch {
	case p.root != nil && p.userns != nil:
		return Detection{Level: LevelNone, Missing: fmt.Sprintf("cannot create namespaces: as root: %v; in a user namespace: %v", p.root, p.userns)}
	case p.cgroup != nil:
		return Detection{Level: LevelUserNS, Missing: fmt.Sprintf("namespaces work but cgroups do not (no memory or pids limits): %v", p.cgroup)}
	default:
		return Detection{Level: LevelFull, Cgroup: p.kind}
	}
}

// probeNamespaces sets up everything a run gets and then execs a path that
// does not exist: failing exactly at execve proves every step before it
// worked, without needing any program to run.
func probeNamespaces(userns bool) error {
	root, dir, err := sandboxDirs()
	if err != nil {
		return err
	}
	s := &fullStarter{root: root, userns: userns, uid: NobodyID, gid: NobodyID}
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		return err
	}
	defer devNull.Close()
	spec := &Spec{Path: "/nonexistent/goprep-probe", WorkDir: dir, Env: []string{}}
	lim := Limits{Memory: 1 << 20, CPUTime: time.Second, FileSize: 1 << 20}
	c, err := s.config(spec, lim, []*os.File{devNull, devNull, devNull})
	if err != nil {
		return err
	}
	pid, err := startChild(c)
	if err == nil {
		// Cannot happen: the path does not exist. Reap it anyway.
		var ws unix.WaitStatus
		unix.Wait4(pid, &ws, 0, nil)
		return errors.New("probe: exec of a missing file succeeded")
	}
	var ce *childError
	if errors.As(err, &ce) && ce.step == stepExec && ce.errno == syscall.ENOENT {
		return nil
	}
	return err
}

// newIsolatedStarter makes the starter of LevelFull or LevelUserNS.
func newIsolatedStarter(level Level, opts Options) (starter, error) {
	p := detected()
	if p.root != nil && p.userns != nil {
		return nil, goprep.Errorf(goprep.EUNSUPPORTED, "sandbox: level %s not available: %s", level, detect().Missing)
	}
	s := &fullStarter{level: level, userns: p.root != nil, uid: opts.UID, gid: opts.GID}
	if level == LevelFull {
		cg, err := newCgroupBase()
		if err != nil {
			return nil, goprep.Errorf(goprep.EUNSUPPORTED, "sandbox: level full not available: cgroups: %v", err)
		}
		s.cg = cg
	}
	if !s.userns {
		s.nets = newNetPool()
	}
	root, _, err := sandboxDirs()
	if err != nil {
		if s.cg != nil {
			s.cg.close()
		}
		return nil, err
	}
	s.root = root
	return s, nil
}

// sandboxDirs returns two empty directories, made once per uid and kept:
// root, the host mount point of every run's private root (each run mounts
// its tmpfs there inside its own mount namespace, so one directory serves
// all runs at once), and probe, the work dir of the detection probe.
func sandboxDirs() (root, probe string, err error) {
	base := filepath.Join(os.TempDir(), fmt.Sprintf("goprep-sandbox-%d", os.Geteuid()))
	if err := ownDir(base); err != nil {
		return "", "", err
	}
	root, probe = filepath.Join(base, "root"), filepath.Join(base, "probe")
	for _, d := range []string{root, probe} {
		if err := ownDir(d); err != nil {
			return "", "", err
		}
	}
	return root, probe, nil
}

// ownDir makes dir (mode 0700) or checks that the one there is a real
// directory of ours that nobody else can write: the temp dir is shared.
func ownDir(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !os.IsExist(err) {
		return fmt.Errorf("sandbox: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || !ok || int(st.Uid) != os.Geteuid() || fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("sandbox: %s is not a private directory of uid %d", dir, os.Geteuid())
	}
	return nil
}

// fullStarter starts programs in namespaces (LevelFull with cg set,
// LevelUserNS without).
type fullStarter struct {
	level    Level
	userns   bool // namespaces through a user namespace (not root)
	uid, gid int
	root     string // an empty host directory: the mount point of each run's private root (see sandboxDirs)
	cg       *cgroupBase
	nets     *netPool // nil: each run gets a new network namespace

	fixedOnce   sync.Once
	fixedMounts *fixedMounts
}

func (s *fullStarter) close() error {
	if s.nets != nil {
		s.nets.close()
	}
	var err error
	if s.cg != nil {
		err = s.cg.close()
	}
	return err
}

// rel turns a host path into a mount target relative to the new root.
func rel(p string) string { return strings.TrimPrefix(filepath.Clean(p), "/") }

// fixedMounts are the mounts every run of s gets: the library
// directories, and the device nodes and /proc. They are prepared once (the
// child only reads them, so runs share them).
type fixedMounts struct {
	libs, devProc []rawMount
	err           error
}

func (s *fullStarter) fixed() *fixedMounts {
	s.fixedOnce.Do(func() {
		f := &fixedMounts{}
		s.fixedMounts = f
		add := func(to *[]rawMount, m rawMount, err error) {
			if f.err == nil && err != nil {
				f.err = err
			}
			*to = append(*to, m)
		}
		for _, d := range libDirs {
			if _, err := os.Stat(d); err == nil {
				m, err := bindMount(d, true, false)
				add(&f.libs, m, err)
			}
		}
		// The device nodes are bound onto files made in the root tmpfs,
		// which turns read-only after pivot_root: /dev itself is not
		// writable.
		for _, d := range devices {
			m, err := bindMount(d.path, !d.rw, true)
			add(&f.devProc, m, err)
		}
		m, err := newRawMount("proc", "/proc", "proc", "",
			unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC|unix.MS_RDONLY, 0, false)
		add(&f.devProc, m, err)
	})
	return s.fixedMounts
}

// mounts lists the private root of a run, in mount order.
func (s *fullStarter) mounts(spec *Spec, lim Limits) ([]rawMount, error) {
	fixed := s.fixed()
	if fixed.err != nil {
		return nil, fixed.err
	}
	ms := make([]rawMount, 0, len(fixed.libs)+len(fixed.devProc)+len(spec.ReadOnly)+2)
	add := func(m rawMount, err error) error {
		if err != nil {
			return err
		}
		ms = append(ms, m)
		return nil
	}
	ms = append(ms, fixed.libs...)
	if err := add(newRawMount("tmpfs", "/tmp", "tmpfs", fmt.Sprintf("mode=1777,size=%d", lim.Memory),
		unix.MS_NOSUID|unix.MS_NODEV, 0, false)); err != nil {
		return nil, err
	}
	ms = append(ms, fixed.devProc...)
	for _, p := range spec.ReadOnly {
		if p == "/" {
			return nil, goprep.Errorf(goprep.EINVALID, "sandbox: the host root cannot be made visible")
		}
		if err := add(bindMount(p, true, false)); err != nil {
			return nil, err
		}
	}
	if err := add(bindMount(spec.WorkDir, false, false)); err != nil {
		return nil, err
	}
	return ms, nil
}

// bindMount binds host path p at the same path in the new root, read-only
// or not; device nodes keep their device semantics, nothing else does.
func bindMount(p string, readOnly, device bool) (rawMount, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return rawMount{}, goprep.Errorf(goprep.EINVALID, "sandbox: %s: %v", p, err)
	}
	var st unix.Statfs_t
	if err := unix.Statfs(p, &st); err != nil {
		return rawMount{}, fmt.Errorf("sandbox: statfs %s: %w", p, err)
	}
	// A remount must keep the flags the host mount has (a user namespace
	// may not clear them), and add ours.
	flags := uintptr(unix.MS_REMOUNT | unix.MS_BIND | unix.MS_NOSUID)
	for _, f := range []struct{ st, ms uintptr }{
		{unix.ST_RDONLY, unix.MS_RDONLY}, {unix.ST_NOSUID, unix.MS_NOSUID}, {unix.ST_NODEV, unix.MS_NODEV},
		{unix.ST_NOEXEC, unix.MS_NOEXEC}, {unix.ST_NOATIME, unix.MS_NOATIME},
		{unix.ST_NODIRATIME, unix.MS_NODIRATIME}, {unix.ST_RELATIME, unix.MS_RELATIME},
	} {
		if uintptr(st.Flags)&f.st != 0 {
			flags |= f.ms
		}
	}
	if readOnly {
		flags |= unix.MS_RDONLY
	}
	if device {
		flags |= unix.MS_NOEXEC
	} else {
		flags |= unix.MS_NODEV
	}
	return newRawMount(p, p, "", "", unix.MS_BIND|unix.MS_REC, flags, !fi.IsDir())
}

// newRawMount prepares one mount for the child; target is the absolute
// path inside the sandbox.
func newRawMount(source, target, fstype, data string, flags, remount uintptr, file bool) (rawMount, error) {
	m := rawMount{flags: flags, remount: remount, file: file, desc: source + " on " + target}
	var err error
	rt := rel(target)
	if rt == "" || rt == "." || strings.HasPrefix(rt, "..") {
		return m, goprep.Errorf(goprep.EINVALID, "sandbox: bad mount target %q", target)
	}
	if m.source, err = cString(source); err != nil {
		return m, err
	}
	if m.target, err = cString(rt); err != nil {
		return m, err
	}
	if fstype != "" {
		if m.fstype, err = cString(fstype); err != nil {
			return m, err
		}
	}
	if data != "" {
		if m.data, err = cString(data); err != nil {
			return m, err
		}
	}
	for i := 0; i <= len(rt); i++ {
		if i == len(rt) || rt[i] == '/' {
			p, err := cString(rt[:i])
			if err != nil {
				return m, err
			}
			m.prefixes = append(m.prefixes, p)
		}
	}
	return m, nil
}

// config prepares the child of one run.
func (s *fullStarter) config(spec *Spec, lim Limits, files []*os.File) (*childConfig, error) {
	mounts, err := s.mounts(spec, lim)
	if err != nil {
		return nil, err
	}
	c := &childConfig{
		mounts:     mounts,
		hostname:   []byte("sandbox"),
		uid:        uintptr(s.uid),
		gid:        uintptr(s.gid),
		userns:     s.userns,
		cloneFlags: nsFlags,
		netns:      -1,
	}
	if s.userns {
		c.cloneFlags |= unix.CLONE_NEWUSER
	}
	if c.argv0, err = cString(spec.Path); err != nil {
		return nil, goprep.Errorf(goprep.EINVALID, "sandbox: bad path: %v", err)
	}
	argv, err := syscall.SlicePtrFromStrings(append([]string{spec.Path}, spec.Args...))
	if err != nil {
		return nil, goprep.Errorf(goprep.EINVALID, "sandbox: bad argument: %v", err)
	}
	envv, err := syscall.SlicePtrFromStrings(spec.Env)
	if err != nil {
		return nil, goprep.Errorf(goprep.EINVALID, "sandbox: bad environment: %v", err)
	}
	c.argv, c.envv = argv, envv
	if c.root, err = cString(s.root); err != nil {
		return nil, err
	}
	if c.rootData, err = cString("mode=755,size=1m"); err != nil {
		return nil, err
	}
	if c.workDir, err = cString(spec.WorkDir); err != nil {
		return nil, err
	}
	for _, f := range files {
		c.fds = append(c.fds, int(f.Fd()))
	}
	cpu := uint64((lim.CPUTime + time.Second - 1) / time.Second)
	c.rlimits = []rawRlimit{
		// A backstop behind the CPU poll: SIGKILL two seconds late.
		{unix.RLIMIT_CPU, unix.Rlimit{Cur: cpu + 1, Max: cpu + 2}},
		{unix.RLIMIT_CORE, unix.Rlimit{}},
		{unix.RLIMIT_FSIZE, unix.Rlimit{Cur: uint64(lim.FileSize), Max: uint64(lim.FileSize)}},
	}
	return c, nil
}

func (s *fullStarter) start(spec *Spec, lim Limits, files []*os.File) (proc, error) {
	visible := within(spec.Path, spec.WorkDir)
	for _, p := range spec.ReadOnly {
		visible = visible || within(spec.Path, p)
	}
	if !visible {
		return nil, goprep.Errorf(goprep.EINVALID, "sandbox: program %s is outside the work dir", spec.Path)
	}
	if !s.userns {
		// The program's uid must be able to write its work dir.
		if err := os.Chown(spec.WorkDir, s.uid, s.gid); err != nil {
			return nil, fmt.Errorf("sandbox: chown work dir: %w", err)
		}
	}
	c, err := s.config(spec, lim, files)
	if err != nil {
		return nil, err
	}
	var net *os.File
	if s.nets != nil {
		if net, err = s.nets.get(); err != nil {
			return nil, err
		}
		c.netns = int(net.Fd())
		c.cloneFlags &^= unix.CLONE_NEWNET
	}
	putNet := func() {
		if net != nil {
			s.nets.put(net)
		}
	}
	var rc *runCgroup
	if s.cg != nil {
		if rc, err = s.cg.newRun(lim); err != nil {
			putNet()
			return nil, err
		}
		if c.cgroupProcs, err = rc.procsFiles(); err != nil {
			rc.destroy()
			putNet()
			return nil, err
		}
	}
	pid, err := startChild(c)
	if net != nil {
		runtime.KeepAlive(net)
	}
	if err != nil {
		// startChild reaped the child: nothing is left in net.
		putNet()
		if rc != nil {
			rc.destroy()
		}
		var ce *childError
		if errors.As(err, &ce) && ce.step == stepExec {
			return nil, goprep.Errorf(goprep.EINVALID, "sandbox: cannot execute %s: %v", spec.Path, ce.errno)
		}
		return nil, err
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		unix.Kill(pid, unix.SIGKILL)
		var ws unix.WaitStatus
		unix.Wait4(pid, &ws, 0, nil)
		putNet()
		if rc != nil {
			rc.destroy()
		}
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	return &fullProc{p: p, rc: rc, net: net, nets: s.nets}, nil
}

// fullProc is a program running as PID 1 of its own PID namespace.
type fullProc struct {
	p  *os.Process
	rc *runCgroup // nil at LevelUserNS
	// net is the pooled network namespace of the run (nil when it has a
	// new one); it goes back to nets once the program has been reaped.
	net  *os.File
	nets *netPool
}

func (f *fullProc) wait() (*os.ProcessState, error) {
	// When PID 1 of a namespace exits, the kernel kills the rest of it and
	// lets PID 1 be reaped only once they are all gone.
	return f.p.Wait()
}

func (f *fullProc) killTree() {
	// os.Process signals through a pidfd: safe even after the wait.
	f.p.Kill()
	if f.rc != nil {
		f.rc.kill()
	}
}

func (f *fullProc) cpu() (time.Duration, bool) {
	if f.rc != nil {
		if d, ok := f.rc.cpu(); ok {
			return d, true
		}
	}
	return procCPU(f.p.Pid)
}

func (f *fullProc) finish(res *Result, st *os.ProcessState) error {
	if f.net != nil {
		// After a successful wait PID 1, and with it every process of the
		// run, is gone; otherwise the namespace is not reused.
		if st != nil {
			f.nets.put(f.net)
		} else {
			f.net.Close()
		}
		f.net = nil
	}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		res.CPUTime = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		res.MemoryPeak = maxRSS(ru)
	}
	if f.rc == nil {
		return nil
	}
	if d, ok := f.rc.cpu(); ok {
		res.CPUTime = d
	}
	peak, oom, pids := f.rc.stats()
	if peak > 0 {
		res.MemoryPeak = peak
	}
	res.PidsLimitHit = pids
	if oom {
		res.Status = StatusMemoryLimit
	}
	return f.rc.destroy()
}
