// Package mergectx combines two contexts into one that ends when either does.
package mergectx

import (
	"context"
	"time"
)

// merged is a context derived from a (so it inherits a's cancellation, its
// values and the cancelCtx that context.Cause looks up) that also ends when
// b does. Embedding the derived context promotes Done and Err; Deadline and
// Value are overridden to take b into account.
type merged struct {
	context.Context
	b context.Context
}

// Deadline returns the earlier of the two parents' deadlines.
func (m merged) Deadline() (time.Time, bool) {
	da, okA := m.Context.Deadline()
	db, okB := m.b.Deadline()
	switch {
	case !okB:
		return da, okA
	case !okA || db.Before(da):
		return db, true
	}
	return da, true
}

// Value looks the key up in a first, then in b. Keys the context package
// uses internally resolve in a's chain, which holds the merged context's own
// cancellation state.
func (m merged) Value(key any) any {
	return m.Context.Value(key)
}

// MergeCancel returns a context that is done as soon as a or b is done or the
// returned cancel function is called. Its cause (context.Cause) is the cause
// of whichever ended first. Call cancel when done with it to release the
// registration on b.
func MergeCancel(a, b context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(a)
	stop := context.AfterFunc(b, func() { cancel(context.Cause(b)) })
	return merged{Context: ctx, b: b}, func() {
		stop()
		cancel(context.Canceled)
	}
}
