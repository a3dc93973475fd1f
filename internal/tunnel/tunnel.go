// Package tunnel brings the phone to the dev server: an SSH reverse tunnel to the
// developer's own server (their ICP-filed domain), ngrok, any other tunnel run as an external
// command (frpc, cloudflared, cpolar, natapp, ssh -R …), or the LAN.
//
// Every provider runs the same way: Start returns at once and the tunnel keeps itself up in
// the background — it reconnects (or restarts the command) with exponential backoff when the
// connection is lost — until Stop or the context ends. Each change of state goes to
// Options.OnStatus, in order. An error that retrying cannot fix (a refused key, an unknown or
// changed host key, a missing authtoken) ends the run with StateError and the reason; Start
// again after fixing it.
//
// Keep in mind what a tunnel's public host can do (../shared/ARCHITECTURE.md): only the
// developer's own filed, verified trusted domain can be a page origin; any other host (an
// ngrok or frp domain) can serve the signing API with CORS, and a LAN IP neither.
package tunnel

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"wecomdev/internal/secrets"
)

// States of a tunnel.
const (
	StateConnecting = "connecting" // an attempt is under way
	StateUp         = "up"         // the public URL reaches the dev server
	StateDown       = "down"       // lost, or stopped; a retry follows unless stopped
	StateError      = "error"      // gave up: Reason says what to fix
)

// Providers, as Config.Provider and Status.Provider name them.
const (
	ProviderSSH   = "ssh"
	ProviderNgrok = "ngrok"
	ProviderCmd   = "cmd"
	ProviderLAN   = "lan"
)

// Items the tunnel asks Options.Secret for. The console keeps them in the OS keychain under
// KeychainKey(item); EnvSecret may stand in for any of them in headless use.
const (
	ItemSSHPassphrase  = "ssh-passphrase"  // the passphrase of an encrypted key file
	ItemSSHPassword    = "ssh-password"    // the SSH user's password
	ItemNgrokAuthtoken = "ngrok-authtoken" // the ngrok account's authtoken
)

// EnvSecret stands in for the tunnel's secret (whichever item it asks for) in headless use,
// like CI; it is never stored.
const EnvSecret = "WECOMDEV_TUNNEL_SECRET"

// KeychainKey is the keychain item of a tunnel secret: "profile/tunnel/<item>".
func KeychainKey(item string) string { return secrets.ProfileKey("tunnel", item) }

// Status is a tunnel's state at one moment.
type Status struct {
	Provider  string    `json:"provider"`
	State     string    `json:"state"`               // StateConnecting, StateUp, StateDown, StateError
	PublicURL string    `json:"publicUrl,omitempty"` // where the phone reaches the dev server (when up)
	URLs      []string  `json:"urls,omitempty"`      // every such URL (LAN: one per address); PublicURL first
	Reason    string    `json:"reason,omitempty"`    // why it is down or in error, or a note
	At        time.Time `json:"at"`
	Attempt   int       `json:"attempt"` // connection attempts since it was last up (1 on the first)
	// Err is the error behind Reason, for callers that act on its type (an
	// *UnknownHostKeyError offers Accept).
	Err error `json:"-"`
}

// Tunnel is one running provider.
type Tunnel interface {
	// Start validates and starts the tunnel in the background; it returns at once. The
	// tunnel runs until Stop or until ctx ends, reconnecting by itself. Start on a tunnel
	// that gave up (StateError) or was stopped runs it again.
	Start(ctx context.Context) error
	// Stop ends the tunnel (and the command, for cmd) and waits until it has.
	Stop() error
	// Status is the current state.
	Status() Status
	// Output is the provider's recent output: the command's stdout and stderr for cmd, the
	// tunnel's own notes for the others (a bounded ring, oldest first).
	Output() []string
}

