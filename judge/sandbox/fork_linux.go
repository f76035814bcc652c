package sandbox

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// This file starts a program in new namespaces with a private root, the way
// syscall.forkExec starts an ordinary one: clone, then raw system calls only
// in the child until execve. Go's SysProcAttr cannot mount, and the
// alternative, re-executing the judge binary as an init, would cost its
// whole start-up on every run.
//
// The child runs on the parent's memory (or a copy of it, see forkChild)
// with the runtime frozen: it must not allocate, grow its stack or call
// anything but nosplit functions, hence go:norace and go:nocheckptr (race
// builds turn checkptr on), and every value it needs is prepared by the
// parent first. What it writes to shared memory (c.fds, c.msg) the parent
// does not read afterwards.

//go:linkname runtimeBeforeFork syscall.runtime_BeforeFork
func runtimeBeforeFork()

//go:linkname runtimeAfterFork syscall.runtime_AfterFork
func runtimeAfterFork()

//go:linkname runtimeAfterForkInChild syscall.runtime_AfterForkInChild
func runtimeAfterForkInChild()

// childStep names where the child failed; it is reported to the parent.
type childStep int32

const (
	stepNone childStep = iota
	stepIDMap
	stepCgroup
	stepNetns
	stepSecurebits
	stepSetgroups
	stepSetgid
	stepSetuid
	stepDup
	stepSetsid
	stepCloseRange
	stepMountPrivate
	stepMountRoot
	stepChdirRoot
	stepMkdir
	stepMount
	stepRemount
	stepPivotRoot
	stepUmountOld
	stepRemountRoot
	stepHostname
	stepChdir
	stepRlimit
	stepNoNewPrivs
	stepDropCaps
	stepExec
)

var stepNames = [...]string{
	"none", "waiting for the id maps", "joining the cgroup", "joining the network namespace", "securebits", "setgroups", "setgid", "setuid", "dup",
	"setsid", "close_range", "making / private", "mounting the root tmpfs", "chdir to the new root",
	"mkdir of a mount point", "mount", "read-only remount", "pivot_root", "unmounting the old root",
	"read-only root", "sethostname", "chdir to the work dir", "setrlimit", "no_new_privs",
	"dropping capabilities", "execve",
}

// childMsg is what the child writes on its end of the socket pair.
type childMsg struct {
	step  childStep
	errno syscall.Errno
	index int32 // the mount or rlimit concerned
}

// childError is a failure of the child before the program ran.
type childError struct {
	childMsg
	detail string // the mount concerned, if any
}

// Unwrap returns the errno.
func (e *childError) Unwrap() error { return e.errno }

func (e *childError) Error() string {
	s := "sandbox: child setup failed at " + stepNames[e.step]
	if e.detail != "" {
		s += " (" + e.detail + ")"
	}
	return s + ": " + e.errno.Error()
}

// rawMount is one mount(2) call of the child, with the directories (or the
// file) to create first.
type rawMount struct {
	source, target, fstype, data *byte
	flags                        uintptr
	// remount, when non-zero, are the flags of a second, MS_REMOUNT call
	// (bind mounts ignore MS_RDONLY on the first call).
	remount  uintptr
	prefixes []*byte // every leading path of target, target last
	file     bool    // target is a file: create it rather than a directory
	desc     string
}

type rawRlimit struct {
	resource uintptr
	limit    unix.Rlimit
}

// childConfig is everything the child needs, prepared before the fork.
type childConfig struct {
	argv0      *byte
	argv, envv []*byte
	fds        []int
	root       *byte // host directory the private root is mounted on
	rootData   *byte
	mounts     []rawMount
	workDir    *byte
	hostname   []byte
	rlimits    []rawRlimit
	uid, gid   uintptr
	userns     bool
	cloneFlags uintptr
	vfork      bool // clone with CLONE_VM|CLONE_VFORK (set by startChild)
	// netns, when not -1, is an fd of the network namespace to join
	// (cloneFlags then has no CLONE_NEWNET).
	netns int
	// cgroupProcs are the cgroup.procs files the child moves itself into
	// (by writing "0") before anything else: all it does is accounted.
	cgroupProcs []*byte

	// Scratch space the child writes, so that it has nothing to allocate.
	msg childMsg
	tok [1]byte
}

