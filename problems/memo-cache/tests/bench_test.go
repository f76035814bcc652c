package memo_test

import (
	"testing"

	"goprep.local/memo"
)

// BenchmarkHits reads keys that are all cached: a hit must not allocate.
func BenchmarkHits(b *testing.B) {
	m := memo.NewMemo(func(k int) int { return 2 * k })
	for k := 1000; k < 2000; k++ {
		m.Get(k)
	}
	k := 1000
	for b.Loop() {
		if m.Get(k) != 2*k {
			b.Fatal("wrong value")
		}
		k++
		if k == 2000 {
			k = 1000
		}
	}
}
