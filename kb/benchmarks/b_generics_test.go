package benchmarks

import (
	"iter"
	"slices"
	"testing"
)

// Backs kb/generics/generics-iter-pull: consuming a sequence of 1000 ints
// with a plain range-over-func loop versus pulling it with iter.Pull.

var genericsInts = func() []int {
	s := make([]int, 1000)
	for i := range s {
		s[i] = i
	}
	return s
}()

func BenchmarkGenericsRangeSeq(b *testing.B) {
	seq := slices.Values(genericsInts)
	sum := 0
	for b.Loop() {
		for v := range seq {
			sum += v
		}
	}
	if sum == 0 {
		b.Fatal("nothing summed")
	}
}

func BenchmarkGenericsIterPull(b *testing.B) {
	seq := slices.Values(genericsInts)
	sum := 0
	for b.Loop() {
		sum += pullSum(seq)
	}
	if sum == 0 {
		b.Fatal("nothing summed")
	}
}

func pullSum(seq iter.Seq[int]) int {
	next, stop := iter.Pull(seq)
	defer stop()
	s := 0
	for v, ok := next(); ok; v, ok = next() {
		s += v
	}
	return s
}
