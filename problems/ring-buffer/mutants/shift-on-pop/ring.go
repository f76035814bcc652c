package ring

// Ring is a slice: Push appends, Pop shifts everything left.
type Ring[T any] struct {
	items []T
}

func NewRing[T any](n int) *Ring[T] {
	if n < 1 {
		panic("ring: capacity must be at least 1")
	}
	return &Ring[T]{items: make([]T, 0, n)}
}

func (r *Ring[T]) Push(v T) bool {
	if len(r.items) == cap(r.items) {
		return false
	}
	r.items = append(r.items, v)
	return true
}

func (r *Ring[T]) Pop() (T, bool) {
	var zero T
	if len(r.items) == 0 {
		return zero, false
	}
	v := r.items[0]
	copy(r.items, r.items[1:])
	r.items[len(r.items)-1] = zero
	r.items = r.items[:len(r.items)-1]
	return v, true
}

func (r *Ring[T]) Len() int { return len(r.items) }
func (r *Ring[T]) Cap() int { return cap(r.items) }
