package fetch_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/fetch"
)

// TestLeakAfterError: after FetchAll returns an error, nothing it started may
// still run (the judge checks with goleak after this test).
func TestLeakAfterError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	boom := errors.New("boom")
	us := urls(6)
	f := func(ctx context.Context, u string) ([]byte, error) {
		if u == us[1] {
			return nil, boom
		}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if _, err := fetch.FetchAll(ctx, us, 3, f); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

// TestLeakInBubble: the same inside a synctest bubble, where a goroutine left
// blocked when the bubble ends is reported at once.
func TestLeakInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		boom := errors.New("boom")
		us := urls(5)
		f := func(ctx context.Context, u string) ([]byte, error) {
			if u == us[2] {
				time.Sleep(time.Second)
				return nil, boom
			}
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Hour):
				return []byte(u), nil
			}
		}
		if _, err := fetch.FetchAll(t.Context(), us, 5, f); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
	})
}