// Constants the child passes by address (and AT_FDCWD, which as a
// negative number cannot be a uintptr constant).
var (
	atFDCWD    = func() uintptr { fd := unix.AT_FDCWD; return uintptr(fd) }()
	strNone    = []byte("none\x00")
	strSlash   = []byte("/\x00")
	strDot     = []byte(".\x00")
	strOldRoot = []byte("old_root\x00")
	strEmpty   = []byte("\x00")
	strTmpfs   = []byte("tmpfs\x00")
	strZero    = []byte("0")
	capHeader  = unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	capNone    [2]unix.CapUserData
	// txtBusyWait is the pause between attempts at an execve that failed
	// with ETXTBSY.
	txtBusyWait = syscall.Timespec{Nsec: 5e6}
)

// Securebits (linux/securebits.h): bit numbers.
const (
	secureNoRoot             = 0
	secureNoRootLocked       = 1
	secureNoSetuidFixup      = 2
	secureNoSetuidFixupLockd = 3
	secureKeepCapsLocked     = 5
)

const (
	// secbitsKeep keeps the capabilities through setuid to the sandbox uid
	// (they are needed for the mounts).
	secbitsKeep = 1<<secureNoSetuidFixup | 1<<secureNoSetuidFixupLockd | 1<<secureKeepCapsLocked
	// secbitsFinal also stops execve from granting capabilities to uid 0.
	secbitsFinal = secbitsKeep | 1<<secureNoRoot | 1<<secureNoRootLocked
)

