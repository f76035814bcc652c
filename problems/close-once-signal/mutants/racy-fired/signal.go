// Package signal provides a one-shot broadcast signal.
package signal

import "sync"

// closedChan is handed out by a Signal that fires before anyone asked for
// its channel, so that Fire never has to allocate.
var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// Signal is a one-shot broadcast. The fired flag is written under the mutex
// but read without it: double-checked locking with a plain bool.
type Signal struct {
	mu    sync.Mutex
	ch    chan struct{}
	fired bool
}

// Fire fires the signal. Calling it again has no effect.
func (s *Signal) Fire() {
	if s.fired { // fast path without the lock
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fired {
		return
	}
	if s.ch == nil {
		s.ch = closedChan
	} else {
		close(s.ch)
	}
	s.fired = true
}

// Done returns a channel that is closed once Fire has been called.
func (s *Signal) Done() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

// Fired reports whether Fire has been called. A bool load is atomic on
// every CPU anyway, so it skips the lock.
func (s *Signal) Fired() bool {
	return s.fired
}
