package counter_test

import (
	"maps"
	"testing"

	"goprep.local/counter"
)

func TestExample(t *testing.T) {
	c := counter.New()
	c.Inc("go")
	c.Inc("go")
	c.Add("rust", 5)
	c.Add("rust", -2)
	if got := c.Get("go"); got != 2 {
		t.Errorf(`Get("go") = %d, want 2`, got)
	}
	if got := c.Get("rust"); got != 3 {
		t.Errorf(`Get("rust") = %d, want 3`, got)
	}
	if got := c.Get("zig"); got != 0 {
		t.Errorf(`Get("zig") = %d, want 0`, got)
	}
	want := map[string]int64{"go": 2, "rust": 3}
	if s := c.Snapshot(); !maps.Equal(s, want) {
		t.Errorf("Snapshot() = %v, want %v", s, want)
	}
}
