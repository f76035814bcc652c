package memo

import "sync"

type entry[V any] struct {
	v    V
	done chan struct{}
}

// Memo uses a done channel per entry, closed when f returns.
type Memo[K comparable, V any] struct {
	f  func(K) V
	mu sync.Mutex
	m  map[K]*entry[V]
}

func NewMemo[K comparable, V any](f func(K) V) *Memo[K, V] {
	return &Memo[K, V]{f: f, m: make(map[K]*entry[V])}
}

func (m *Memo[K, V]) Get(k K) V {
	m.mu.Lock()
	e, ok := m.m[k]
	if !ok {
		e = &entry[V]{done: make(chan struct{})}
		m.m[k] = e
	}
	m.mu.Unlock()
	if !ok {
		e.v = m.f(k)
		close(e.done)
		return e.v
	}
	<-e.done
	return e.v
}
