package sandbox

import (
	"fmt"
	"os"
	"runtime"
	"sync"

	"golang.org/x/sys/unix"
)

// netPool keeps empty network namespaces (only a loopback device, down)
// for reuse. Making a network namespace and tearing it down again (the
// latter in a kernel worker) is one of the larger costs of a run; a run
// instead joins one of these with setns. Each is used by one run at a
// time and goes back to the pool only after the run's PID namespace, and
// so every process that could hold a socket in it, is gone. A process
// without capabilities leaves nothing behind in a network namespace (it
// cannot configure devices, addresses, routes or sysctls; its sockets and
// abstract socket names die with it), so the next run finds it as empty
// as a new one.
type netPool struct {
	mu     sync.Mutex
	free   []*os.File
	max    int
	closed bool
}

func newNetPool() *netPool {
	return &netPool{max: 2 * runtime.NumCPU()}
}

// get returns a namespace no other run uses, making one if none is free.
func (p *netPool) get() (*os.File, error) {
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		f := p.free[n-1]
		p.free = p.free[:n-1]
		p.mu.Unlock()
		return f, nil
	}
	p.mu.Unlock()
	return newNetNS()
}

// put gives back a namespace whose run has ended (every process of it is
// gone).
func (p *netPool) put(f *os.File) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || len(p.free) >= p.max {
		f.Close()
		return
	}
	p.free = append(p.free, f)
}

func (p *netPool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for _, f := range p.free {
		f.Close()
	}
	p.free = nil
}

// newNetNS makes a network namespace and returns an fd that keeps it: the
// calling thread enters a new one, opens it and goes back to its own.
func newNetNS() (*os.File, error) {
	runtime.LockOSThread()
	orig, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		runtime.UnlockOSThread()
		return nil, fmt.Errorf("sandbox: network namespace: %w", err)
	}
	defer orig.Close()
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return nil, fmt.Errorf("sandbox: new network namespace: %w", err)
	}
	ns, openErr := os.Open("/proc/thread-self/ns/net")
	if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
		// The thread is stuck in the new namespace: it stays locked, so
		// the runtime ends it with this goroutine instead of reusing it.
		if ns != nil {
			ns.Close()
		}
		return nil, fmt.Errorf("sandbox: back to the judge's network namespace: %w", err)
	}
	runtime.UnlockOSThread()
	if openErr != nil {
		return nil, fmt.Errorf("sandbox: network namespace: %w", openErr)
	}
	return ns, nil
}
