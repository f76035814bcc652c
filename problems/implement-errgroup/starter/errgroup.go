// Package errgroup runs a group of goroutines that work on subtasks of one
// task, with the semantics of golang.org/x/sync/errgroup.
package errgroup

import "context"

// A Group is a collection of goroutines working on subtasks of one task.
// The zero Group is valid: it has no limit and does not cancel anything.
type Group struct {
	// TODO
}

// WithContext returns a Group and a context derived from ctx. The context is
// canceled, with the error as its cause, the first time a function passed to
// Go returns an error, or when Wait returns, whichever happens first.
func WithContext(ctx context.Context) (*Group, context.Context) {
	return &Group{}, ctx
}

// Wait blocks until every function started with Go or TryGo has returned,
// then returns the first non-nil error (if any) from them.
func (g *Group) Wait() error { return nil }

// Go calls f in a new goroutine. If the group has a limit, Go blocks until
// the new goroutine can start without exceeding it.
func (g *Group) Go(f func() error) { go f() }

// TryGo calls f in a new goroutine only if that does not exceed the limit,
// and reports whether it did.
func (g *Group) TryGo(f func() error) bool { go f(); return true }

// SetLimit limits the number of goroutines active in the group to n; a
// negative n removes the limit. A limit of 0 blocks every Go. The limit must
// not change while goroutines of the group are running.
func (g *Group) SetLimit(n int) {}
