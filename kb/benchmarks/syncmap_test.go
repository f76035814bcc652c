package benchmarks

import (
	"sync"
	"sync/atomic"
	"testing"
)

// kv is the common surface of the three map implementations under test.
type kv interface {
	Load(k int) (int, bool)
	Store(k, v int)
}

type syncMapKV struct{ m sync.Map }

func (s *syncMapKV) Load(k int) (int, bool) {
	v, ok := s.m.Load(k)
	if !ok {
		return 0, false
	}
	return v.(int), true
}

func (s *syncMapKV) Store(k, v int) { s.m.Store(k, v) }

type rwMapKV struct {
	mu sync.RWMutex
	m  map[int]int
}

func (s *rwMapKV) Load(k int) (int, bool) {
	s.mu.RLock()
	v, ok := s.m[k]
	s.mu.RUnlock()
	return v, ok
}

func (s *rwMapKV) Store(k, v int) {
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
}

type mutexMapKV struct {
	mu sync.Mutex
	m  map[int]int
}

func (s *mutexMapKV) Load(k int) (int, bool) {
	s.mu.Lock()
	v, ok := s.m[k]
	s.mu.Unlock()
	return v, ok
}

func (s *mutexMapKV) Store(k, v int) {
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
}

const mapKeys = 1 << 10

func newKVs() []struct {
	name string
	mk   func() kv
} {
	return []struct {
		name string
		mk   func() kv
	}{
		{"SyncMap", func() kv { return &syncMapKV{} }},
		{"RWMutexMap", func() kv { return &rwMapKV{m: make(map[int]int)} }},
		{"MutexMap", func() kv { return &mutexMapKV{m: make(map[int]int)} }},
	}
}

// xorshift is a tiny per-goroutine pseudo-random generator, so the
// benchmarks do not contend on a shared source.
type xorshift uint64

func (x *xorshift) next() uint64 {
	v := uint64(*x)
	v ^= v << 13
	v ^= v >> 7
	v ^= v << 17
	*x = xorshift(v)
	return v
}

var seed atomic.Uint64

func newRand() xorshift { return xorshift(seed.Add(0x9E3779B97F4A7C15) | 1) }

// BenchmarkMapReadOnly: 100% Load over 1024 shared keys (a cache that
// stopped growing).
func BenchmarkMapReadOnly(b *testing.B) {
	for _, impl := range newKVs() {
		b.Run(impl.name, func(b *testing.B) {
			m := impl.mk()
			for k := range mapKeys {
				m.Store(k, k)
			}
			b.RunParallel(func(pb *testing.PB) {
				r := newRand()
				for pb.Next() {
					if _, ok := m.Load(int(r.next() % mapKeys)); !ok {
						b.Error("missing key")
					}
				}
			})
		})
	}
}

// BenchmarkMapReadMostly: 99% Load, 1% Store over 1024 shared keys.
func BenchmarkMapReadMostly(b *testing.B) {
	for _, impl := range newKVs() {
		b.Run(impl.name, func(b *testing.B) {
			m := impl.mk()
			for k := range mapKeys {
				m.Store(k, k)
			}
			b.RunParallel(func(pb *testing.PB) {
				r := newRand()
				for pb.Next() {
					x := r.next()
					k := int(x % mapKeys)
					if x%100 == 0 {
						m.Store(k, k)
					} else if _, ok := m.Load(k); !ok {
						b.Error("missing key")
					}
				}
			})
		})
	}
}

// BenchmarkMapWriteHeavy: every operation stores into one of 1024 shared keys.
func BenchmarkMapWriteHeavy(b *testing.B) {
	for _, impl := range newKVs() {
		b.Run(impl.name, func(b *testing.B) {
			m := impl.mk()
			for k := range mapKeys {
				m.Store(k, k)
			}
			b.RunParallel(func(pb *testing.PB) {
				r := newRand()
				for pb.Next() {
					x := r.next()
					m.Store(int(x%mapKeys), int(x))
				}
			})
		})
	}
}

var goroutineID atomic.Int64

// BenchmarkMapDisjointKeys: each goroutine stores and loads only its own
// 1024 keys (50% Store, 50% Load).
func BenchmarkMapDisjointKeys(b *testing.B) {
	for _, impl := range newKVs() {
		b.Run(impl.name, func(b *testing.B) {
			m := impl.mk()
			b.RunParallel(func(pb *testing.PB) {
				base := int(goroutineID.Add(1)) * mapKeys * 2
				r := newRand()
				for k := range mapKeys {
					m.Store(base+k, k)
				}
				for pb.Next() {
					x := r.next()
					k := base + int(x%mapKeys)
					if x&1 == 0 {
						m.Store(k, int(x))
					} else {
						m.Load(k)
					}
				}
			})
		})
	}
}
