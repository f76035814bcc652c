package memo

import "sync"

// Memo stores a sync.OnceValue per key in a sync.Map, offering a fresh one
// on every call and keeping whichever was stored first.
type Memo[K comparable, V any] struct {
	f func(K) V
	m sync.Map // K -> func() V
}

func NewMemo[K comparable, V any](f func(K) V) *Memo[K, V] {
	return &Memo[K, V]{f: f}
}

func (m *Memo[K, V]) Get(k K) V {
	get, _ := m.m.LoadOrStore(k, sync.OnceValue(func() V { return m.f(k) }))
	return get.(func() V)()
}
