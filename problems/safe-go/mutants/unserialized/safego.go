package safego

import (
	"runtime"
	"sync"
)

// SafeGo is right except that onPanic calls are not serialized.
func SafeGo(wg *sync.WaitGroup, f func(), onPanic func(v any, stack []byte)) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			v := recover()
			if v == nil || onPanic == nil {
				return
			}
			buf := make([]byte, 64<<10)
			onPanic(v, buf[:runtime.Stack(buf, false)])
		}()
		f()
	}()
}
