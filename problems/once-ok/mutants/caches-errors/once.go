// Package once runs an initialisation until it first succeeds.
package once

import "sync"

// OnceOK wraps f with sync.OnceValues.
func OnceOK[T any](f func() (T, error)) func() (T, error) {
	return sync.OnceValues(f)
}
