package sandbox

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// exitsSoon reports whether process pid is gone or ends within d (it waits
// on a pidfd, which becomes readable when the process exits).
func exitsSoon(pid int, d time.Duration) bool {
	fd, err := unix.PidfdOpen(pid, 0)
	if err == unix.ESRCH {
		return true
	}
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for {
		n, err := unix.Poll(fds, int(d.Milliseconds()))
		if err == unix.EINTR {
			continue
		}
		return err == nil && n == 1
	}
}

// mustIsolate says whether this host is expected to isolate: as root, only a
// refusal by the kernel or the container (EPERM, EACCES, a read-only or
// missing cgroup mount) excuses a missing level; anything else is a bug.
func mustIsolate() bool {
	if os.Geteuid() != 0 {
		return false
	}
	p := detected()
	for _, err := range []error{p.root, p.cgroup} {
		if err != nil && !errors.Is(err, unix.EPERM) && !errors.Is(err, unix.EACCES) &&
			!errors.Is(err, unix.EROFS) && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, errNoControllers) {
			return true
		}
	}
	return false
}
