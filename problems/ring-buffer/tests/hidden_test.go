package ring_test

import (
	"math/rand/v2"
	"runtime"
	"testing"
	"weak"

	"goprep.local/ring"
)

func TestNewRingPanicsOnBadCapacity(t *testing.T) {
	for _, n := range []int{0, -1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewRing(%d) did not panic", n)
				}
			}()
			ring.NewRing[int](n)
		}()
	}
}

func TestEmpty(t *testing.T) {
	r := ring.NewRing[int](3)
	if v, ok := r.Pop(); ok || v != 0 {
		t.Fatalf("Pop on empty = %d, %v; want 0, false", v, ok)
	}
	if r.Len() != 0 || r.Cap() != 3 {
		t.Fatalf("Len, Cap = %d, %d; want 0, 3", r.Len(), r.Cap())
	}
}

func TestCapacityOne(t *testing.T) {
	r := ring.NewRing[int](1)
	for i := range 10 {
		if !r.Push(i) {
			t.Fatalf("Push(%d) into empty ring of capacity 1 failed", i)
		}
		if r.Push(-1) {
			t.Fatal("second Push into ring of capacity 1 succeeded")
		}
		if v, ok := r.Pop(); !ok || v != i {
			t.Fatalf("Pop = %d, %v; want %d, true", v, ok, i)
		}
	}
}

func TestFullRingKeepsContents(t *testing.T) {
	r := ring.NewRing[int](4)
	for i := range 4 {
		if !r.Push(i) {
			t.Fatalf("Push(%d) failed with Len %d of 4", i, r.Len())
		}
	}
	if r.Push(99) {
		t.Fatal("Push into full ring succeeded")
	}
	for i := range 4 {
		if v, ok := r.Pop(); !ok || v != i {
			t.Fatalf("Pop = %d, %v; want %d, true (a failed Push must not overwrite)", v, ok, i)
		}
	}
}

// TestAgainstModel runs seeded random operations against a slice model.
func TestAgainstModel(t *testing.T) {
	for _, capacity := range []int{1, 2, 3, 7, 16, 100} {
		rng := rand.New(rand.NewPCG(uint64(capacity), 42))
		r := ring.NewRing[int](capacity)
		var model []int
		for step := range 20000 {
			switch rng.IntN(3) {
			case 0, 1:
				if capacity > 3 && rng.IntN(2) == 0 && len(model) > 0 {
					// bias towards draining for large rings
					goto pop
				}
				{
					v := rng.Int()
					ok := r.Push(v)
					if want := len(model) < capacity; ok != want {
						t.Fatalf("cap %d step %d: Push = %v, want %v (model len %d)", capacity, step, ok, want, len(model))
					}
					if ok {
						model = append(model, v)
					}
				}
				continue
			}
		pop:
			v, ok := r.Pop()
			if len(model) == 0 {
				if ok || v != 0 {
					t.Fatalf("cap %d step %d: Pop on empty = %d, %v", capacity, step, v, ok)
				}
			} else {
				if !ok || v != model[0] {
					t.Fatalf("cap %d step %d: Pop = %d, %v; want %d, true", capacity, step, v, ok, model[0])
				}
				model = model[1:]
			}
			if r.Len() != len(model) || r.Cap() != capacity {
				t.Fatalf("cap %d step %d: Len, Cap = %d, %d; want %d, %d", capacity, step, r.Len(), r.Cap(), len(model), capacity)
			}
		}
	}
}

type blob struct {
	id   int
	data [256]byte
}

// pushPop pushes fresh blobs, pops them all and returns weak pointers to
// them; the only strong references left are whatever the ring still holds.
//
//go:noinline
func pushPop(t *testing.T, r *ring.Ring[*blob], k int) []weak.Pointer[blob] {
	var wps []weak.Pointer[blob]
	for i := range k {
		b := &blob{id: i}
		wps = append(wps, weak.Make(b))
		if !r.Push(b) {
			t.Fatalf("Push %d failed", i)
		}
	}
	for i := range k {
		b, ok := r.Pop()
		if !ok || b.id != i {
			t.Fatalf("Pop %d returned %v, %v", i, b, ok)
		}
	}
	return wps
}

func TestPoppedSlotsAreCleared(t *testing.T) {
	r := ring.NewRing[*blob](4)
	r.Push(&blob{id: -1}) // move the head so the blobs below wrap around
	r.Pop()
	wps := pushPop(t, r, 3)
	runtime.GC()
	runtime.GC()
	for i, wp := range wps {
		if wp.Value() != nil {
			t.Fatalf("popped element %d is still reachable through the ring after GC", i)
		}
	}
	runtime.KeepAlive(r)
}

func TestZeroValueOfStruct(t *testing.T) {
	type pair struct {
		a string
		b int
	}
	r := ring.NewRing[pair](2)
	r.Push(pair{"x", 1})
	if v, ok := r.Pop(); !ok || v != (pair{"x", 1}) {
		t.Fatalf("Pop = %v, %v", v, ok)
	}
	if v, ok := r.Pop(); ok || v != (pair{}) {
		t.Fatalf("Pop on empty = %v, %v; want zero, false", v, ok)
	}
}