// forkChild clones the child, which sets itself up and waits on pipe for
// the go-ahead before execve. In the parent it returns the child's pid.
//
//go:noinline
//go:norace
//go:nocheckptr
func forkChild(c *childConfig, pipe, parentEnd int) (pid uintptr, err1 syscall.Errno) {
	var (
		r1  uintptr
		msg = &c.msg
	)
	// With CLONE_VM|CLONE_VFORK, as syscall.forkExec does, the child runs
	// on our memory and stack until it execs, and we sleep until then:
	// no page tables to copy, no copy-on-write faults afterwards (both
	// cost milliseconds for a process of the judge's size). vforkClone
	// keeps its return address off the shared stack; the parent returns
	// at once, as the child may have written any of this frame, and the
	// caller calls runtimeAfterFork. A child that must wait for its
	// user-namespace id maps cannot hold us asleep: it gets a copy.
	flags := c.cloneFlags | uintptr(syscall.SIGCHLD)
	runtimeBeforeFork()
	if c.vfork {
		var e uintptr
		r1, e = vforkClone(flags | syscall.CLONE_VM | syscall.CLONE_VFORK)
		err1 = syscall.Errno(e)
	} else {
		r1, _, err1 = syscall.RawSyscall6(syscall.SYS_CLONE, flags, 0, 0, 0, 0, 0)
	}
	if err1 != 0 || r1 != 0 {
		return r1, err1
	}

	// The child, from here to execve.
	runtimeAfterForkInChild()
	syscall.RawSyscall(syscall.SYS_CLOSE, uintptr(parentEnd), 0, 0)

	if c.userns {
		// The parent writes our id maps, then one byte.
		r1, _, err1 = syscall.RawSyscall(syscall.SYS_READ, uintptr(pipe), uintptr(unsafe.Pointer(&c.tok[0])), 1)
		if r1 != 1 {
			msg.step = stepIDMap
			goto fail
		}
	}

	for i := range c.cgroupProcs {
		msg.index = int32(i)
		r1, _, err1 = syscall.RawSyscall6(syscall.SYS_OPENAT, atFDCWD, uintptr(unsafe.Pointer(c.cgroupProcs[i])),
			syscall.O_WRONLY|syscall.O_CLOEXEC, 0, 0, 0)
		if err1 != 0 {
			msg.step = stepCgroup
			goto fail
		}
		_, _, err1 = syscall.RawSyscall(syscall.SYS_WRITE, r1, uintptr(unsafe.Pointer(&strZero[0])), 1)
		syscall.RawSyscall(syscall.SYS_CLOSE, r1, 0, 0)
		if err1 != 0 {
			msg.step = stepCgroup
			goto fail
		}
	}
	msg.index = 0

	if c.netns >= 0 {
		_, _, err1 = syscall.RawSyscall(unix.SYS_SETNS, uintptr(c.netns), syscall.CLONE_NEWNET, 0)
		if err1 != 0 {
			msg.step = stepNetns
			goto fail
		}
	}

	// Switch to the unprivileged ids but keep the capabilities for the
	// mounts; they are dropped just before execve.
	_, _, err1 = syscall.RawSyscall(syscall.SYS_PRCTL, unix.PR_SET_SECUREBITS, secbitsKeep, 0)
	if err1 != 0 {
		msg.step = stepSecurebits
		goto fail
	}
	if !c.userns {
		_, _, err1 = syscall.RawSyscall(syscall.SYS_SETGROUPS, 0, 0, 0)
		if err1 != 0 {
			msg.step = stepSetgroups
			goto fail
		}
	}
	_, _, err1 = syscall.RawSyscall(syscall.SYS_SETRESGID, c.gid, c.gid, c.gid)
	if err1 != 0 {
		msg.step = stepSetgid
		goto fail
	}
	_, _, err1 = syscall.RawSyscall(syscall.SYS_SETRESUID, c.uid, c.uid, c.uid)
	if err1 != 0 {
		msg.step = stepSetuid
		goto fail
	}

	// The program's fds: fds[i] becomes i. First move whatever would be
	// overwritten (including pipe) out of the way, above all of them.
	{
		nextfd := len(c.fds)
		for _, fd := range c.fds {
			if fd >= nextfd {
				nextfd = fd + 1
			}
		}
		if pipe < len(c.fds) {
			_, _, err1 = syscall.RawSyscall(syscall.SYS_DUP3, uintptr(pipe), uintptr(nextfd), syscall.O_CLOEXEC)
			if err1 != 0 {
				msg.step = stepDup
				goto fail
			}
			pipe = nextfd
			nextfd++
		}
		for i := range c.fds {
			if c.fds[i] < i {
				_, _, err1 = syscall.RawSyscall(syscall.SYS_DUP3, uintptr(c.fds[i]), uintptr(nextfd), syscall.O_CLOEXEC)
				if err1 != 0 {
					msg.step = stepDup
					goto fail
				}
				c.fds[i] = nextfd
				nextfd++
			}
		}
		for i := range c.fds {
			if c.fds[i] == i {
				_, _, err1 = syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(i), syscall.F_SETFD, 0)
			} else {
				_, _, err1 = syscall.RawSyscall(syscall.SYS_DUP3, uintptr(c.fds[i]), uintptr(i), 0)
			}
			if err1 != 0 {
				msg.step = stepDup
				goto fail
			}
		}
		// Nothing else of the judge may reach the program, not even an fd
		// some library opened without O_CLOEXEC.
		_, _, err1 = syscall.RawSyscall(unix.SYS_CLOSE_RANGE, uintptr(len(c.fds)), uintptr(^uint32(0)), unix.CLOSE_RANGE_CLOEXEC)
		if err1 != 0 {
			for fd := len(c.fds); fd < 4096; fd++ {
				syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_SETFD, syscall.FD_CLOEXEC)
			}
		}
	}

	_, _, err1 = syscall.RawSyscall(syscall.SYS_SETSID, 0, 0, 0)
	if err1 != 0 {
		msg.step = stepSetsid
		goto fail
	}

	// The private root: a tmpfs on c.root, filled with bind mounts, then
	// made the root and read-only.
	_, _, err1 = syscall.RawSyscall6(syscall.SYS_MOUNT, uintptr(unsafe.Pointer(&strNone[0])), uintptr(unsafe.Pointer(&strSlash[0])),
		0, syscall.MS_REC|syscall.MS_PRIVATE, 0, 0)
	if err1 != 0 {
		msg.step = stepMountPrivate
		goto fail
	}
	_, _, err1 = syscall.RawSyscall6(syscall.SYS_MOUNT, uintptr(unsafe.Pointer(&strTmpfs[0])), uintptr(unsafe.Pointer(c.root)),
		uintptr(unsafe.Pointer(&strTmpfs[0])), syscall.MS_NOSUID|syscall.MS_NODEV, uintptr(unsafe.Pointer(c.rootData)), 0)
	if err1 != 0 {
		msg.step = stepMountRoot
		goto fail
	}
	_, _, err1 = syscall.RawSyscall(syscall.SYS_CHDIR, uintptr(unsafe.Pointer(c.root)), 0, 0)
	if err1 != 0 {
		msg.step = stepChdirRoot
		goto fail
	}
	for i := range c.mounts {
		m := &c.mounts[i]
		msg.index = int32(i)
		for j, p := range m.prefixes {
			if j == len(m.prefixes)-1 && m.file {
				_, _, err1 = syscall.RawSyscall6(syscall.SYS_MKNODAT, atFDCWD, uintptr(unsafe.Pointer(p)), syscall.S_IFREG|0o644, 0, 0, 0)
			} else {
				_, _, err1 = syscall.RawSyscall(syscall.SYS_MKDIRAT, atFDCWD, uintptr(unsafe.Pointer(p)), 0o755)
			}
			if err1 != 0 && err1 != syscall.EEXIST {
				msg.step = stepMkdir
				goto fail
			}
		}
		_, _, err1 = syscall.RawSyscall6(syscall.SYS_MOUNT, uintptr(unsafe.Pointer(m.source)), uintptr(unsafe.Pointer(m.target)),
			uintptr(unsafe.Pointer(m.fstype)), m.flags, uintptr(unsafe.Pointer(m.data)), 0)
		if err1 != 0 {
			msg.step = stepMount
			goto fail
		}
		if m.remount != 0 {
			_, _, err1 = syscall.RawSyscall6(syscall.SYS_MOUNT, uintptr(unsafe.Pointer(&strEmpty[0])), uintptr(unsafe.Pointer(m.target)),
				0, m.remount, 0, 0)
			if err1 != 0 {
				msg.step = stepRemount
				goto fail
			}
		}
	}
	msg.index = 0
	_, _, err1 = syscall.RawSyscall(syscall.SYS_MKDIRAT, atFDCWD, uintptr(unsafe.Pointer(&strOldRoot[0])), 0o700)
	if err1 != 0 {
		msg.step = stepPivotRoot
		goto fail
	}
	_, _, err1 = syscall.RawSyscall(syscall.SYS_PIVOT_ROOT, uintptr(unsafe.Pointer(&strDot[0])), uintptr(unsafe.Pointer(&strOldRoot[0])), 0)
	if err1 != 0 {
		msg.step = stepPivotRoot
		goto fail
	}
	_, _, err1 = syscall.RawSyscall(syscall.SYS_UMOUNT2, uintptr(unsafe.Pointer(&strOldRoot[0])), syscall.MNT_DETACH, 0)
	if err1 != 0 {
		msg.step = stepUmountOld
		goto fail
	}
	_, _, err1 = syscall.RawSyscall(syscall.SYS_UNLINKAT, atFDCWD, uintptr(unsafe.Pointer(&strOldRoot[0])), unix.AT_REMOVEDIR)
	if err1 != 0 {
		msg.step = stepUmountOld
		goto fail
	}
	_, _, err1 = syscall.RawSyscall6(syscall.SYS_MOUNT, uintptr(unsafe.Pointer(&strEmpty[0])), uintptr(unsafe.Pointer(&strSlash[0])), 0,
		syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY|syscall.MS_NOSUID|syscall.MS_NODEV, 0, 0)
	if err1 != 0 {
		msg.step = stepRemountRoot
		goto fail
	}

	if len(c.hostname) > 0 {
		_, _, err1 = syscall.RawSyscall(syscall.SYS_SETHOSTNAME, uintptr(unsafe.Pointer(&c.hostname[0])), uintptr(len(c.hostname)), 0)
		if err1 != 0 {
			msg.step = stepHostname
			goto fail
		}
	}
	_, _, err1 = syscall.RawSyscall(syscall.SYS_CHDIR, uintptr(unsafe.Pointer(c.workDir)), 0, 0)
	if err1 != 0 {
		msg.step = stepChdir
		goto fail
	}
	for i := range c.rlimits {
		_, _, err1 = syscall.RawSyscall6(syscall.SYS_PRLIMIT64, 0, c.rlimits[i].resource, uintptr(unsafe.Pointer(&c.rlimits[i].limit)), 0, 0, 0)
		if err1 != 0 {
			msg.index = int32(i)
			msg.step = stepRlimit
			goto fail
		}
	}
	_, _, err1 = syscall.RawSyscall6(syscall.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0)
	if err1 != 0 {
		msg.step = stepNoNewPrivs
		goto fail
	}

	// A cgroup namespace rooted at the run's cgroup hides the judge's path.
	syscall.RawSyscall(syscall.SYS_UNSHARE, syscall.CLONE_NEWCGROUP, 0, 0)

	_, _, err1 = syscall.RawSyscall(syscall.SYS_PRCTL, unix.PR_SET_SECUREBITS, secbitsFinal, 0)
	if err1 != 0 {
		msg.step = stepDropCaps
		goto fail
	}
	_, _, err1 = syscall.RawSyscall(syscall.SYS_CAPSET, uintptr(unsafe.Pointer(&capHeader)), uintptr(unsafe.Pointer(&capNone[0])), 0)
	if err1 != 0 {
		msg.step = stepDropCaps
		goto fail
	}

	// ETXTBSY: another fork, made while the judge was still writing the
	// program file, holds it open for writing until that child execs
	// (golang/go#22315). Wait for that to pass.
	for i := 0; i < 200; i++ {
		_, _, err1 = syscall.RawSyscall(syscall.SYS_EXECVE, uintptr(unsafe.Pointer(c.argv0)),
			uintptr(unsafe.Pointer(&c.argv[0])), uintptr(unsafe.Pointer(&c.envv[0])))
		if err1 != syscall.ETXTBSY {
			break
		}
		syscall.RawSyscall(syscall.SYS_NANOSLEEP, uintptr(unsafe.Pointer(&txtBusyWait)), 0, 0)
	}
	msg.step = stepExec

