// Package workspace puts the pieces together for one data directory: the profiles, the
// keychain, the ticket manager and the sandbox WeCom (served in-process, its state in the
// data directory's database, so every process on the directory sees the same one). The GUI's services and
// the CLI both stand on it, so they behave the same.
package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
	"wecomdev/internal/store"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/sandbox"
)

// EnvCorpSecret stands in for the keychain in headless use; it is never stored.
const EnvCorpSecret = "WECOMDEV_CORP_SECRET"

// secretItem is the keychain item of a profile's corp secret.
const secretItem = "corp-secret"

// ErrSecretInvalid: the secret given cannot be a WeCom secret.
var ErrSecretInvalid = errors.New("invalid secret")

// Secret states, as the UI and `profile list` show them.
const (
	SecretStored  = "stored"  // in the keychain
	SecretMissing = "missing" // none set
	SecretEnv     = "env"     // WECOMDEV_CORP_SECRET stands in
	SecretBuiltin = "builtin" // the sandbox's own
	SecretUnknown = "unknown" // the keychain does not answer
)

// Workspace is one data directory's console.
type Workspace struct {
	db           *sql.DB
	profileStore *profiles.Store
	keychain     secrets.Store
	ticketCache  *tickets.Manager
	getenv       func(string) string

	sandboxOnce sync.Once
	sandbox     *sandbox.Server
	sandboxURL  string
	sandboxErr  error

	// The sandbox's generation (its reset count) as last read, and when (unix ns; 0:
	// never): the ticket cache compares it on every read, so it is read from the database
	// at most once per generationEvery.
	now          func() time.Time
	generationMu sync.Mutex
	generation   atomic.Int64
	generationAt atomic.Int64
}

// generationEvery is how often a process reads the sandbox's generation to notice a
// `wecomdev sandbox reset` done by another process: signing on the dev server's hot path
// then costs no database read, and a reset is noticed within a second.
const generationEvery = time.Second

// Options configure Open.
type Options struct {
	Keychain      secrets.Store        // default: the OS keychain
	Getenv        func(string) string  // default: os.Getenv
	OnTickets     func(tickets.Status) // called after every ticket fetch
	TicketOptions []tickets.Option     // extra options (tests: a clock)
	// Sandbox replaces the sandbox WeCom (tests: an in-memory one). Default: one that keeps
	// its state in the database, made and started on loopback when first needed.
	Sandbox *sandbox.Server
	// DB is an open database (store.Open) to use instead of opening dataDir's: tests that
	// shape its connections or read its tables keep their own handle. Close closes it.
	DB *sql.DB
}

// Open opens the database in dataDir and makes sure the sandbox profile exists.
func Open(ctx context.Context, dataDir string, opts Options) (*Workspace, error) {
	db := opts.DB
	if db == nil {
		var err error
		if db, err = store.Open(ctx, dataDir); err != nil {
			return nil, err
		}
	}
	e := &Workspace{db: db, profileStore: profiles.New(db), keychain: opts.Keychain, getenv: opts.Getenv, now: time.Now}
	if e.keychain == nil {
		e.keychain = secrets.NewKeyring()
	}
	if e.getenv == nil {
		e.getenv = os.Getenv
	}
	if opts.Sandbox != nil {
		e.sandbox = opts.Sandbox
	}
	topts := append([]tickets.Option{}, opts.TicketOptions...)
	if opts.OnTickets != nil {
		topts = append(topts, tickets.OnChange(opts.OnTickets))
	}
	e.ticketCache = tickets.New(db, e.keychain, topts...)
	if err := e.profileStore.EnsureSandbox(ctx, sandbox.DefaultCorpID, sandbox.DefaultAgentID); err != nil {
		db.Close()
		return nil, err
	}
	return e, nil
}

// Close stops the sandbox and closes the database.
func (e *Workspace) Close() error {
	if e.sandbox != nil {
		e.sandbox.Close()
	}
	return e.db.Close()
}

// Sandbox returns the in-process sandbox WeCom and its base URL, starting it on first use
// (not on Open: opening the workspace stays as fast as opening the database). Its state is
// in the database and is read by its first call, so a later command, or another process
// on the same data directory, meets the join ways, tickets and remarks of an earlier one.
func (e *Workspace) Sandbox() (*sandbox.Server, string, error) {
	e.sandboxOnce.Do(func() {
		if e.sandbox == nil {
			opts, err := sandboxOptions(e.getenv)
			if err != nil {
				e.sandboxErr = err
				return
			}
			opts.Persist = sandbox.SQLPersist(e.db)
			e.sandbox = sandbox.New(opts)
		}
		e.sandboxURL, e.sandboxErr = e.sandbox.Start()
	})
	return e.sandbox, e.sandboxURL, e.sandboxErr
}

