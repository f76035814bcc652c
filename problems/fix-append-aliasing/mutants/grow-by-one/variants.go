package variants

// Variants builds fresh slices element by element.
func Variants(base []string, a, b string) (x, y []string) {
	for _, s := range base {
		x = append(x, s)
	}
	x = append(x, a)
	for _, s := range base {
		y = append(y, s)
	}
	y = append(y, b)
	return x, y
}
