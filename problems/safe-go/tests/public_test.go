package safego_test

import (
	"bytes"
	"sync"
	"testing"

	"goprep.local/safego"
)

func TestExample(t *testing.T) {
	var wg sync.WaitGroup
	var got any
	var stack []byte
	safego.SafeGo(&wg, func() { panic("boom") }, func(v any, s []byte) {
		got, stack = v, s
	})
	wg.Wait() // onPanic has returned before Done
	if got != "boom" {
		t.Fatalf("onPanic got %v, want boom", got)
	}
	if !bytes.Contains(stack, []byte("goroutine ")) {
		t.Fatalf("stack does not look like a goroutine trace:\n%s", stack)
	}
}
