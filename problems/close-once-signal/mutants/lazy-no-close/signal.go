package signal

import (
	"sync"
	"sync/atomic"
)

// Signal makes its channel only when Done is first called.
type Signal struct {
	mu    sync.Mutex
	ch    chan struct{}
	fired atomic.Bool
}

func (s *Signal) Fire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fired.Load() {
		return
	}
	if s.ch != nil {
		close(s.ch)
	}
	s.fired.Store(true)
}

func (s *Signal) Done() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

func (s *Signal) Fired() bool { return s.fired.Load() }
