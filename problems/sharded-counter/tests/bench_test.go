package shard_test

import (
	"testing"

	"goprep.local/shard"
)

// BenchmarkAddParallel adds from every P at once: the contended case the
// shards are for.
func BenchmarkAddParallel(b *testing.B) {
	c := shard.NewCounter()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Add(1)
		}
	})
}

// BenchmarkAdd is the uncontended cost of one Add.
func BenchmarkAdd(b *testing.B) {
	c := shard.NewCounter()
	for b.Loop() {
		c.Add(1)
	}
}
