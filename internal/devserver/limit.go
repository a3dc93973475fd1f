package devserver

import (
	"context"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// maxClients bounds the limiter's memory: past it, the clients whose budget has refilled
// are forgotten (they are indistinguishable from new ones), then the oldest.
const maxClients = 10000

// limiter allows each client n calls per period, as a token bucket that refills evenly.
type limiter struct {
	n      float64
	period time.Duration
	now    func() time.Time

	mu      sync.Mutex
	clients map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(n int, period time.Duration, now func() time.Time) *limiter {
	return &limiter{n: float64(n), period: period, now: now, clients: map[string]*bucket{}}
}

// allow takes one call from the client's budget, or says how long until one is back.
func (l *limiter) allow(client string) (bool, time.Duration) {
	now := l.now()
	rate := l.n / l.period.Seconds() // tokens per second
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.clients[client]
	if !ok {
		if len(l.clients) >= maxClients {
			l.prune(now, rate)
		}
		b = &bucket{tokens: l.n, at: now}
		l.clients[client] = b
	}
	if dt := now.Sub(b.at).Seconds(); dt > 0 {
		b.tokens = min(l.n, b.tokens+dt*rate)
	}
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / rate * float64(time.Second))
	return false, max(wait, time.Second)
}

func (l *limiter) prune(now time.Time, rate float64) {
	for k, b := range l.clients {
		if b.tokens+now.Sub(b.at).Seconds()*rate >= l.n {
			delete(l.clients, k)
		}
	}
	if len(l.clients) < maxClients {
		return
	}
	type kv struct {
		k  string
		at time.Time
	}
	all := make([]kv, 0, len(l.clients))
	for k, b := range l.clients {
		all = append(all, kv{k, b.at})
	}
	slices.SortFunc(all, func(a, b kv) int { return a.at.Compare(b.at) })
	for _, x := range all[:len(all)/2] {
		delete(l.clients, x.k)
	}
}

// maxAnswers bounds the customers cache.
const maxAnswers = 1000

// answerCache keeps customer lookups for a while, with one WeCom call in flight per key.
type answerCache struct {
	ttl    time.Duration
	now    func() time.Time
	flight singleflight.Group

	mu      sync.Mutex
	answers map[string]answer
}

type answer struct {
	ids []string
	at  time.Time
}

func newAnswerCache(ttl time.Duration, now func() time.Time) *answerCache {
	return &answerCache{ttl: ttl, now: now, answers: map[string]answer{}}
}

// get returns the cached answer for key, or calls fetch (once for concurrent callers).
// Errors are not cached.
func (c *answerCache) get(ctx context.Context, key string, fetch func(context.Context) ([]string, error)) ([]string, bool, error) {
	now := c.now()
	c.mu.Lock()
	a, ok := c.answers[key]
	c.mu.Unlock()
	if ok && now.Sub(a.at) < c.ttl && !now.Before(a.at) {
		return a.ids, true, nil
	}
	v, err, _ := c.flight.Do(key, func() (any, error) {
		ids, err := fetch(ctx)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if len(c.answers) >= maxAnswers {
			for k, a := range c.answers {
				if c.now().Sub(a.at) >= c.ttl {
					delete(c.answers, k)
				}
			}
			if len(c.answers) >= maxAnswers {
				c.answers = map[string]answer{}
			}
		}
		c.answers[key] = answer{ids: ids, at: c.now()}
		return ids, nil
	})
	if err != nil {
		return nil, false, err
	}
	return v.([]string), false, nil
}
