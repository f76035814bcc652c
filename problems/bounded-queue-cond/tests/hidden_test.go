package queue_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"goprep.local/queue"
)

var bg = context.Background()

func TestNewQueuePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("NewQueue(0) did not panic")
		}
	}()
	queue.NewQueue[int](0)
}

func TestFIFO(t *testing.T) {
	q := queue.NewQueue[int](5)
	next := 0
	for round := range 100 {
		for i := range 1 + round%5 {
			if err := q.Put(bg, round*10+i); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 1 + round%5 {
			v, err := q.Get(bg)
			if err != nil || v != round*10+i {
				t.Fatalf("Get = %d, %v; want %d", v, err, round*10+i)
			}
			next++
		}
	}
}

func TestPutWaitsWhileFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := queue.NewQueue[string](2)
		q.Put(bg, "a")
		q.Put(bg, "b")
		var done atomic.Bool
		go func() {
			if err := q.Put(bg, "c"); err != nil {
				t.Errorf("Put: %v", err)
			}
			done.Store(true)
		}()
		synctest.Wait()
		if done.Load() {
			t.Fatal("Put into a full queue returned without waiting")
		}
		if v, _ := q.Get(bg); v != "a" {
			t.Fatalf("Get = %q, want a", v)
		}
		synctest.Wait()
		if !done.Load() {
			t.Fatal("Put still waiting after Get made room")
		}
		for _, want := range []string{"b", "c"} {
			if v, err := q.Get(bg); v != want || err != nil {
				t.Fatalf("Get = %q, %v; want %q", v, err, want)
			}
		}
	})
}

func TestGetWaitsWhileEmpty(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := queue.NewQueue[int](1)
		got := make(chan int)
		go func() {
			v, err := q.Get(bg)
			if err != nil {
				t.Errorf("Get: %v", err)
			}
			got <- v
		}()
		time.Sleep(time.Hour)
		synctest.Wait()
		select {
		case v := <-got:
			t.Fatalf("Get on empty queue returned %d", v)
		default:
		}
		q.Put(bg, 42)
		if v := <-got; v != 42 {
			t.Fatalf("Get = %d, want 42", v)
		}
	})
}

func TestPutTimesOutOnTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := queue.NewQueue[int](1)
		q.Put(bg, 1)
		ctx, cancel := context.WithTimeout(bg, 5*time.Second)
		defer cancel()
		start := time.Now()
		err := q.Put(ctx, 2)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Put on full queue: err = %v, want DeadlineExceeded", err)
		}
		if d := time.Since(start); d != 5*time.Second {
			t.Fatalf("Put returned after %v, want exactly 5s", d)
		}
		if v, _ := q.Get(bg); v != 1 {
			t.Fatalf("Get = %d, want 1", v)
		}
		// the timed-out item was not added
		ctx2, cancel2 := context.WithTimeout(bg, time.Second)
		defer cancel2()
		if v, err := q.Get(ctx2); err == nil {
			t.Fatalf("Get = %d; the timed-out Put must not have added its item", v)
		}
	})
}

func TestGetReturnsCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := queue.NewQueue[int](3)
		errStop := errors.New("shutting down")
		ctx, cancel := context.WithCancelCause(bg)
		go func() {
			time.Sleep(3 * time.Second)
			cancel(errStop)
		}()
		start := time.Now()
		_, err := q.Get(ctx)
		if !errors.Is(err, errStop) {
			t.Fatalf("Get: err = %v, want the cancel cause %v", err, errStop)
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Fatalf("Get returned after %v, want 3s", d)
		}
	})
}

func TestCancelOnlyAffectsItsCaller(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := queue.NewQueue[int](1)
		ctx, cancel := context.WithCancel(bg)
		errs := make(chan error, 1)
		go func() {
			_, err := q.Get(ctx)
			errs <- err
		}()
		got := make(chan int, 1)
		go func() {
			v, _ := q.Get(bg)
			got <- v
		}()
		synctest.Wait()
		cancel()
		if err := <-errs; !errors.Is(err, context.Canceled) {
			t.Fatalf("canceled Get: err = %v, want Canceled", err)
		}
		synctest.Wait()
		select {
		case v := <-got:
			t.Fatalf("uncanceled Get returned %d without an item", v)
		default:
		}
		q.Put(bg, 9)
		if v := <-got; v != 9 {
			t.Fatalf("Get = %d, want 9", v)
		}
	})
}

func TestCloseWakesWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		empty := queue.NewQueue[int](1)
		full := queue.NewQueue[int](1)
		full.Put(bg, 0)
		errs := make(chan error, 6)
		for range 3 {
			go func() { _, err := empty.Get(bg); errs <- err }()
			go func() { errs <- full.Put(bg, 1) }()
		}
		synctest.Wait()
		empty.Close()
		full.Close()
		for range 6 {
			if err := <-errs; !errors.Is(err, queue.ErrClosed) {
				t.Fatalf("waiter woken by Close got %v, want ErrClosed", err)
			}
		}
		if v, err := full.Get(bg); v != 0 || err != nil {
			t.Fatalf("Get = %d, %v; want the item put before Close", v, err)
		}
	})
}

func TestCloseIdempotentAndDrain(t *testing.T) {
	q := queue.NewQueue[int](4)
	for i := range 4 {
		q.Put(bg, i)
	}
	q.Close()
	q.Close()
	for i := range 4 {
		if v, err := q.Get(bg); v != i || err != nil {
			t.Fatalf("Get = %d, %v; want %d, nil", v, err, i)
		}
	}
	for range 2 {
		if _, err := q.Get(bg); !errors.Is(err, queue.ErrClosed) {
			t.Fatalf("err = %v, want ErrClosed", err)
		}
	}
}

func TestProducersConsumers(t *testing.T) {
	for _, capacity := range []int{1, 3, 64} {
		q := queue.NewQueue[int](capacity)
		const producers, perProducer, consumers = 4, 2000, 4
		var pwg, cwg sync.WaitGroup
		seen := make([]atomic.Int32, producers*perProducer)
		for p := range producers {
			pwg.Add(1)
			go func() {
				defer pwg.Done()
				for i := range perProducer {
					if err := q.Put(bg, p*perProducer+i); err != nil {
						t.Errorf("Put: %v", err)
						return
					}
				}
			}()
		}
		for range consumers {
			cwg.Add(1)
			go func() {
				defer cwg.Done()
				last := map[int]int{}
				for {
					v, err := q.Get(bg)
					if errors.Is(err, queue.ErrClosed) {
						return
					}
					if err != nil {
						t.Errorf("Get: %v", err)
						return
					}
					p := v / perProducer
					if prev, ok := last[p]; ok && v <= prev {
						t.Errorf("producer %d: got %d after %d (FIFO broken)", p, v, prev)
					}
					last[p] = v
					seen[v].Add(1)
				}
			}()
		}
		pwg.Wait()
		q.Close()
		cwg.Wait()
		for v := range seen {
			if n := seen[v].Load(); n != 1 {
				t.Fatalf("capacity %d: value %d received %d times", capacity, v, n)
			}
		}
	}
}
