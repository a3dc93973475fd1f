package cli

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"wecomdev/internal/joinway"
	"wecomdev/internal/wecom"
)

// stallingGroups answers GetGroup only once the test releases it, and counts the calls in
// flight at once.
type stallingGroups struct {
	joinway.API
	mu       sync.Mutex
	inFlight int
	most     int
	full     chan struct{} // closed when groupNameWorkers calls are first in flight
	once     sync.Once
	release  chan struct{}
}

func (a *stallingGroups) GetGroup(ctx context.Context, chatID string) (wecom.GroupChat, error) {
	a.mu.Lock()
	a.inFlight++
	a.most = max(a.most, a.inFlight)
	if a.inFlight == groupNameWorkers {
		a.once.Do(func() { close(a.full) })
	}
	a.mu.Unlock()
	<-a.release
	a.mu.Lock()
	a.inFlight--
	a.mu.Unlock()
	return wecom.GroupChat{ChatID: chatID, Name: "name of " + chatID}, nil
}

// The names are read a few groups at a time, never one call per group all at once.
func TestGroupNamesAreReadWithBoundedConcurrency(t *testing.T) {
	api := &stallingGroups{full: make(chan struct{}), release: make(chan struct{})}
	groups := make([]groupRefJSON, 5*groupNameWorkers)
	for i := range groups {
		groups[i].ChatID = fmt.Sprintf("wrGroup%02d", i)
	}
	done := make(chan []error)
	go func() { done <- readGroupNames(context.Background(), &joinway.Service{API: api}, groups) }()
	select {
	case <-api.full:
	case <-time.After(10 * time.Second):
		t.Fatal("the names were not read in parallel")
	}
	close(api.release)
	errs := <-done
	for i, g := range groups {
		if errs[i] != nil || g.Name != "name of "+g.ChatID {
			t.Errorf("group %d: %+v, %v", i, g, errs[i])
		}
	}
	if api.most != groupNameWorkers {
		t.Errorf("%d calls at once, want %d", api.most, groupNameWorkers)
	}
}
