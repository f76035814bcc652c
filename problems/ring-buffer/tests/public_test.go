package ring_test

import (
	"testing"

	"goprep.local/ring"
)

func TestExample(t *testing.T) {
	r := ring.NewRing[string](2)
	if !r.Push("a") || !r.Push("b") {
		t.Fatal("Push into a ring with room reported false")
	}
	if r.Push("c") {
		t.Fatal("Push into a full ring reported true")
	}
	if v, ok := r.Pop(); !ok || v != "a" {
		t.Fatalf("Pop = %q, %v; want a, true", v, ok)
	}
	if !r.Push("c") {
		t.Fatal("Push after Pop reported false")
	}
	if r.Len() != 2 || r.Cap() != 2 {
		t.Fatalf("Len, Cap = %d, %d; want 2, 2", r.Len(), r.Cap())
	}
}
