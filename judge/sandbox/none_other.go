//go:build unix && !linux

package sandbox

import (
	"syscall"
	"time"
)

// waitExited cannot wait without reaping here; the group is killed after
// the leader was reaped instead (see noneProc.wait).
func waitExited(pid int) bool { return false }

// procCPU is not available; the wall limit and RLIMIT_CPU remain.
func procCPU(pid int) (time.Duration, bool) { return 0, false }

// maxRSS converts ru_maxrss (bytes on the BSDs and macOS) to bytes.
func maxRSS(ru *syscall.Rusage) int64 { return ru.Maxrss }

// setRlimits is not available for another process here.
func setRlimits(pid int, lim Limits) {}