fail:
	msg.errno = err1
	syscall.RawSyscall(syscall.SYS_WRITE, uintptr(pipe), uintptr(unsafe.Pointer(msg)), unsafe.Sizeof(*msg))
	for {
		syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 253, 0, 0)
	}
}

// startChild runs c in a new child and returns its pid once it has
// exec'd the program, or what went wrong before.
func startChild(c *childConfig) (int, error) {
	p, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return 0, fmt.Errorf("sandbox: socketpair: %w", err)
	}
	// As in syscall.forkExec: no other fork may copy our socket pair's
	// child end while it is still open (it is close-on-exec).
	syscall.ForkLock.Lock()
	c.vfork = haveVfork && !c.userns
	pid, errno := forkChild(c, p[1], p[0])
	runtimeAfterFork()
	syscall.ForkLock.Unlock()
	syscall.Close(p[1])
	parent := p[0]
	defer syscall.Close(parent)
	if errno != 0 {
		return 0, fmt.Errorf("sandbox: clone: %w", errno)
	}
	fail := func(err error) (int, error) {
		unix.Kill(int(pid), unix.SIGKILL)
		var ws unix.WaitStatus
		for {
			if _, werr := unix.Wait4(int(pid), &ws, 0, nil); werr != unix.EINTR {
				break
			}
		}
		return 0, err
	}
	if c.userns {
		if err := writeIDMaps(int(pid), c); err != nil {
			return fail(err)
		}
		if _, err := syscall.Write(parent, []byte{1}); err != nil {
			return fail(fmt.Errorf("sandbox: sync: %w", err))
		}
	}
	// End of file: execve succeeded and closed the child's end.
	var msg childMsg
	n, err := readMsg(parent, &msg)
	if err != nil {
		return fail(fmt.Errorf("sandbox: reading the child's status: %w", err))
	}
	if n != 0 {
		if n != int(unsafe.Sizeof(msg)) {
			return fail(fmt.Errorf("sandbox: short status from the child (%d bytes)", n))
		}
		return fail(c.describe(msg))
	}
	return int(pid), nil
}

