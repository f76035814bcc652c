package once_test

import (
	"testing"

	"goprep.local/once"
)

var sink int

// BenchmarkCached measures the call after f has succeeded: it must not lock
// or allocate.
func BenchmarkCached(b *testing.B) {
	get := once.OnceOK(func() (int, error) { return 1, nil })
	get()
	for b.Loop() {
		v, _ := get()
		sink += v
	}
}

// BenchmarkCachedParallel calls the cached function from every P.
func BenchmarkCachedParallel(b *testing.B) {
	get := once.OnceOK(func() (int, error) { return 1, nil })
	get()
	b.RunParallel(func(pb *testing.PB) {
		s := 0
		for pb.Next() {
			v, _ := get()
			s += v
		}
		_ = s
	})
}
