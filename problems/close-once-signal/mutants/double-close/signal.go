package signal

import "sync"

// Signal closes its channel on every Fire.
type Signal struct {
	mu    sync.Mutex
	ch    chan struct{}
	fired bool
}

func (s *Signal) init() {
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
}

func (s *Signal) Fire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	close(s.ch)
	s.fired = true
}

func (s *Signal) Done() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	return s.ch
}

func (s *Signal) Fired() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fired
}
