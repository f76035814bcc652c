package server

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimit is a token bucket: Burst attempts at once, refilled at one per
// Every.
type RateLimit struct {
	Every time.Duration
	Burst int
}

// keyedLimiter keeps one token bucket per key (an IP, an account) with
// bounded memory: at most max keys; when full, it drops keys whose bucket has
// refilled (they carry no state worth keeping), and failing that the key seen
// least recently.
type keyedLimiter struct {
	limit RateLimit
	max   int

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newKeyedLimiter(l RateLimit, max int) *keyedLimiter {
	return &keyedLimiter{limit: l, max: max, buckets: make(map[string]*bucket)}
}

// allow takes one token for key at now. When none is left it reports how
// long to wait for the next one.
func (k *keyedLimiter) allow(key string, now time.Time) (ok bool, retryAfter time.Duration) {
	if k.limit.Burst <= 0 || k.limit.Every <= 0 {
		return true, 0
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	b := k.buckets[key]
	if b == nil {
		if len(k.buckets) >= k.max {
			k.evict(now)
		}
		b = &bucket{lim: rate.NewLimiter(rate.Every(k.limit.Every), k.limit.Burst)}
		k.buckets[key] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// evict frees room for one key. Called with mu held.
func (k *keyedLimiter) evict(now time.Time) {
	full := float64(k.limit.Burst)
	var oldestKey string
	oldest := time.Time{}
	for key, b := range k.buckets {
		if b.lim.TokensAt(now) >= full {
			delete(k.buckets, key)
			continue
		}
		if oldestKey == "" || b.seen.Before(oldest) {
			oldestKey, oldest = key, b.seen
		}
	}
	if len(k.buckets) >= k.max && oldestKey != "" {
		delete(k.buckets, oldestKey)
	}
}

// len reports how many keys are tracked.
func (k *keyedLimiter) len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.buckets)
}

// retrySeconds rounds a wait up to whole seconds, at least 1, for Retry-After.
func retrySeconds(d time.Duration) int {
	s := int(math.Ceil(d.Seconds()))
	if s < 1 {
		s = 1
	}
	return s
}
