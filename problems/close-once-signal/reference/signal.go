// Package signal provides a one-shot broadcast signal.
package signal

import (
	"sync"
	"sync/atomic"
)

// closedChan is handed out by a Signal that fires before anyone asked for
// its channel, so that Fire never has to allocate.
var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// Signal is a one-shot broadcast: Fire closes a channel that every Done
// caller receives. The zero value is ready to use; a Signal must not be
// copied after first use.
type Signal struct {
	mu    sync.Mutex
	ch    chan struct{} // created lazily under mu
	fired atomic.Bool   // read without the lock by Fired
}

// Fire fires the signal. Calling it again, from any goroutine, has no effect.
func (s *Signal) Fire() {
	if s.fired.Load() {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fired.Load() {
		return
	}
	if s.ch == nil {
		s.ch = closedChan
	} else {
		close(s.ch) // closing twice would panic: only the first Fire gets here
	}
	s.fired.Store(true)
}

// Done returns a channel that is closed once Fire has been called. Every
// call returns the same channel.
func (s *Signal) Done() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

// Fired reports whether Fire has been called.
func (s *Signal) Fired() bool {
	return s.fired.Load()
}
