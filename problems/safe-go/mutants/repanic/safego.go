package safego

import (
	"runtime"
	"sync"
)

var mu sync.Mutex

// SafeGo reports the panic, then re-panics so the failure "is not hidden".
func SafeGo(wg *sync.WaitGroup, f func(), onPanic func(v any, stack []byte)) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if onPanic != nil {
				buf := make([]byte, 64<<10)
				mu.Lock()
				onPanic(v, buf[:runtime.Stack(buf, false)])
				mu.Unlock()
			}
			panic(v)
		}()
		f()
	}()
}
