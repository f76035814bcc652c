package process_test

import (
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/process"
)

// Each scenario runs in a synctest bubble. After ProcessAll returns, the test
// waits until every call of p has returned and every goroutine has settled; a
// goroutine still blocked then makes synctest.Test fail.

func TestLeakErrorAtEachPosition(t *testing.T) {
	const n = 8
	for bad := range n {
		synctest.Test(t, func(t *testing.T) {
			var calls sync.WaitGroup
			calls.Add(n)
			start := time.Now()
			got, err := process.ProcessAll(items(n), func(it process.Item) (process.Result, error) {
				defer calls.Done()
				if it.ID == bad {
					time.Sleep(time.Second)
					return process.Result{}, errBad
				}
				time.Sleep(time.Duration(2+it.ID) * time.Second)
				return process.Result{ID: it.ID}, nil
			})
			if !errors.Is(err, errBad) || got != nil {
				t.Fatalf("bad=%d: got %v, %v; want nil, errBad", bad, got, err)
			}
			if d := time.Since(start); d > (n+1)*time.Second {
				t.Fatalf("bad=%d: returned after %v", bad, d)
			}
			calls.Wait()
			synctest.Wait()
		})
	}
}

func TestLeakEveryItemFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 16
		var calls sync.WaitGroup
		calls.Add(n)
		_, err := process.ProcessAll(items(n), func(it process.Item) (process.Result, error) {
			defer calls.Done()
			time.Sleep(time.Duration(it.ID) * time.Millisecond)
			return process.Result{}, errBad
		})
		if !errors.Is(err, errBad) {
			t.Fatalf("err = %v, want errBad", err)
		}
		calls.Wait()
		synctest.Wait()
	})
}
