// Package mergectx combines two contexts into one that ends when either does.
package mergectx

import "context"

// MergeCancel returns a context that is done as soon as a or b is done or the
// returned cancel function is called. Its cause (context.Cause) is the cause
// of whichever ended first. Call cancel when done with it to release the
// registration on b.
func MergeCancel(a, b context.Context) (context.Context, context.CancelFunc) {
	// TODO: this only follows a.
	return context.WithCancel(a)
}