// Options configure New.
type Options struct {
	// Target is the dev server's bound address (host:port) the tunnel forwards to.
	Target string
	// OnStatus gets every change of state, in order, from one goroutine at a time. It must
	// not block for long and must not call Stop.
	OnStatus func(Status)
	// OnOutput gets each line added to Output.
	OnOutput func(line string)
	// Secret returns a tunnel secret (ItemSSHPassphrase, ItemSSHPassword,
	// ItemNgrokAuthtoken). Nil: there are none. Its errors are shown as they are: say there
	// how to store the item.
	Secret func(ctx context.Context, item string) (string, error)
	// Getenv reads SSH_AUTH_SOCK (default os.Getenv).
	Getenv func(string) string
}

// ErrRunning: Start on a tunnel that runs.
var ErrRunning = errors.New("the tunnel is already running")

// Backoff between attempts: MinBackoff doubled after each failure up to MaxBackoff, with
// ±20 % jitter; back to MinBackoff after a connection that stayed up for stableAfter.
const (
	MinBackoff  = time.Second
	MaxBackoff  = 30 * time.Second
	stableAfter = 10 * time.Second
)

// provider is what differs between the kinds of tunnel.
type provider interface {
	// check validates what can be validated before connecting (files, patterns).
	check() error
	// run makes one attempt: it connects, calls s.up when the public URL works, and returns
	// when the connection is lost or ctx ends. A *permanentError stops the retries.
	run(ctx context.Context, s *attempt) error
}

// permanentError is a failure retrying cannot fix.
type permanentError struct{ err error }

func (p *permanentError) Error() string { return p.err.Error() }
func (p *permanentError) Unwrap() error { return p.err }

// permanent marks err as one that retrying cannot fix.
func permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

// New makes a tunnel for the config; it checks the config and what can be checked
// without connecting (the key file is readable, the pattern compiles).
func New(cfg Config, opts Options) (Tunnel, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	t := &runner{cfg: cfg, opts: opts, out: newRing(outputLines), minBackoff: MinBackoff, maxBackoff: MaxBackoff, stable: stableAfter}
	t.status = Status{Provider: cfg.Provider, State: StateDown, At: time.Now()}
	switch cfg.Provider {
	case ProviderSSH:
		t.p = newSSH(cfg, opts, t.note)
	case ProviderNgrok:
		t.p = &ngrokProvider{cfg: cfg, target: opts.Target, secret: opts.Secret, note: t.note}
	case ProviderCmd:
		t.p = newCmd(cfg, t.line)
	case ProviderLAN:
		t.p = &lanProvider{target: opts.Target, list: LANAddresses}
	default:
		return nil, fmt.Errorf("%w: unknown provider %q", ErrSpec, cfg.Provider)
	}
	if err := t.p.check(); err != nil {
		return nil, err
	}
	return t, nil
}

// runner runs a provider: the attempts, the backoff, the status.
type runner struct {
	cfg  Config
	opts Options
	p    provider
	out  *ring

	minBackoff, maxBackoff, stable time.Duration

	mu      sync.Mutex // guards status, cancel, done
	status  Status
	cancel  context.CancelFunc
	done    chan struct{}
	emitMu  sync.Mutex // serialises OnStatus calls
	startMu sync.Mutex // serialises Start and Stop
}

