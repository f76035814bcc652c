package ring_test

import (
	"testing"

	"goprep.local/ring"
)

func BenchmarkPushPopHalfFull(b *testing.B) {
	r := ring.NewRing[int](1024)
	for i := range 512 {
		r.Push(i)
	}
	i := 0
	for b.Loop() {
		r.Push(i)
		i, _ = r.Pop()
	}
}

func BenchmarkFillDrain(b *testing.B) {
	r := ring.NewRing[*int](64)
	x := new(int)
	for b.Loop() {
		for r.Push(x) {
		}
		for {
			if _, ok := r.Pop(); !ok {
				break
			}
		}
	}
}
