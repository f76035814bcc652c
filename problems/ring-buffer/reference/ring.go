// Package ring provides a fixed-size FIFO ring buffer.
package ring

// Ring is a fixed-capacity FIFO queue. It is not safe for concurrent use.
//
// Like the buffer of a channel (runtime.hchan's buf with sendx and recvx), it
// keeps a read index and a count, and wraps both around one array.
type Ring[T any] struct {
	buf  []T
	head int // index of the oldest element
	n    int // number of elements
}

// NewRing returns an empty ring that holds up to n elements. It panics if n < 1.
func NewRing[T any](n int) *Ring[T] {
	if n < 1 {
		panic("ring: capacity must be at least 1")
	}
	return &Ring[T]{buf: make([]T, n)}
}

// Push appends v and reports true, or reports false if the ring is full.
func (r *Ring[T]) Push(v T) bool {
	if r.n == len(r.buf) {
		return false
	}
	i := r.head + r.n
	if i >= len(r.buf) {
		i -= len(r.buf)
	}
	r.buf[i] = v
	r.n++
	return true
}

// Pop removes and returns the oldest element, or the zero value and false if
// the ring is empty.
func (r *Ring[T]) Pop() (T, bool) {
	var zero T
	if r.n == 0 {
		return zero, false
	}
	v := r.buf[r.head]
	// Clear the slot, as the channel code does after a receive: otherwise the
	// ring keeps whatever v points to alive until the slot is reused.
	r.buf[r.head] = zero
	r.head++
	if r.head == len(r.buf) {
		r.head = 0
	}
	r.n--
	return v, true
}

// Len returns the number of elements in the ring.
func (r *Ring[T]) Len() int { return r.n }

// Cap returns the capacity n given to NewRing.
func (r *Ring[T]) Cap() int { return len(r.buf) }
