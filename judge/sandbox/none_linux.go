package sandbox

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// waitExited blocks until pid has exited, without reaping it, so that its
// process group can still be killed safely. It reports false when it could
// not wait (the caller then reaps it directly).
func waitExited(pid int) bool {
	var info unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if err != unix.EINTR {
			return err == nil
		}
	}
}

// clockTick is USER_HZ, the unit of the times in /proc/<pid>/stat; it is 100
// on every Linux architecture Go supports.
const clockTick = 10 * time.Millisecond

// procCPU reads the CPU time of pid and of its reaped children.
func procCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name is in parentheses and may hold spaces: skip past it.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(b[i+1:])
	// After the name: state(0) ppid ... utime(11) stime(12) cutime(13) cstime(14).
	if len(f) < 15 {
		return 0, false
	}
	var ticks int64
	for _, s := range f[11:15] {
		v, err := strconv.ParseInt(string(s), 10, 64)
		if err != nil {
			return 0, false
		}
		ticks += v
	}
	return time.Duration(ticks) * clockTick, true
}

// maxRSS converts ru_maxrss (KiB on Linux) to bytes.
func maxRSS(ru *syscall.Rusage) int64 { return int64(ru.Maxrss) << 10 }

// setRlimits gives pid RLIMIT_CPU a little above the limit (SIGXCPU, which
// Go ignores, one second after it, SIGKILL two seconds after it) and
// RLIMIT_FSIZE. The program may run a moment before they apply.
func setRlimits(pid int, lim Limits) {
	secs := uint64((lim.CPUTime + time.Second - 1) / time.Second)
	unix.Prlimit(pid, unix.RLIMIT_CPU, &unix.Rlimit{Cur: secs + 1, Max: secs + 2}, nil)
	fs := uint64(lim.FileSize)
	unix.Prlimit(pid, unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: fs, Max: fs}, nil)
}
