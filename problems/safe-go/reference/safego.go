// Package safego starts goroutines whose panics are reported instead of
// crashing the program.
package safego

import (
	"runtime"
	"sync"
)

// handlerMu serializes the onPanic calls of every SafeGo goroutine.
var handlerMu sync.Mutex

// SafeGo runs f in a new goroutine tracked by wg. A panic in f is recovered
// and reported to onPanic (if not nil) with the panic value and the stack of
// the panicking goroutine; wg.Done is called after onPanic returns, on every
// way out of f (normal return, panic, runtime.Goexit).
func SafeGo(wg *sync.WaitGroup, f func(), onPanic func(v any, stack []byte)) {
	wg.Add(1) // before the go statement, so a Wait right after SafeGo sees it
	go func() {
		defer wg.Done() // deferred first, so it runs last: after the report
		defer func() {
			// recover returns nil for a normal return and for Goexit. Since
			// Go 1.21, panic(nil) arrives as a non-nil *runtime.PanicNilError.
			v := recover()
			if v == nil || onPanic == nil {
				return
			}
			// Deferred calls run before the panicking frames are unwound, so
			// this stack still shows where f panicked.
			buf := make([]byte, 64<<10)
			stack := buf[:runtime.Stack(buf, false)]
			handlerMu.Lock()
			defer handlerMu.Unlock()
			onPanic(v, stack)
		}()
		f()
	}()
}