// ResetSandbox starts the sandbox WeCom over from its seed, for every process on the data
// directory: new secret, no token, ticket or join way, the seed's groups, customers and
// remarks. What the console kept about the old sandbox goes too, so nothing points at a
// config or ticket that no longer exists: the sandbox profile's cached credentials (this
// process's; they were never in the keychain), its join-way registry, group pool and
// chat ↔ order mapping, and the hour's ticket count of the sandbox corp (the sandbox's
// own quota log starts empty). Kept: the profile with its trusted domains, the pool's
// threshold, the dev server's request log.
func (e *Workspace) ResetSandbox(ctx context.Context) error {
	p, err := e.profileStore.Get(ctx, profiles.SandboxName)
	if err != nil {
		return err
	}
	sb, _, err := e.Sandbox()
	if err != nil {
		return fmt.Errorf("start the sandbox WeCom: %w", err)
	}
	if err := sb.Reset(ctx); err != nil {
		return fmt.Errorf("reset the sandbox WeCom: %w", err)
	}
	e.generationMu.Lock()
	e.readGeneration(ctx)
	e.generationMu.Unlock()
	e.ticketCache.Drop(p.Name)
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("the sandbox was reset, but the console's records of it could not be cleared: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM join_ways WHERE profile = ?`, []any{p.Name}},
		{`DELETE FROM join_pool WHERE profile = ?`, []any{p.Name}},
		{`DELETE FROM chat_labels WHERE profile = ?`, []any{p.Name}},
		{`DELETE FROM ticket_fetches WHERE corp_id = ? AND agent_id = ?`, []any{p.CorpID, p.AgentID}},
	} {
		if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
			return fmt.Errorf("the sandbox was reset, but the console's records of it could not be cleared: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("the sandbox was reset, but the console's records of it could not be cleared: %w", err)
	}
	return nil
}

// sandboxGeneration is the sandbox's generation for the ticket cache (tickets.Target's
// Generation): the value read last, read again when it is generationEvery old. A failed
// read keeps the last value (and tries again after generationEvery).
func (e *Workspace) sandboxGeneration(ctx context.Context) int64 {
	if at := e.generationAt.Load(); at != 0 {
		if age := e.now().UnixNano() - at; age >= 0 && age < int64(generationEvery) {
			return e.generation.Load()
		}
	}
	e.generationMu.Lock()
	defer e.generationMu.Unlock()
	if at := e.generationAt.Load(); at != 0 {
		if age := e.now().UnixNano() - at; age >= 0 && age < int64(generationEvery) {
			return e.generation.Load() // read by the caller this one waited for
		}
	}
	e.readGeneration(ctx)
	return e.generation.Load()
}

// readGeneration reads the sandbox's generation now. Called with generationMu held.
func (e *Workspace) readGeneration(ctx context.Context) {
	e.generationAt.Store(e.now().UnixNano())
	sb, _, err := e.Sandbox()
	if err != nil {
		return
	}
	if g, err := sb.Generation(ctx); err == nil {
		e.generation.Store(g)
	}
}

// APIBase is the base URL a profile's calls go to (the sandbox's runs on loopback).
func (e *Workspace) APIBase(p profiles.Profile) (string, error) {
	if !p.Sandbox {
		return p.APIBase, nil
	}
	_, u, err := e.Sandbox()
	if err != nil {
		return "", fmt.Errorf("start the sandbox WeCom: %w", err)
	}
	return u, nil
}

// Target is a profile as the ticket manager needs it.
func (e *Workspace) Target(ctx context.Context, name string) (tickets.Target, profiles.Profile, error) {
	p, err := e.profileStore.Get(ctx, name)
	if err != nil {
		return tickets.Target{}, p, err
	}
	base, err := e.APIBase(p)
	if err != nil {
		return tickets.Target{}, p, err
	}
	client, err := wecom.New(base)
	if err != nil {
		return tickets.Target{}, p, err
	}
	t := tickets.Target{
		Profile: p.Name, CorpID: p.CorpID, AgentID: p.AgentID, Client: client,
		Persist: !p.Sandbox,
		Secret:  func(ctx context.Context) (string, error) { return e.secret(ctx, p) },
	}
	if p.Sandbox {
		// a reset by another process voids the sandbox credentials this one cached
		t.Generation = e.sandboxGeneration
	}
	return t, p, nil
}

// client is the WeCom client of t that owns its access token: it takes the token from
// the ticket manager's cache and, when WeCom refuses one, drops it there and retries once.
func (e *Workspace) client(t tickets.Target) *wecom.Client {
	return t.Client.WithTokens(wecom.TokenFuncs{
		Get: func(ctx context.Context) (string, error) {
			c, err := e.ticketCache.Token(ctx, t)
			return c.Value, err
		},
		Drop: func(ctx context.Context, refused string) { e.ticketCache.InvalidateToken(ctx, t, refused) },
	})
}

// secret resolves a profile's corp secret: the sandbox's own, WECOMDEV_CORP_SECRET, or the keychain.
func (e *Workspace) secret(ctx context.Context, p profiles.Profile) (string, error) {
	if p.Sandbox {
		sb, _, err := e.Sandbox()
		if err != nil {
			return "", err
		}
		v, err := sb.AppSecret(p.CorpID, p.AgentID)
		if err != nil {
			return "", fmt.Errorf("the sandbox WeCom's state: %w", err)
		}
		return v, nil
	}
	if v := e.getenv(EnvCorpSecret); v != "" {
		return v, nil
	}
	v, err := e.keychain.Get(ctx, secrets.ProfileKey(p.Name, secretItem))
	if errors.Is(err, secrets.ErrNotFound) {
		return "", fmt.Errorf("profile %q has no corp secret: set it in Profiles or with 'wecomdev secret set %s': %w", p.Name, p.Name, secrets.ErrNotFound)
	}
	return v, err
}

// SecretState tells where a profile's secret comes from, without reading it out.
func (e *Workspace) SecretState(ctx context.Context, p profiles.Profile) string {
	switch {
	case p.Sandbox:
		return SecretBuiltin
	case e.getenv(EnvCorpSecret) != "":
		return SecretEnv
	}
	_, err := e.keychain.Get(ctx, secrets.ProfileKey(p.Name, secretItem))
	switch {
	case err == nil:
		return SecretStored
	case errors.Is(err, secrets.ErrNotFound):
		return SecretMissing
	default:
		return SecretUnknown
	}
}

// ValidateSecret checks a pasted secret: WeCom secrets are printable ASCII without spaces.
func ValidateSecret(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("%w: the secret is empty", ErrSecretInvalid)
	}
	if len(s) > 256 {
		return "", fmt.Errorf("%w: %d characters is longer than any WeCom secret; did you paste more than the secret?", ErrSecretInvalid, len(s))
	}
	for _, r := range s {
		if r > unicode.MaxASCII || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return "", fmt.Errorf("%w: it contains a space or a character WeCom secrets never have", ErrSecretInvalid)
		}
	}
	return s, nil
}

