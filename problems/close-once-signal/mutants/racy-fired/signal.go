package signal

import "sync"

// Signal guards its writes, but Fired reads the flag without the lock.
type Signal struct {
	mu    sync.Mutex
	ch    chan struct{}
	fired bool
}

func (s *Signal) Fire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fired {
		return
	}
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	close(s.ch)
	s.fired = true
}

func (s *Signal) Done() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

// Fired is on the hot path, so it skips the lock.
func (s *Signal) Fired() bool {
	return s.fired
}
