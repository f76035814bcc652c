package safego

import (
	"runtime"
	"sync"
)

var mu sync.Mutex

// SafeGo calls Done on the two exits it thought of: normal return and panic.
func SafeGo(wg *sync.WaitGroup, f func(), onPanic func(v any, stack []byte)) {
	wg.Add(1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				if onPanic != nil {
					buf := make([]byte, 64<<10)
					mu.Lock()
					onPanic(v, buf[:runtime.Stack(buf, false)])
					mu.Unlock()
				}
				wg.Done()
			}
		}()
		f()
		wg.Done()
	}()
}
