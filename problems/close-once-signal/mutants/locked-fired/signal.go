package signal

import "sync"

// Signal is correct, but Fired asks the channel under the lock.
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

func (s *Signal) Fired() bool {
	select {
	case <-s.Done():
		return true
	default:
		return false
	}
}
