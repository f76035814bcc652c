package benchmarks

import "testing"

const appendN = 1000

var sinkInts []int

// BenchmarkAppendGrow appends 1000 ints to a nil slice, letting append grow it.
func BenchmarkAppendGrow(b *testing.B) {
	for b.Loop() {
		var s []int
		for i := range appendN {
			s = append(s, i)
		}
		sinkInts = s
	}
}

// BenchmarkAppendPrealloc appends 1000 ints into make([]int, 0, 1000).
func BenchmarkAppendPrealloc(b *testing.B) {
	for b.Loop() {
		s := make([]int, 0, appendN)
		for i := range appendN {
			s = append(s, i)
		}
		sinkInts = s
	}
}
