// Package benchmarks holds the benchmarks that back the speed claims made in
// the knowledge base (kb/). Every entry that says one construct is faster or
// allocates less than another quotes figures measured with these benchmarks,
// together with the machine and Go version they were measured on.
//
// What each file backs:
//
//   - syncmap_test.go: sync.Map against a map guarded by sync.RWMutex and by
//     sync.Mutex, for read-mostly, write-heavy and disjoint-key workloads
//     (kb/map-syncmap, kb/sync, kb/mutex).
//   - timer_test.go: time.After in every loop iteration against one timer
//     reused with Reset, plus the cost of context.WithTimeout per call
//     (kb/timers).
//   - counter_test.go: a shared counter kept with atomic.Int64, a CAS loop,
//     sync.Mutex and a channel owned by one goroutine (kb/atomics, kb/sync).
//   - falsesharing_test.go: per-goroutine counters packed into one cache line
//     against counters padded onto separate lines (kb/atomics).
//   - slices_test.go: appending to a nil slice against appending into a slice
//     preallocated with make (kb/slices).
//   - b_errors_test.go, b_generics_test.go, b_memorymodel_test.go: errors.As
//     against errors.AsType, range-over-func against iter.Pull, and a mutex
//     against a channel-owned counter (kb/errors, kb/generics,
//     kb/memory-model); each file's comment names the entry it backs.
//
// Parallel benchmarks use b.RunParallel (b.Loop cannot drive them); serial
// ones use b.Loop (Go 1.24). Run them with
//
//	go test -run '^$' -bench . -benchmem -count 8 ./kb/benchmarks/
//
// The raw output of the run whose medians the entries quote is kept in
// results/ next to this file, with the date, machine and load it ran under.
//
// The package contains no production code.
package benchmarks
