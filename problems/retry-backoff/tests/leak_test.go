package retry_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/retry"
)

// TestLeakCancelDuringAttempt cancels while f is running. f honours its
// context and returns; Retry must wait for it and leave nothing behind.
func TestLeakCancelDuringAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		defer time.AfterFunc(150*time.Millisecond, cancel).Stop()
		calls := 0
		err := retry.Retry(ctx, 5, 100*time.Millisecond, time.Second, func(ctx context.Context) error {
			calls++
			if calls == 1 {
				return errors.New("first attempt fails")
			}
			<-ctx.Done()
			return ctx.Err()
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Retry = %v, want context.Canceled", err)
		}
		synctest.Wait()
	})
}
