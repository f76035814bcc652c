// Package variants builds variants of a list of strings.
package variants

// Variants returns base followed by a, and base followed by b. The results
// share no memory with base or with each other, and base (including its spare
// capacity) is not modified.
func Variants(base []string, a, b string) (x, y []string) {
	// The full slice expression caps the capacity at the length, so append
	// must copy into a new array instead of writing into base's spare room.
	n := len(base)
	x = append(base[:n:n], a)
	y = append(base[:n:n], b)
	return x, y
}
