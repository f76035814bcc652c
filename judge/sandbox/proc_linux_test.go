package sandbox

import (
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
