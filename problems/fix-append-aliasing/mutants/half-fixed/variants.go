package variants

// Variants copies for x only.
func Variants(base []string, a, b string) (x, y []string) {
	x = make([]string, len(base), len(base)+1)
	copy(x, base)
	x = append(x, a)
	y = append(base, b)
	return x, y
}
