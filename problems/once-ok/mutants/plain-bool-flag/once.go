// Package once runs an initialisation until it first succeeds.
package once

import "sync"

// OnceOK returns a function that calls f until f first succeeds and from then
// on returns the cached value. Failed calls are not cached: the next caller
// runs f again. f never runs concurrently with itself.
func OnceOK[T any](f func() (T, error)) func() (T, error) {
	var (
		mu   sync.Mutex
		done bool // double-checked: the second check is under mu
		val  T
	)
	return func() (T, error) {
		if done {
			return val, nil
		}
		mu.Lock()
		defer mu.Unlock() // also released if f panics
		if done {
			return val, nil
		}
		v, err := f()
		if err != nil {
			var zero T
			return zero, err
		}
		val = v
		done = true
		return v, nil
	}
}
