package ring

// Ring is right except that Pop leaves the value in its slot.
type Ring[T any] struct {
	buf  []T
	head int
	n    int
}

func NewRing[T any](n int) *Ring[T] {
	if n < 1 {
		panic("ring: capacity must be at least 1")
	}
	return &Ring[T]{buf: make([]T, n)}
}

func (r *Ring[T]) Push(v T) bool {
	if r.n == len(r.buf) {
		return false
	}
	r.buf[(r.head+r.n)%len(r.buf)] = v
	r.n++
	return true
}

func (r *Ring[T]) Pop() (T, bool) {
	if r.n == 0 {
		var zero T
		return zero, false
	}
	v := r.buf[r.head]
	r.head = (r.head + 1) % len(r.buf)
	r.n--
	return v, true
}

func (r *Ring[T]) Len() int { return r.n }
func (r *Ring[T]) Cap() int { return len(r.buf) }
