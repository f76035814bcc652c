package retry_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/retry"
)

func TestRetrySucceedsAfterFailures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var at []time.Duration
		err := retry.Retry(t.Context(), 5, 100*time.Millisecond, time.Second, func(context.Context) error {
			at = append(at, time.Since(start))
			if len(at) < 3 {
				return errors.New("flaky")
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Retry = %v, want nil", err)
		}
		want := []time.Duration{0, 100 * time.Millisecond, 300 * time.Millisecond}
		if len(at) != len(want) {
			t.Fatalf("f called at %v, want %v", at, want)
		}
		for i := range want {
			if at[i] != want[i] {
				t.Fatalf("f called at %v, want %v", at, want)
			}
		}
	})
}

func TestRetryPermanent(t *testing.T) {
	calls := 0
	err := retry.Retry(context.Background(), 5, time.Millisecond, time.Second, func(context.Context) error {
		calls++
		return retry.ErrPermanent
	})
	if !errors.Is(err, retry.ErrPermanent) || calls != 1 {
		t.Fatalf("Retry = %v after %d calls, want ErrPermanent after 1 call", err, calls)
	}
}
