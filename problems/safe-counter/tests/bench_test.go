package counter_test

import (
	"strconv"
	"testing"

	"goprep.local/counter"
)

var benchKeys = func() []string {
	keys := make([]string, 64)
	for i := range keys {
		keys[i] = "key-" + strconv.Itoa(i)
	}
	return keys
}()

// BenchmarkIncGetParallel mixes one Inc with three Gets on 64 keys from
// GOMAXPROCS goroutines.
func BenchmarkIncGetParallel(b *testing.B) {
	c := counter.New()
	for _, k := range benchKeys {
		c.Inc(k)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			k := benchKeys[i%len(benchKeys)]
			if i%4 == 0 {
				c.Inc(k)
			} else {
				c.Get(k)
			}
			i++
		}
	})
}
