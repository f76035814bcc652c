package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/criyle/go-sandbox/pkg/forkexec"
	"github.com/criyle/go-sandbox/pkg/mount"
	"github.com/criyle/go-sandbox/pkg/rlimit"
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

const (
	roBind = unix.MS_BIND | unix.MS_REC | unix.MS_NOSUID | unix.MS_NODEV | unix.MS_RDONLY
	rwBind = unix.MS_BIND | unix.MS_REC | unix.MS_NOSUID | unix.MS_NODEV
)

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
	dir, err := os.MkdirTemp("", "goprep-sandbox-probe-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	s := &fullStarter{root: dir, userns: userns, uid: NobodyID, gid: NobodyID}
	mounts, err := s.mounts(&Spec{WorkDir: dir}, Limits{Memory: 1 << 20})
	if err != nil {
		return err
	}
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		return err
	}
	defer devNull.Close()
	r := s.forkRunner([]string{"/nonexistent/goprep-probe"}, nil, dir, mounts, []*os.File{devNull, devNull, devNull}, Limits{CPUTime: time.Second, FileSize: 1 << 20}, func(int) error { return nil })
	pid, err := r.Start()
	if err == nil {
		// Cannot happen: the path does not exist. Reap it anyway.
		var ws unix.WaitStatus
		unix.Wait4(pid, &ws, 0, nil)
		return errors.New("probe: exec of a missing file succeeded")
	}
	var ce forkexec.ChildError
	if errors.As(err, &ce) && ce.Location == forkexec.LocExecve && ce.Err == syscall.ENOENT {
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
	dir, err := os.MkdirTemp("", "goprep-sandbox-root-")
	if err != nil {
		if s.cg != nil {
			s.cg.close()
		}
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	s.root = dir
	return s, nil
}

// fullStarter starts programs in namespaces (LevelFull with cg set,
// LevelUserNS without).
type fullStarter struct {
	level    Level
	userns   bool // namespaces through a user namespace (not root)
	uid, gid int
	root     string // an empty host directory: the mount point of each run's private root
	cg       *cgroupBase
}

func (s *fullStarter) close() error {
	var err error
	if s.cg != nil {
		err = s.cg.close()
	}
	return errors.Join(err, os.Remove(s.root))
}

// rel turns a host path into a mount target relative to the new root.
func rel(p string) string { return strings.TrimPrefix(filepath.Clean(p), "/") }

// mounts lists the private root of a run, in mount order.
func (s *fullStarter) mounts(spec *Spec, lim Limits) ([]mount.SyscallParams, error) {
	b := mount.NewBuilder()
	for _, d := range libDirs {
		if _, err := os.Stat(d); err == nil {
			b.WithMount(mount.Mount{Source: d, Target: rel(d), Flags: roBind})
		}
	}
	b.WithMount(mount.Mount{Source: "tmpfs", Target: "tmp", FsType: "tmpfs",
		Flags: unix.MS_NOSUID | unix.MS_NODEV, Data: fmt.Sprintf("mode=1777,size=%d", lim.Memory)})
	b.WithMount(mount.Mount{Source: "tmpfs", Target: "dev", FsType: "tmpfs",
		Flags: unix.MS_NOSUID | unix.MS_NOEXEC, Data: "mode=755,size=64k"})
	for _, d := range devices {
		flags := uintptr(unix.MS_BIND | unix.MS_NOSUID | unix.MS_NOEXEC)
		if !d.rw {
			flags |= unix.MS_RDONLY
		}
		b.WithMount(mount.Mount{Source: d.path, Target: rel(d.path), Flags: flags})
	}
	b.WithMount(mount.Mount{Source: "proc", Target: "proc", FsType: "proc",
		Flags: unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC | unix.MS_RDONLY})
	for _, p := range spec.ReadOnly {
		if p == "/" {
			return nil, goprep.Errorf(goprep.EINVALID, "sandbox: the host root cannot be made visible")
		}
		if _, err := os.Stat(p); err != nil {
			return nil, goprep.Errorf(goprep.EINVALID, "sandbox: read-only path %s: %v", p, err)
		}
		b.WithMount(mount.Mount{Source: p, Target: rel(p), Flags: roBind})
	}
	b.WithMount(mount.Mount{Source: spec.WorkDir, Target: rel(spec.WorkDir), Flags: rwBind})
	return b.Build()
}

// forkRunner is the forkexec configuration of one run.
func (s *fullStarter) forkRunner(argv, env []string, workDir string, mounts []mount.SyscallParams, files []*os.File, lim Limits, syncFn func(int) error) *forkexec.Runner {
	fds := make([]uintptr, len(files))
	for i, f := range files {
		fds[i] = f.Fd()
	}
	cpu := uint64((lim.CPUTime + time.Second - 1) / time.Second)
	r := &forkexec.Runner{
		Args:    argv,
		Env:     env,
		Files:   fds,
		WorkDir: workDir,
		RLimits: []rlimit.RLimit{
			// A backstop behind the cgroup CPU poll: SIGKILL two seconds late.
			{Res: unix.RLIMIT_CPU, Rlim: syscall.Rlimit{Cur: cpu + 1, Max: cpu + 2}},
			{Res: unix.RLIMIT_CORE, Rlim: syscall.Rlimit{}},
			{Res: unix.RLIMIT_FSIZE, Rlim: syscall.Rlimit{Cur: uint64(lim.FileSize), Max: uint64(lim.FileSize)}},
		},
		CloneFlags:             nsFlags,
		Mounts:                 mounts,
		PivotRoot:              s.root,
		HostName:               "sandbox",
		DomainName:             "sandbox",
		Credential:             &syscall.Credential{Uid: uint32(s.uid), Gid: uint32(s.gid)},
		NoNewPrivs:             true,
		DropCaps:               true,
		SyncFunc:               syncFn,
		UnshareCgroupAfterSync: true,
	}
	if s.userns {
		r.CloneFlags |= unix.CLONE_NEWUSER
		r.UIDMappings = []syscall.SysProcIDMap{{ContainerID: s.uid, HostID: os.Geteuid(), Size: 1}}
		r.GIDMappings = []syscall.SysProcIDMap{{ContainerID: s.gid, HostID: os.Getegid(), Size: 1}}
	}
	return r
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
	mounts, err := s.mounts(spec, lim)
	if err != nil {
		return nil, err
	}
	var rc *runCgroup
	// forkexec needs a sync step with a user namespace (it would vfork and
	// deadlock waiting for the id maps otherwise).
	syncFn := func(int) error { return nil }
	if s.cg != nil {
		if rc, err = s.cg.newRun(lim); err != nil {
			return nil, err
		}
		syncFn = rc.add
	}
	argv := append([]string{spec.Path}, spec.Args...)
	r := s.forkRunner(argv, spec.Env, spec.WorkDir, mounts, files, lim, syncFn)
	pid, err := r.Start()
	if err != nil {
		if rc != nil {
			rc.destroy()
		}
		var ce forkexec.ChildError
		if errors.As(err, &ce) && ce.Location == forkexec.LocExecve {
			return nil, goprep.Errorf(goprep.EINVALID, "sandbox: cannot execute %s: %v", spec.Path, ce.Err)
		}
		return nil, fmt.Errorf("sandbox: start: %w", err)
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		unix.Kill(pid, unix.SIGKILL)
		var ws unix.WaitStatus
		unix.Wait4(pid, &ws, 0, nil)
		if rc != nil {
			rc.destroy()
		}
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	return &fullProc{p: p, rc: rc}, nil
}

// fullProc is a program running as PID 1 of its own PID namespace.
type fullProc struct {
	p  *os.Process
	rc *runCgroup // nil at LevelUserNS
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
