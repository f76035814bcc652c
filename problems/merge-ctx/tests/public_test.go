package merge_test

import (
	"context"
	"slices"
	"testing"

	"goprep.local/merge"
)

func TestExample(t *testing.T) {
	a, b := make(chan int), make(chan int)
	go func() { a <- 1; a <- 2; close(a) }()
	go func() { b <- 10; close(b) }()
	var got []int
	for v := range merge.Merge(context.Background(), a, b) {
		got = append(got, v)
	}
	slices.Sort(got)
	if !slices.Equal(got, []int{1, 2, 10}) {
		t.Fatalf("merged %v, want [1 2 10] in any order", got)
	}
}
