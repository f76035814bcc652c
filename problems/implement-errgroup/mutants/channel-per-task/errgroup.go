// Package errgroup runs a group of goroutines that work on subtasks of one
// task, with the semantics of golang.org/x/sync/errgroup.
package errgroup

import (
	"context"
	"fmt"
	"sync"
)

// A Group is a collection of goroutines working on subtasks of one task.
// The zero Group is valid: it has no limit and does not cancel anything.
type Group struct {
	cancel func(error) // nil unless made by WithContext

	mu    sync.Mutex
	tasks []chan struct{} // one per started goroutine, closed when it returns
	sem   chan struct{}   // nil: no limit; otherwise one slot per running goroutine

	errOnce sync.Once
	err     error
}

// WithContext returns a Group and a context derived from ctx. The context is
// canceled, with the error as its cause, the first time a function passed to
// Go returns an error, or when Wait returns, whichever happens first.
func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancelCause(ctx)
	return &Group{cancel: cancel}, ctx
}

// Wait blocks until every function started with Go or TryGo has returned,
// then returns the first non-nil error (if any) from them.
func (g *Group) Wait() error {
	for {
		g.mu.Lock()
		if len(g.tasks) == 0 {
			g.mu.Unlock()
			break
		}
		done := g.tasks[0]
		g.tasks = g.tasks[1:]
		g.mu.Unlock()
		<-done
	}
	if g.cancel != nil {
		g.cancel(g.err)
	}
	return g.err
}

// Go calls f in a new goroutine. If the group has a limit, Go blocks until
// the new goroutine can start without exceeding it.
func (g *Group) Go(f func() error) {
	if g.sem != nil {
		g.sem <- struct{}{}
	}
	g.start(f)
}

// TryGo calls f in a new goroutine only if that does not exceed the limit,
// and reports whether it did.
func (g *Group) TryGo(f func() error) bool {
	if g.sem != nil {
		select {
		case g.sem <- struct{}{}:
		default:
			return false
		}
	}
	g.start(f)
	return true
}

// start runs f; its slot in sem, if any, is already taken.
func (g *Group) start(f func() error) {
	done := make(chan struct{})
	g.mu.Lock()
	g.tasks = append(g.tasks, done)
	g.mu.Unlock()
	go func() {
		defer close(done)
		defer g.release()
		if err := f(); err != nil {
			g.errOnce.Do(func() {
				g.err = err
				if g.cancel != nil {
					g.cancel(err)
				}
			})
		}
	}()
}

func (g *Group) release() {
	if g.sem != nil {
		<-g.sem
	}
}

// SetLimit limits the number of goroutines active in the group to n; a
// negative n removes the limit. A limit of 0 blocks every Go. The limit must
// not change while goroutines of the group are running.
func (g *Group) SetLimit(n int) {
	if n < 0 {
		g.sem = nil
		return
	}
	if active := len(g.sem); active != 0 {
		panic(fmt.Errorf("errgroup: modify limit while %v goroutines in the group are still active", active))
	}
	g.sem = make(chan struct{}, n)
}
