package errgroup_test

import (
	"context"
	"testing"
	"testing/synctest"

	"goprep.local/errgroup"
)

// TestLeakWaitReleasesContext: even when every function succeeds, Wait
// must cancel the group's context, so that whatever waits on it ends.
func TestLeakWaitReleasesContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g, ctx := errgroup.WithContext(context.Background())
		go func() {
			<-ctx.Done() // e.g. a watchdog tied to the group's lifetime
		}()
		for range 3 {
			g.Go(func() error { return nil })
		}
		if err := g.Wait(); err != nil {
			t.Errorf("Wait() = %v", err)
		}
	})
}