func (t *runner) Start(ctx context.Context) error {
	t.startMu.Lock()
	defer t.startMu.Unlock()
	t.mu.Lock()
	if t.done != nil {
		select {
		case <-t.done:
		default:
			t.mu.Unlock()
			return ErrRunning
		}
	}
	if err := t.p.check(); err != nil {
		t.mu.Unlock()
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	t.cancel, t.done = cancel, make(chan struct{})
	done := t.done
	t.mu.Unlock()
	go func() {
		defer close(done)
		defer cancel()
		t.loop(ctx)
	}()
	return nil
}

func (t *runner) Stop() error {
	t.startMu.Lock()
	defer t.startMu.Unlock()
	t.mu.Lock()
	cancel, done := t.cancel, t.done
	t.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	<-done
	return nil
}

func (t *runner) Status() Status {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.status
	s.URLs = append([]string(nil), s.URLs...)
	return s
}

func (t *runner) Output() []string { return t.out.lines() }

// set records and announces a state.
func (t *runner) set(s Status) {
	s.Provider = t.cfg.Provider
	s.At = time.Now()
	if s.Err != nil && s.Reason == "" {
		s.Reason = s.Err.Error()
	}
	t.emitMu.Lock()
	defer t.emitMu.Unlock()
	t.mu.Lock()
	t.status = s
	t.mu.Unlock()
	if t.opts.OnStatus != nil {
		t.opts.OnStatus(s)
	}
}

// line adds a line of output.
func (t *runner) line(l string) {
	l = t.out.add(l)
	if t.opts.OnOutput != nil {
		t.opts.OnOutput(l)
	}
}

// note adds a line of the tunnel's own.
func (t *runner) note(format string, args ...any) {
	t.line(time.Now().Format("15:04:05") + " " + fmt.Sprintf(format, args...))
}

// attempt is one connection attempt as a provider sees it.
type attempt struct {
	t       *runner
	n       int
	mu      sync.Mutex
	upAt    time.Time
	ended   bool
	current Status
}

// up says the public URL works (urls[0] is the one to show).
func (a *attempt) up(urls ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ended || len(urls) == 0 {
		return
	}
	if a.upAt.IsZero() {
		a.upAt = time.Now()
	}
	s := Status{State: StateUp, PublicURL: urls[0], URLs: urls, Attempt: a.n}
	a.current = s
	a.t.set(s)
}

// down says the connection is lost for now while the provider reconnects by itself (ngrok).
func (a *attempt) down(reason string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ended {
		return
	}
	a.current = Status{State: StateDown, Reason: reason, Attempt: a.n}
	a.t.set(a.current)
}

// progress updates the reason of the current state (connecting: why it is not up yet).
func (a *attempt) progress(reason string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ended || a.current.State == StateUp {
		return
	}
	s := a.current
	s.Reason = reason
	a.current = s
	a.t.set(s)
}

func (a *attempt) end() (upFor time.Duration, wasUp bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ended = true
	if a.upAt.IsZero() {
		return 0, false
	}
	return time.Since(a.upAt), true
}

// loop makes attempts until ctx ends or one fails for good.
func (t *runner) loop(ctx context.Context) {
	failures, n := 0, 0
	for {
		n++
		a := &attempt{t: t, n: n}
		a.current = Status{State: StateConnecting, Attempt: n}
		t.set(a.current)
		err := t.p.run(ctx, a)
		upFor, wasUp := a.end()
		if ctx.Err() != nil {
			t.set(Status{State: StateDown, Reason: "stopped"})
			return
		}
		var perm *permanentError
		if errors.As(err, &perm) {
			t.note("gave up: %v", err)
			t.set(Status{State: StateError, Err: perm.err, Attempt: n})
			return
		}
		if err == nil {
			err = errors.New("the connection ended")
		}
		if wasUp {
			n = 0
			if upFor >= t.stable {
				failures = 0
			}
		}
		wait := backoff(t.minBackoff, t.maxBackoff, failures)
		failures++
		t.note("%v; retrying in %s", err, wait.Round(100*time.Millisecond))
		t.set(Status{State: StateDown, Err: err, Reason: fmt.Sprintf("%v; retrying in %s", err, wait.Round(100*time.Millisecond)), Attempt: n})
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			t.set(Status{State: StateDown, Reason: "stopped"})
			return
		case <-timer.C:
		}
	}
}

// backoff is the wait after failures consecutive failures: min·2^failures, at most max,
// with ±20 % jitter.
func backoff(min, max time.Duration, failures int) time.Duration {
	d := min
	for i := 0; i < failures && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	j := time.Duration(float64(d) * 0.2 * (2*rand.Float64() - 1))
	return d + j
}