// SetSecret stores a profile's corp secret in the keychain and drops the credentials
// fetched with the old one.
func (e *Workspace) SetSecret(ctx context.Context, name, secret string) error {
	p, err := e.profileStore.Get(ctx, name)
	if err != nil {
		return err
	}
	if p.Sandbox {
		return fmt.Errorf("%w: its secret is built in", profiles.ErrBuiltin)
	}
	secret, err = ValidateSecret(secret)
	if err != nil {
		return err
	}
	if err := e.keychain.Set(ctx, secrets.ProfileKey(p.Name, secretItem), secret); err != nil {
		return err
	}
	return e.ticketCache.Forget(ctx, p.Name)
}

// DeleteSecret removes a profile's corp secret and its cached credentials from the keychain.
func (e *Workspace) DeleteSecret(ctx context.Context, name string) error {
	p, err := e.profileStore.Get(ctx, name)
	if err != nil {
		return err
	}
	if p.Sandbox {
		return fmt.Errorf("%w: its secret is built in", profiles.ErrBuiltin)
	}
	if err := e.keychain.Delete(ctx, secrets.ProfileKey(p.Name, secretItem)); err != nil {
		return err
	}
	return e.ticketCache.Forget(ctx, p.Name)
}

// RevealSecret returns the stored secret, for when the user asks to see or copy it.
func (e *Workspace) RevealSecret(ctx context.Context, name string) (string, error) {
	p, err := e.profileStore.Get(ctx, name)
	if err != nil {
		return "", err
	}
	if p.Sandbox {
		return "", fmt.Errorf("%w: its secret is built in", profiles.ErrBuiltin)
	}
	return e.secret(ctx, p)
}

// UpdateProfile edits a profile; a rename moves its secret in the keychain.
func (e *Workspace) UpdateProfile(ctx context.Context, original string, p profiles.Profile) (profiles.Profile, error) {
	old, err := e.profileStore.Get(ctx, original)
	if err != nil {
		return profiles.Profile{}, err
	}
	updated, err := e.profileStore.Update(ctx, original, p)
	if err != nil {
		return profiles.Profile{}, err
	}
	changedApp := updated.CorpID != old.CorpID || updated.AgentID != old.AgentID || updated.APIBase != old.APIBase
	if updated.Name != old.Name {
		for _, item := range []string{secretItem, callbackItem} {
			oldKey, newKey := secrets.ProfileKey(old.Name, item), secrets.ProfileKey(updated.Name, item)
			if v, err := e.keychain.Get(ctx, oldKey); err == nil {
				if err := e.keychain.Set(ctx, newKey, v); err != nil {
					return updated, fmt.Errorf("profile renamed, but its secret could not be moved in the keychain: %w", err)
				}
				_ = e.keychain.Delete(ctx, oldKey)
			}
		}
		changedApp = true
	}
	if changedApp {
		_ = e.ticketCache.Forget(ctx, old.Name)
	}
	return updated, nil
}

// RemoveProfile deletes a profile with its secret and cached credentials.
func (e *Workspace) RemoveProfile(ctx context.Context, name string) error {
	if err := e.profileStore.Remove(ctx, name); err != nil {
		return err
	}
	errs := []error{e.keychain.Delete(ctx, secrets.ProfileKey(name, secretItem)), e.keychain.Delete(ctx, callbackItemKey(name)), e.ticketCache.Forget(ctx, name)}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("profile removed; the keychain items could not all be deleted: %w", err)
	}
	return nil
}
