//go:build unix

package sandbox

import (
	"os"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// noneStarter runs programs without any isolation (LevelNone): a plain child
// in its own process group, killed as a group.
type noneStarter struct{}

func (noneStarter) start(spec *Spec, lim Limits, files []*os.File) (proc, error) {
	argv := append([]string{spec.Path}, spec.Args...)
	p, err := os.StartProcess(spec.Path, argv, &os.ProcAttr{
		Dir:   spec.WorkDir,
		Env:   spec.Env,
		Files: files,
		Sys:   &syscall.SysProcAttr{Setpgid: true},
	})
	if err != nil {
		return nil, err
	}
	// A backstop for a tree the CPU poll cannot see: the kernel kills the
	// main process a little after the limit.
	setRlimits(p.Pid, lim)
	return &noneProc{p: p}, nil
}

func (noneStarter) close() error { return nil }

type noneProc struct {
	p *os.Process

	mu     sync.Mutex
	reaped bool
}

// killTree kills the process group; once the leader is reaped its id may be
// reused, so it does nothing then.
func (n *noneProc) killTree() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.reaped {
		syscall.Kill(-n.p.Pid, syscall.SIGKILL)
	}
}

func (n *noneProc) wait() (*os.ProcessState, error) {
	if waitExited(n.p.Pid) {
		// The leader is a zombie: its id, which is the group's, is still ours.
		n.killTree()
		n.mu.Lock()
		n.reaped = true
		n.mu.Unlock()
		return n.p.Wait()
	}
	st, err := n.p.Wait()
	// Without a wait that does not reap, the group is killed just after the
	// leader was reaped: a small window accepted at LevelNone.
	syscall.Kill(-n.p.Pid, syscall.SIGKILL)
	n.mu.Lock()
	n.reaped = true
	n.mu.Unlock()
	return st, err
}

func (n *noneProc) cpu() (time.Duration, bool) { return procCPU(n.p.Pid) }

func (n *noneProc) finish(res *Result, st *os.ProcessState) error {
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		res.CPUTime = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		res.MemoryPeak = maxRSS(ru)
	}
	return nil
}

// signalOf names the signal that killed the process, if one did.
func signalOf(st *os.ProcessState) (string, bool) {
	ws, ok := st.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return "", false
	}
	return unix.SignalName(ws.Signal()), true
}
