// Package once runs an initialisation until it first succeeds.
package once

// OnceOK returns a function that calls f until f first succeeds and from then
// on returns the cached value. Failed calls are not cached: the next caller
// runs f again. f never runs concurrently with itself.
func OnceOK[T any](f func() (T, error)) func() (T, error) {
	// TODO: implement. This version calls f every time.
	return f
}