func readMsg(fd int, msg *childMsg) (int, error) {
	buf := unsafe.Slice((*byte)(unsafe.Pointer(msg)), unsafe.Sizeof(*msg))
	got := 0
	for got < len(buf) {
		n, err := syscall.Read(fd, buf[got:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return got, err
		}
		if n == 0 {
			break
		}
		got += n
	}
	return got, nil
}

func (c *childConfig) describe(msg childMsg) error {
	e := &childError{childMsg: msg}
	if int(msg.step) >= len(stepNames) {
		return fmt.Errorf("sandbox: child setup failed (step %d): %v", msg.step, msg.errno)
	}
	if (msg.step == stepMkdir || msg.step == stepMount || msg.step == stepRemount) && int(msg.index) < len(c.mounts) {
		e.detail = c.mounts[msg.index].desc
	}
	return e
}

// writeIDMaps maps the sandbox uid and gid inside the child's new user
// namespace to our own ids outside.
func writeIDMaps(pid int, c *childConfig) error {
	dir := "/proc/" + strconv.Itoa(pid) + "/"
	err := errors.Join(
		os.WriteFile(dir+"uid_map", []byte(fmt.Sprintf("%d %d 1\n", c.uid, os.Geteuid())), 0),
		os.WriteFile(dir+"setgroups", []byte("deny"), 0),
	)
	if err == nil {
		err = os.WriteFile(dir+"gid_map", []byte(fmt.Sprintf("%d %d 1\n", c.gid, os.Getegid())), 0)
	}
	if err != nil {
		return fmt.Errorf("sandbox: user namespace id maps: %w", err)
	}
	return nil
}

// cString is s as a NUL-terminated C string (s must not contain NUL).
func cString(s string) (*byte, error) {
	return syscall.BytePtrFromString(s)
}
