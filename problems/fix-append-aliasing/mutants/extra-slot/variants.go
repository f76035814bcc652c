package variants

// Variants copies base into a slice that is already one element too long.
func Variants(base []string, a, b string) (x, y []string) {
	x = make([]string, len(base)+1)
	copy(x, base)
	x = append(x, a)
	y = make([]string, len(base)+1)
	copy(y, base)
	y = append(y, b)
	return x, y
}
