package process_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/process"
)

var errBad = errors.New("bad item")

func items(n int) []process.Item {
	ws := make([]process.Item, n)
	for i := range ws {
		ws[i] = process.Item{ID: i, Payload: fmt.Sprint("p", i)}
	}
	return ws
}

func TestEmpty(t *testing.T) {
	got, err := process.ProcessAll(nil, func(process.Item) (process.Result, error) {
		t.Error("p called for an empty batch")
		return process.Result{}, nil
	})
	if err != nil || len(got) != 0 {
		t.Fatalf("ProcessAll(nil) = %v, %v; want empty, nil", got, err)
	}
}

// TestOrderAndConcurrency: later items finish first; results must still be in
// input order, and the batch takes as long as the slowest item, not the sum.
func TestOrderAndConcurrency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 10
		start := time.Now()
		got, err := process.ProcessAll(items(n), func(it process.Item) (process.Result, error) {
			time.Sleep(time.Duration(n-it.ID) * time.Second)
			return process.Result{ID: it.ID, Value: it.Payload + "!"}, nil
		})
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		if d := time.Since(start); d != n*time.Second {
			t.Fatalf("batch took %v of fake time, want %v (calls must run concurrently)", d, n*time.Second)
		}
		if len(got) != n {
			t.Fatalf("got %d results, want %d", len(got), n)
		}
		for i, r := range got {
			if r.ID != i || r.Value != fmt.Sprint("p", i, "!") {
				t.Fatalf("result %d = %+v; results must be in input order", i, r)
			}
		}
	})
}

func TestEachItemOnce(t *testing.T) {
	const n = 300
	var calls [n]atomic.Int32
	got, err := process.ProcessAll(items(n), func(it process.Item) (process.Result, error) {
		calls[it.ID].Add(1)
		return process.Result{ID: it.ID}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if c := calls[i].Load(); c != 1 {
			t.Fatalf("p called %d times for item %d", c, i)
		}
		if got[i].ID != i {
			t.Fatalf("result %d has ID %d", i, got[i].ID)
		}
	}
}

func TestSingleFailingItem(t *testing.T) {
	got, err := process.ProcessAll(items(1), func(process.Item) (process.Result, error) {
		return process.Result{}, fmt.Errorf("item 0: %w", errBad)
	})
	if !errors.Is(err, errBad) {
		t.Fatalf("err = %v, want one wrapping errBad", err)
	}
	if got != nil {
		t.Fatalf("results = %v, want nil on error", got)
	}
}

// TestFailureArrivesLast: the failing item is the slowest, so every other
// result is in before the error.
func TestFailureArrivesLast(t *testing.T) {
	for _, bad := range []int{0, 7, 19} {
		synctest.Test(t, func(t *testing.T) {
			start := time.Now()
			got, err := process.ProcessAll(items(20), func(it process.Item) (process.Result, error) {
				if it.ID == bad {
					time.Sleep(time.Second)
					return process.Result{}, errBad
				}
				return process.Result{ID: it.ID}, nil
			})
			if !errors.Is(err, errBad) || got != nil {
				t.Fatalf("bad=%d: got %v, %v; want nil, errBad", bad, got, err)
			}
			if d := time.Since(start); d != time.Second {
				t.Fatalf("bad=%d: returned after %v, want 1s", bad, d)
			}
		})
	}
}
