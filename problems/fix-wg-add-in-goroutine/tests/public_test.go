package parallel_test

import (
	"slices"
	"testing"

	"goprep.local/parallel"
)

func TestExample(t *testing.T) {
	got := parallel.ParallelApply([]int{1, 2, 3, 4}, func(x int) int { return x * x })
	want := []int{1, 4, 9, 16}
	if !slices.Equal(got, want) {
		t.Fatalf("ParallelApply([1 2 3 4], square) = %v, want %v", got, want)
	}
}
