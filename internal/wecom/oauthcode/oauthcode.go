// Package oauthcode keeps the codes an OAuth authorize page hands out, by WeCom's rule
// for them: a code works once, and for five minutes (doc 91023 获取访问用户身份:
// 「code只能使用一次，5分钟未被使用自动过期」; WeCom staff: 「一个code只能消费一次，消费过后就会删除」,
// community 00042e857b892808df7a3475659c00). The sandbox WeCom (internal/wecom/sandbox)
// and the dev server's authorize emulator (internal/devserver) both issue codes; this is
// the rule's one home.
//
// A Store keeps a code's SHA-256, never the code. It remembers an expired code for another
// TTL, so that Take can tell "expired" from "never issued here" (the dev server must not
// send its emulator's expired code to the real WeCom). The package imports only the
// standard library, so the sandbox may import it (internal/layering: internal/wecom
// imports only the helpers below it).
package oauthcode

import (
	"crypto/sha256"
	"sync"
	"time"
)

// TTL is how long a code works after it is issued (doc 91023: 「5分钟未被使用自动过期」).
const TTL = 5 * time.Minute

const (
	keep = 2 * TTL // an expired code is remembered this long after its issue, then unknown
	// MaxCodes is how many codes a Store keeps at the most; past it, Issue forgets the
	// expired ones and then any. A bound on memory, not a WeCom rule.
	MaxCodes = 10000
)

// State is what Take found.
type State int

const (
	// Unknown: never issued here, taken before, or forgotten.
	Unknown State = iota
	// Live: issued here less than TTL ago and not taken before. Only a Live code works.
	Live
	// Expired: issued here TTL or more ago and not taken before.
	Expired
)

// Store holds issued codes, each with a value of type T (who signed in, for which app).
// The zero Store is ready to use; it is safe for concurrent use.
type Store[T any] struct {
	mu     sync.Mutex
	codes  map[[32]byte]entry[T]
	pruned time.Time // the last prune
}

type entry[T any] struct {
	v      T
	issued time.Time
}

func hash(code string) [32]byte { return sha256.Sum256([]byte(code)) }

// Issue remembers code, issued at now, with v.
func (s *Store[T]) Issue(code string, v T, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.codes == nil {
		s.codes = map[[32]byte]entry[T]{}
	}
	if len(s.codes) >= MaxCodes || now.Sub(s.pruned) >= TTL {
		s.prune(now)
	}
	for k := range s.codes {
		if len(s.codes) < MaxCodes {
			break
		}
		delete(s.codes, k)
	}
	s.codes[hash(code)] = entry[T]{v: v, issued: now}
}

// Take forgets code (it works once) and says what it was at now: its value and Live or
// Expired when it was issued here, Unknown (and T's zero value) otherwise.
func (s *Store[T]) Take(code string, now time.Time) (T, State) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := hash(code)
	e, ok := s.codes[h]
	delete(s.codes, h)
	if !ok || now.Sub(e.issued) > keep {
		var zero T
		return zero, Unknown
	}
	if !now.Before(e.issued.Add(TTL)) {
		return e.v, Expired
	}
	return e.v, Live
}

// Clear forgets every code.
func (s *Store[T]) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.codes)
}

// Len is how many codes the store holds (live, expired, or past keep and not pruned yet).
func (s *Store[T]) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.codes)
}

// prune forgets the codes issued longer than keep ago. Called with s.mu held.
func (s *Store[T]) prune(now time.Time) {
	s.pruned = now
	for k, e := range s.codes {
		if now.Sub(e.issued) > keep {
			delete(s.codes, k)
		}
	}
}
