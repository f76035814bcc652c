package safego

import (
	"fmt"
	"runtime"
	"sync"
)

var mu sync.Mutex

// SafeGo reports the panic value as a string.
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
			mu.Lock()
			defer mu.Unlock()
			onPanic(fmt.Sprint(v), buf[:runtime.Stack(buf, false)])
		}()
		f()
	}()
}
