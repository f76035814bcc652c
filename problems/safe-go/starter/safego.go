// Package safego starts goroutines whose panics are reported instead of
// crashing the program.
package safego

import "sync"

// SafeGo runs f in a new goroutine tracked by wg. A panic in f is recovered
// and reported to onPanic (if not nil) with the panic value and the stack of
// the panicking goroutine. See the statement for the exact rules.
func SafeGo(wg *sync.WaitGroup, f func(), onPanic func(v any, stack []byte)) {
	// TODO: implement.
}
