package variants_test

import (
	"slices"
	"testing"

	"goprep.local/variants"
)

func mk(n, c int) []string {
	s := make([]string, n, c)
	for i := range s {
		s[i] = string(rune('a' + i))
	}
	return s
}

func check(t *testing.T, name string, base []string, a, b string) {
	t.Helper()
	orig := slices.Clone(base[:cap(base)]) // the whole backing array in view
	want := slices.Clone(base)
	x, y := variants.Variants(base, a, b)
	if w := append(slices.Clone(want), a); !slices.Equal(x, w) {
		t.Fatalf("%s: x = %q, want %q", name, x, w)
	}
	if w := append(slices.Clone(want), b); !slices.Equal(y, w) {
		t.Fatalf("%s: y = %q, want %q", name, y, w)
	}
	if !slices.Equal(base[:cap(base)], orig) {
		t.Fatalf("%s: base[:cap(base)] changed from %q to %q", name, orig, base[:cap(base)])
	}
	// Appending to x must not disturb y, and the other way round.
	x2 := append(x, "x-more")
	y2 := append(y, "y-more")
	if x2[len(x2)-1] != "x-more" || y2[len(y2)-1] != "y-more" || x[len(x)-1] != a || y[len(y)-1] != b {
		t.Fatalf("%s: appending to one result changed the other", name)
	}
	// x and y must not share memory with each other or with base.
	if len(x) > 0 && len(y) > 0 {
		x[0] = "changed-x"
		if y[0] == "changed-x" {
			t.Fatalf("%s: x and y share their backing array", name)
		}
	}
	if len(base) > 0 {
		y[0] = "changed-y"
		if base[0] == "changed-y" {
			t.Fatalf("%s: y shares memory with base", name)
		}
		x[0] = "changed-x"
		if base[0] == "changed-x" {
			t.Fatalf("%s: x shares memory with base", name)
		}
	}
}

func TestVariants(t *testing.T) {
	check(t, "nil base", nil, "A", "B")
	check(t, "empty base, spare cap", mk(0, 4), "A", "B")
	check(t, "full base", mk(3, 3), "A", "B")
	check(t, "one spare slot", mk(3, 4), "A", "B")
	check(t, "lots of spare cap", mk(5, 64), "A", "B")
	check(t, "same strings", mk(2, 10), "same", "same")
	for n := range 20 {
		for c := n; c <= n+3; c++ {
			check(t, "grid", mk(n, c), "left", "right")
		}
	}
}

func TestSubslice(t *testing.T) {
	arr := []string{"a", "b", "c", "d", "e", "f"}
	base := arr[1:3] // len 2, cap 5: the rest of arr is spare capacity
	x, y := variants.Variants(base, "X", "Y")
	if !slices.Equal(arr, []string{"a", "b", "c", "d", "e", "f"}) {
		t.Fatalf("the array behind base changed: %q", arr)
	}
	if !slices.Equal(x, []string{"b", "c", "X"}) || !slices.Equal(y, []string{"b", "c", "Y"}) {
		t.Fatalf("x, y = %q, %q", x, y)
	}
}
