package variants_test

import (
	"slices"
	"testing"

	"goprep.local/variants"
)

func TestExample(t *testing.T) {
	base := make([]string, 2, 8) // spare capacity: this is where the bug shows
	base[0], base[1] = "go", "run"
	x, y := variants.Variants(base, "-race", "-v")
	if want := []string{"go", "run", "-race"}; !slices.Equal(x, want) {
		t.Errorf("x = %q, want %q", x, want)
	}
	if want := []string{"go", "run", "-v"}; !slices.Equal(y, want) {
		t.Errorf("y = %q, want %q", y, want)
	}
}
