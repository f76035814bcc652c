package benchmarks

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// Each goroutine of RunParallel increments only its own slot, so there is no
// logical sharing; the only difference is whether slots share a cache line.

const slots = 64

type packedSlot struct {
	n atomic.Int64
}

type paddedSlot struct {
	n atomic.Int64
	_ [120]byte // 8 + 120 = 128 bytes: also defeats the adjacent-line prefetcher
}

func BenchmarkFalseSharingPacked(b *testing.B) {
	var s [slots]packedSlot
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		i := int(next.Add(1)-1) % slots
		for pb.Next() {
			s[i].n.Add(1)
		}
	})
	runtime.KeepAlive(&s)
}

func BenchmarkFalseSharingPadded(b *testing.B) {
	var s [slots]paddedSlot
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		i := int(next.Add(1)-1) % slots
		for pb.Next() {
			s[i].n.Add(1)
		}
	})
	runtime.KeepAlive(&s)
}
