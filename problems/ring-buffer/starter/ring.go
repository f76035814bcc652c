// Package ring provides a fixed-size FIFO ring buffer.
package ring

// Ring is a fixed-capacity FIFO queue. It is not safe for concurrent use.
type Ring[T any] struct {
	// TODO: fields.
}

// NewRing returns an empty ring that holds up to n elements. It panics if n < 1.
func NewRing[T any](n int) *Ring[T] {
	// TODO
	return &Ring[T]{}
}

// Push appends v and reports true, or reports false if the ring is full.
func (r *Ring[T]) Push(v T) bool {
	// TODO
	return false
}

// Pop removes and returns the oldest element, or the zero value and false if
// the ring is empty.
func (r *Ring[T]) Pop() (T, bool) {
	// TODO
	var zero T
	return zero, false
}

// Len returns the number of elements in the ring.
func (r *Ring[T]) Len() int { return 0 }

// Cap returns the capacity n given to NewRing.
func (r *Ring[T]) Cap() int { return 0 }
