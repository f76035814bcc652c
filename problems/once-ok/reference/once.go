// Package once runs an initialisation until it first succeeds.
package once

import (
	"sync"
	"sync/atomic"
)

// OnceOK returns a function that calls f until f first succeeds and from then
// on returns the cached value. Failed calls are not cached: the next caller
// runs f again. f never runs concurrently with itself.
func OnceOK[T any](f func() (T, error)) func() (T, error) {
	var (
		mu   sync.Mutex
		done atomic.Bool // set after val is written; a true Load makes val visible
		val  T
	)
	return func() (T, error) {
		if done.Load() {
			return val, nil
		}
		mu.Lock()
		defer mu.Unlock() // also released if f panics
		if done.Load() {
			return val, nil
		}
		v, err := f()
		if err != nil {
			var zero T
			return zero, err
		}
		val = v
		done.Store(true)
		return v, nil
	}
}
