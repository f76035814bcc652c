package ring

// Ring uses the textbook head/tail pair and tells full from empty by
// keeping one slot free.
type Ring[T any] struct {
	buf        []T
	head, tail int
}

func NewRing[T any](n int) *Ring[T] {
	if n < 1 {
		panic("ring: capacity must be at least 1")
	}
	return &Ring[T]{buf: make([]T, n)}
}

func (r *Ring[T]) Push(v T) bool {
	next := (r.tail + 1) % len(r.buf)
	if next == r.head {
		return false
	}
	r.buf[r.tail] = v
	r.tail = next
	return true
}

func (r *Ring[T]) Pop() (T, bool) {
	var zero T
	if r.head == r.tail {
		return zero, false
	}
	v := r.buf[r.head]
	r.buf[r.head] = zero
	r.head = (r.head + 1) % len(r.buf)
	return v, true
}

func (r *Ring[T]) Len() int { return (r.tail - r.head + len(r.buf)) % len(r.buf) }
func (r *Ring[T]) Cap() int { return len(r.buf) }
