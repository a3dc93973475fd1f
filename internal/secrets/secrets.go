// Package secrets keeps corp secrets, tokens and tickets in the OS keychain (Secret Service
// on Linux, Keychain on macOS, Credential Manager on Windows) through go-keyring, behind a
// small API of our own: every call has a timeout (a locked Secret Service can wait forever
// for an unlock prompt), go-keyring's errors become ours, and there is no plaintext
// fallback: when no keychain answers, callers get ErrUnavailable and say how to fix it.
package secrets

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the keychain service name every wecomdev item is stored under.
const Service = "wecomdev"

// DefaultTimeout bounds one keychain call.
const DefaultTimeout = 5 * time.Second

var (
	// ErrNotFound: the keychain answered and has no such item.
	ErrNotFound = errors.New("not in the keychain")
	// ErrUnavailable: no keychain service answered, or it refused the call.
	ErrUnavailable = errors.New("no keychain service answered")
	// ErrTimeout: the keychain did not answer in time (it is usually locked and waiting
	// for an unlock prompt nobody sees). It also matches ErrUnavailable.
	ErrTimeout = errors.New("the keychain did not answer in time")
	// ErrTooBig: the platform keychain refuses values this large.
	ErrTooBig = errors.New("value too large for the keychain")
	// ErrNoSessionBus: on Linux and the BSDs the keychain (Secret Service) is reached over
	// the D-Bus session bus, and this process has none. It also matches ErrUnavailable.
	ErrNoSessionBus = errors.New("no keychain: no session bus (D-Bus)")
)

// haveSessionBus is findSessionBus; the unit tests, whose keychain is go-keyring's mock,
// replace it.
var haveSessionBus = findSessionBus

// Store is what the rest of wecomdev needs from a keychain.
type Store interface {
	Get(ctx context.Context, key string) (string, error)
	Set(ctx context.Context, key, value string) error
	Delete(ctx context.Context, key string) error
}

// Keyring is the OS keychain.
type Keyring struct {
	Service string        // default Service
	Timeout time.Duration // default DefaultTimeout
}

// NewKeyring returns the OS keychain with the default service and timeout.
func NewKeyring() *Keyring { return &Keyring{Service: Service, Timeout: DefaultTimeout} }

func (k *Keyring) service() string {
	if k.Service == "" {
		return Service
	}
	return k.Service
}

// Get reads an item; ErrNotFound when there is none.
func (k *Keyring) Get(ctx context.Context, key string) (string, error) {
	var v string
	err := k.do(ctx, "read", key, func() error {
		var err error
		v, err = keyring.Get(k.service(), key)
		return err
	})
	return v, err
}

// Set writes an item, replacing any previous value.
func (k *Keyring) Set(ctx context.Context, key, value string) error {
	return k.do(ctx, "write", key, func() error { return keyring.Set(k.service(), key, value) })
}

// Delete removes an item; deleting one that is not there is not an error.
func (k *Keyring) Delete(ctx context.Context, key string) error {
	err := k.do(ctx, "delete", key, func() error { return keyring.Delete(k.service(), key) })
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// do runs one keychain call with the timeout. A call that times out keeps running in
// its goroutine (go-keyring cannot be cancelled); its result is dropped. Without a
// session bus it answers at once and calls nothing: go-keyring would have godbus run
// dbus-launch, leaving a dbus-daemon and a gnome-keyring-daemon behind every command.
func (k *Keyring) do(ctx context.Context, op, key string, call func() error) error {
	if !haveSessionBus() {
		return &Error{Op: op, Key: key, Err: ErrNoSessionBus}
	}
	timeout := k.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return classify(op, key, err)
	case <-ctx.Done():
		return &Error{Op: op, Key: key, Err: ErrTimeout}
	}
}

func classify(op, key string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return &Error{Op: op, Key: key, Err: ErrNotFound}
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return &Error{Op: op, Key: key, Err: ErrTooBig}
	default:
		return &Error{Op: op, Key: key, Err: ErrUnavailable, Cause: err}
	}
}

// Error says which keychain call failed and why. It never holds a value.
type Error struct {
	Op    string // read, write, delete
	Key   string
	Err   error // ErrNotFound, ErrUnavailable, ErrTimeout, ErrTooBig
	Cause error // what the platform said, for ErrUnavailable
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("keychain %s %q: %v", e.Op, e.Key, e.Err)
	if e.Cause != nil {
		msg += " (" + e.Cause.Error() + ")"
	}
	switch {
	case errors.Is(e.Err, ErrNoSessionBus):
		msg += ": " + noBusFix
	case errors.Is(e.Err, ErrUnavailable) || errors.Is(e.Err, ErrTimeout):
		msg += ": " + Fix()
	}
	return msg
}

func (e *Error) Unwrap() []error {
	if e.Err == ErrTimeout || e.Err == ErrNoSessionBus {
		return []error{e.Err, ErrUnavailable}
	}
	return []error{e.Err}
}

// noBusFix says how to get a session bus, or do without the keychain.
const noBusFix = "start one with `dbus-run-session -- wecomdev …` (with gnome-keyring unlocked in it) or log in to a desktop session; " +
	"headless, set WECOMDEV_CORP_SECRET for one command"

// Fix tells, for this OS, how to get a working keychain.
func Fix() string {
	switch runtime.GOOS {
	case "darwin":
		return "unlock the login keychain (Keychain Access) and allow wecomdev when macOS asks"
	case "windows":
		return "check that the Credential Manager service (VaultSvc) is running"
	default:
		return "start and unlock a Secret Service keychain: gnome-keyring (apt-get install gnome-keyring) or KWallet, " +
			"in a desktop session with D-Bus; headless, run `echo -n PASSWORD | gnome-keyring-daemon --unlock --components=secrets` inside `dbus-run-session`, " +
			"or set WECOMDEV_CORP_SECRET for one command"
	}
}

// Probe tells whether the keychain answers, by reading an item that does not exist.
func Probe(ctx context.Context, s Store) error {
	_, err := s.Get(ctx, "wecomdev/probe")
	if err == nil || errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Memory is an in-memory Store for tests and for the headless sandbox; it loses
// everything when the process ends.
type Memory struct {
	mu    sync.Mutex
	items map[string]string
	// Fail, when set, makes every call fail with it (to test the unavailable paths).
	Fail error
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{items: map[string]string{}} }

func (m *Memory) Get(_ context.Context, key string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Fail != nil {
		return "", &Error{Op: "read", Key: key, Err: m.Fail}
	}
	v, ok := m.items[key]
	if !ok {
		return "", &Error{Op: "read", Key: key, Err: ErrNotFound}
	}
	return v, nil
}

func (m *Memory) Set(_ context.Context, key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Fail != nil {
		return &Error{Op: "write", Key: key, Err: m.Fail}
	}
	m.items[key] = value
	return nil
}

func (m *Memory) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Fail != nil {
		return &Error{Op: "delete", Key: key, Err: m.Fail}
	}
	delete(m.items, key)
	return nil
}

// Keys lists the stored keys, sorted (for tests).
func (m *Memory) Keys() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]string, 0, len(m.items))
	for k := range m.items {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Values returns every stored value (for tests that look for leaks elsewhere).
func (m *Memory) Values() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, v := range m.items {
		out = append(out, v)
	}
	return out
}

// ProfileKey names a profile's item: "profile/<name>/<item>".
func ProfileKey(profile, item string) string {
	return "profile/" + profile + "/" + strings.TrimPrefix(item, "/")
}
