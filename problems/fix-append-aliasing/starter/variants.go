// Package variants builds variants of a list of strings.
package variants

// Variants returns base followed by a, and base followed by b.
//
// BUG: callers report that x sometimes ends with b instead of a, and that the
// memory behind base changes. Find out why and fix it.
func Variants(base []string, a, b string) (x, y []string) {
	x = append(base, a)
	y = append(base, b)
	return x, y
}
