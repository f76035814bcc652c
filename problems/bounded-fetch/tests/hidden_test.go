package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/fetch"
)

func urls(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("https://example.com/%d", i)
	}
	return out
}

// TestOrderOfURLs: fetches finish in reverse order; bodies must follow urls.
func TestOrderOfURLs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		us := urls(10)
		var mu sync.Mutex
		calls := map[string]int{}
		f := func(ctx context.Context, u string) ([]byte, error) {
			mu.Lock()
			calls[u]++
			n := len(calls)
			mu.Unlock()
			time.Sleep(time.Duration(20-n) * time.Millisecond)
			return []byte("body:" + u), nil
		}
		bodies, err := fetch.FetchAll(t.Context(), us, 3, f)
		if err != nil {
			t.Fatalf("FetchAll: %v", err)
		}
		if len(bodies) != len(us) {
			t.Fatalf("got %d bodies for %d urls", len(bodies), len(us))
		}
		for i, u := range us {
			if string(bodies[i]) != "body:"+u {
				t.Errorf("bodies[%d] = %q, want %q", i, bodies[i], "body:"+u)
			}
			if calls[u] != 1 {
				t.Errorf("fetch(%q) called %d times, want 1", u, calls[u])
			}
		}
	})
}

// TestLimit: with limit 3 and 12 one-second fetches, exactly 3 run at once.
func TestLimit(t *testing.T) {
	for _, tc := range []struct{ n, limit, want int }{{12, 3, 3}, {5, 0, 1}, {4, -2, 1}, {3, 8, 3}} {
		t.Run(fmt.Sprintf("n=%d,limit=%d", tc.n, tc.limit), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var active, most atomic.Int64
				f := func(ctx context.Context, u string) ([]byte, error) {
					n := active.Add(1)
					for {
						m := most.Load()
						if n <= m || most.CompareAndSwap(m, n) {
							break
						}
					}
					time.Sleep(time.Second)
					active.Add(-1)
					return []byte(u), nil
				}
				if _, err := fetch.FetchAll(t.Context(), urls(tc.n), tc.limit, f); err != nil {
					t.Fatalf("FetchAll: %v", err)
				}
				if got := most.Load(); got != int64(tc.want) {
					t.Errorf("at most %d fetches ran at once, want exactly %d", got, tc.want)
				}
			})
		})
	}
}

// TestFirstErrorCancels: one fetch fails at once, the others wait for
// cancellation; FetchAll must return the failure.
func TestFirstErrorCancels(t *testing.T) {
	for _, limit := range []int{1, 2, 6} {
		t.Run(fmt.Sprint("limit=", limit), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			boom := errors.New("boom")
			us := urls(6)
			f := func(ctx context.Context, u string) ([]byte, error) {
				if u == us[0] {
					return nil, boom
				}
				<-ctx.Done()
				return nil, ctx.Err()
			}
			bodies, err := fetch.FetchAll(ctx, us, limit, f)
			if !errors.Is(err, boom) {
				t.Fatalf("err = %v, want the first fetch's error", err)
			}
			if bodies != nil {
				t.Errorf("bodies = %q with an error, want nil", bodies)
			}
		})
	}
}

// TestErrorWhileOthersSucceed: a late failure after some successes.
func TestErrorWhileOthersSucceed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		boom := errors.New("boom")
		us := urls(8)
		f := func(ctx context.Context, u string) ([]byte, error) {
			if u == us[5] {
				time.Sleep(time.Second)
				return nil, boom
			}
			return []byte(u), nil
		}
		if _, err := fetch.FetchAll(t.Context(), us, 2, f); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
	})
}

func TestParentCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := func(ctx context.Context, u string) ([]byte, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return []byte(u), nil
	}
	if _, err := fetch.FetchAll(ctx, urls(4), 2, f); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestNoURLs(t *testing.T) {
	bodies, err := fetch.FetchAll(context.Background(), nil, 3, func(context.Context, string) ([]byte, error) {
		t.Error("fetch called without urls")
		return nil, nil
	})
	if err != nil || len(bodies) != 0 {
		t.Fatalf("FetchAll(nil) = %q, %v; want no bodies, nil", bodies, err)
	}
}
