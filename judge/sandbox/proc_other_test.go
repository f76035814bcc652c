//go:build !linux

package sandbox

import (
	"syscall"
	"time"
)

// exitsSoon reports whether process pid is gone or ends within d.
func exitsSoon(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if syscall.Kill(pid, 0) != nil {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

// mustIsolate: no isolation is expected off Linux.
func mustIsolate() bool { return false }
