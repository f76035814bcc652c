package memo_test

import (
	"testing"

	"goprep.local/memo"
)

func TestExample(t *testing.T) {
	calls := 0
	m := memo.NewMemo(func(n int) int {
		calls++
		return n * n
	})
	if m.Get(4) != 16 || m.Get(4) != 16 || m.Get(5) != 25 {
		t.Fatal("wrong values")
	}
	if calls != 2 {
		t.Fatalf("f called %d times, want 2 (once per key)", calls)
	}
}
