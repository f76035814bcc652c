// Package merge fans several channels into one.
package merge

import "context"

// Merge forwards every value received from the inputs to the returned
// channel, which is closed once all inputs are closed or ctx is done and
// every forwarding goroutine has stopped. See the statement.
func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	// TODO
	out := make(chan T)
	return out
}
