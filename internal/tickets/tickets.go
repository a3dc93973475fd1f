// Package tickets caches each profile's access_token, corp jsapi_ticket and app ticket:
// one fetch in flight per credential however many callers wait, refreshed ahead of expiry,
// kept in the OS keychain so a restart inside the validity window fetches nothing, and
// counted against WeCom's hourly ticket budget (400 per corp, 100 per app).
package tickets

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"wecomdev/internal/errcode"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/redact"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom"
)

// Kind names a credential: the access token or one of the JS-SDK's two ticket kinds. It
// is jssdk.Kind itself, so a signer passes the kind it signs with as it is.
type Kind = jssdk.Kind

const (
	KindToken Kind = "token"         // access_token (gettoken)
	KindCorp       = jssdk.KindCorp  // corp jsapi_ticket (get_jsapi_ticket): signs wx.config
	KindAgent      = jssdk.KindAgent // app ticket (ticket/get?type=agent_config): signs wx.agentConfig
)

// Kinds in display order.
var Kinds = []Kind{KindToken, KindCorp, KindAgent}

// ParseKind accepts "token", "corp" or "agent".
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown credential %q: use token, corp or agent", s)
}

// WeCom's ticket budget per rolling hour, and where we start to warn.
const (
	CorpHourlyLimit = 400
	AppHourlyLimit  = 100
	// quotaBlock: how long WeCom blocks ticket fetches after a breach of the hourly quota
	// (doc 90454: 「按小时拦截则被屏蔽60分钟」).
	quotaBlock = time.Hour
	warnRatio  = 0.8
	// HistorySize is how many earlier tickets of each kind are kept (to tell a stale
	// ticket from a wrong one).
	HistorySize = 4
	// refreshAhead: a credential is fetched again once this share of its lifetime is left.
	refreshAhead = 0.2
)

var (
	// ErrNeedsConfirm: a forced ticket refresh would pass the budget's warning line.
	ErrNeedsConfirm = errors.New("a forced refresh needs confirmation")
	// ErrRateLimited: WeCom answered 45009/45033 recently; we do not call again before RetryAt.
	ErrRateLimited = errors.New("rate limited by WeCom")
)

// Target is one profile as the manager needs it.
type Target struct {
	Profile string
	CorpID  string
	AgentID int64
	Client  *wecom.Client
	// Secret returns the corp secret (from the keychain, WECOMDEV_CORP_SECRET, or the sandbox).
	Secret func(ctx context.Context) (string, error)
	// Persist keeps the cache in the keychain (false for the sandbox: its made-up
	// credentials stay in this process's memory; a new process fetches them again, and
	// the sandbox, whose state is in the database, hands out the same ones while valid).
	Persist bool
	// Generation, when set, names the state of the WeCom the credentials came from (the
	// sandbox's reset count): when it differs from the one the cache was filled in, the
	// cached credentials are dropped, so a reset done by another process is noticed.
	// It is called on every read of the cache: it must be cheap.
	Generation func(ctx context.Context) int64
}

// Cred is a cached credential.
type Cred struct {
	Value     string    `json:"v"`
	FetchedAt time.Time `json:"f"`
	ExpiresAt time.Time `json:"e"`
	// RefreshAt is when to ask WeCom again: once refreshAhead of the lifetime is left, or
	// at expiry when WeCom already answered an early refresh with this same value (it
	// returns the current credential until it expires; asking again would only spend budget).
	RefreshAt time.Time `json:"r"`
}

func (c Cred) validAt(now time.Time) bool { return c.Value != "" && now.Before(c.ExpiresAt) }

// freshAt: valid and not yet due for a refresh.
func (c Cred) freshAt(now time.Time) bool { return c.validAt(now) && now.Before(c.RefreshAt) }

type slot struct {
	Cur     Cred   `json:"cur"`
	History []Cred `json:"history,omitempty"`
}

type failure struct {
	kind    Kind
	err     error
	at      time.Time
	retryAt time.Time
}

type entry struct {
	mu         sync.Mutex
	loaded     bool
	slots      map[Kind]*slot
	lastErr    *failure
	blocked    map[Kind]time.Time
	persistErr string
	generation int64 // Target.Generation the cache belongs to
}

// clear forgets the cached credentials, the last error and the blocks. Called with e.mu held.
func (e *entry) clear() {
	for _, k := range Kinds {
		e.slots[k] = &slot{}
	}
	e.lastErr = nil
	clear(e.blocked)
}

// Manager holds the cache of every profile.
type Manager struct {
	db       *sql.DB
	keychain secrets.Store
	now      func() time.Time
	onChange func(Status)

	mu      sync.Mutex
	entries map[string]*entry
	flight  singleflight.Group
}

// Option configures a Manager.
type Option func(*Manager)

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) Option { return func(m *Manager) { m.now = now } }

// OnChange is called with the new status after every fetch, success or failure.
func OnChange(f func(Status)) Option { return func(m *Manager) { m.onChange = f } }

// New returns a Manager that counts fetches in db and persists credentials in keychain.
func New(db *sql.DB, keychain secrets.Store, opts ...Option) *Manager {
	m := &Manager{db: db, keychain: keychain, now: time.Now, entries: map[string]*entry{}}
	for _, o := range opts {
		o(m)
	}
	return m
}

func cacheKey(profile string, k Kind) string { return secrets.ProfileKey(profile, "cache/"+string(k)) }

// entry returns the profile's cache, loading it from the keychain the first time.
func (m *Manager) entry(ctx context.Context, t Target) *entry {
	m.mu.Lock()
	e, ok := m.entries[t.Profile]
	if !ok {
		e = &entry{slots: map[Kind]*slot{}, blocked: map[Kind]time.Time{}}
		for _, k := range Kinds {
			e.slots[k] = &slot{}
		}
		m.entries[t.Profile] = e
	}
	m.mu.Unlock()

	var gen int64
	if t.Generation != nil {
		gen = t.Generation(ctx)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if t.Generation != nil && gen != e.generation {
		// The WeCom was reset (by another process): what it handed out is void.
		e.clear()
		e.generation = gen
	}
	if e.loaded {
		return e
	}
	e.loaded = true
	if !t.Persist {
		return e
	}
	for _, k := range Kinds {
		raw, err := m.keychain.Get(ctx, cacheKey(t.Profile, k))
		if errors.Is(err, secrets.ErrNotFound) {
			continue
		}
		if err != nil {
			e.persistErr = err.Error()
			continue
		}
		var s slot
		if json.Unmarshal([]byte(raw), &s) == nil {
			e.slots[k] = &s
		}
	}
	return e
}

// Token returns a valid access_token, fetching one when needed.
func (m *Manager) Token(ctx context.Context, t Target) (Cred, error) { return m.Get(ctx, t, KindToken) }

// Get returns a credential of the kind, from the cache when it is fresh; otherwise one
// fetch (shared by every concurrent caller) replaces it. A failed refresh of a credential
// that is still valid returns the cached one.
func (m *Manager) Get(ctx context.Context, t Target, kind Kind) (Cred, error) {
	e := m.entry(ctx, t)
	e.mu.Lock()
	cur := e.slots[kind].Cur
	e.mu.Unlock()
	now := m.now()
	if cur.freshAt(now) {
		return cur, nil
	}
	c, err := m.fetchShared(ctx, t, kind, false)
	if err != nil && cur.validAt(m.now()) {
		return cur, nil
	}
	return c, err
}

// InvalidateToken drops the cached token when it is the one WeCom refused (42001/40014),
// so the next Token fetches a new one. Callers of other APIs use it before retrying once.
func (m *Manager) InvalidateToken(ctx context.Context, t Target, refused string) {
	e := m.entry(ctx, t)
	e.mu.Lock()
	defer e.mu.Unlock()
	if s := e.slots[KindToken]; s.Cur.Value == refused {
		s.Cur = Cred{}
	}
}

func (m *Manager) fetchShared(ctx context.Context, t Target, kind Kind, force bool) (Cred, error) {
	v, err, _ := m.flight.Do(t.Profile+"\x00"+string(kind), func() (any, error) {
		return m.fetch(ctx, t, kind, force)
	})
	if err != nil {
		return Cred{}, err
	}
	return v.(Cred), nil
}

// fetch runs inside the single flight for (profile, kind).
func (m *Manager) fetch(ctx context.Context, t Target, kind Kind, force bool) (Cred, error) {
	e := m.entry(ctx, t)
	now := m.now()
	e.mu.Lock()
	cur := e.slots[kind].Cur
	blockedUntil := e.blocked[kind]
	gen := e.generation
	e.mu.Unlock()
	if !force && cur.freshAt(now) { // another flight just finished
		return cur, nil
	}
	if now.Before(blockedUntil) {
		return Cred{}, fmt.Errorf("%w: %s may be fetched again at %s", ErrRateLimited, kind, blockedUntil.Format("15:04:05"))
	}

	cred, err := m.call(ctx, t, kind)
	if err != nil {
		m.fail(ctx, t, e, kind, err)
		return Cred{}, err
	}
	fetched := m.now()
	c := Cred{Value: cred.Value, FetchedAt: fetched, ExpiresAt: fetched.Add(cred.ExpiresIn)}
	c.RefreshAt = c.ExpiresAt.Add(-time.Duration(float64(cred.ExpiresIn) * refreshAhead))
	e.mu.Lock()
	if e.generation != gen {
		// The WeCom was reset while this fetch ran: the answer may be of the old one; keep
		// nothing, the next read fetches again.
		e.mu.Unlock()
		return c, nil
	}
	s := e.slots[kind]
	if s.Cur.Value == c.Value && s.Cur.ExpiresAt.After(fetched) && s.Cur.ExpiresAt.Before(c.ExpiresAt) {
		// The same credential again: it still expires when it did. WeCom may say
		// expires_in 7200 on a repeat fetch, not the seconds left (docs/wecom-facts.md,
		// the sandbox WeCom), so now+expires_in would outlive it.
		c.ExpiresAt = s.Cur.ExpiresAt
	}
	if s.Cur.Value == c.Value && !force {
		c.FetchedAt, c.RefreshAt = s.Cur.FetchedAt, c.ExpiresAt
	}
	if kind != KindToken && s.Cur.Value != "" && s.Cur.Value != c.Value {
		s.History = append([]Cred{s.Cur}, s.History...)
		if len(s.History) > HistorySize {
			s.History = s.History[:HistorySize]
		}
	}
	s.Cur = c
	if e.lastErr != nil && e.lastErr.kind == kind {
		e.lastErr = nil
	}
	delete(e.blocked, kind)
	snapshot := *s
	e.mu.Unlock()
	m.persist(ctx, t, e, kind, snapshot)
	m.changed(ctx, t)
	return c, nil
}

// call asks WeCom. A ticket fetch whose token WeCom refuses (42001/40014) drops the token,
// fetches a new one and tries once more.
func (m *Manager) call(ctx context.Context, t Target, kind Kind) (wecom.Credential, error) {
	if kind == KindToken {
		secret, err := t.Secret(ctx)
		if err != nil {
			return wecom.Credential{}, err
		}
		return t.Client.GetToken(ctx, t.CorpID, secret)
	}
	// The client drops a token WeCom refuses and tries once more; every try is a fetch
	// the hourly quota counts.
	c := t.Client.WithTokens(wecom.TokenFuncs{
		Get: func(ctx context.Context) (string, error) {
			tok, err := m.Get(ctx, t, KindToken)
			if err != nil {
				return "", err
			}
			return tok.Value, m.count(ctx, t, kind)
		},
		Drop: func(ctx context.Context, refused string) { m.InvalidateToken(ctx, t, refused) },
	})
	if kind == KindCorp {
		return c.GetCorpTicket(ctx)
	}
	return c.GetAgentTicket(ctx)
}

func (m *Manager) fail(ctx context.Context, t Target, e *entry, kind Kind, err error) {
	now := m.now()
	f := &failure{kind: kind, err: err, at: now}
	if wecom.IsRateLimited(err) {
		f.retryAt = now.Add(wecom.RetryAfter(err))
		if kind != KindToken && wecom.RetryAfter(err) < quotaBlock {
			// A ticket fetch refused with this hour's count at a quota: the hourly ticket
			// quota was breached, and WeCom blocks for 60 minutes from the breach (doc 90454
			// 「按小时拦截则被屏蔽60分钟」; docs/wecom-facts.md, the sandbox WeCom).
			if b, berr := m.Budget(ctx, t); berr == nil && (b.Corp.Used > b.Corp.Limit || b.App.Used > b.App.Limit) {
				f.retryAt = now.Add(quotaBlock)
			}
		}
	}
	e.mu.Lock()
	e.lastErr = f
	if !f.retryAt.IsZero() {
		e.blocked[kind] = f.retryAt
	}
	e.mu.Unlock()
	m.changed(ctx, t)
}

func (m *Manager) persist(ctx context.Context, t Target, e *entry, kind Kind, s slot) {
	if !t.Persist {
		return
	}
	raw, _ := json.Marshal(s)
	err := m.keychain.Set(ctx, cacheKey(t.Profile, kind), string(raw))
	e.mu.Lock()
	defer e.mu.Unlock()
	if err != nil {
		e.persistErr = err.Error()
	} else {
		e.persistErr = ""
	}
}

// Refresh fetches a credential even when the cached one is fresh. A ticket refresh that
// would take this hour's count past 80 % of a budget needs confirm.
func (m *Manager) Refresh(ctx context.Context, t Target, kind Kind, confirm bool) (Cred, error) {
	if kind != KindToken && !confirm {
		b, err := m.Budget(ctx, t)
		if err != nil {
			return Cred{}, err
		}
		if b.Corp.Used+1 >= warnAt(b.Corp.Limit) || b.App.Used+1 >= warnAt(b.App.Limit) {
			return Cred{}, &BudgetError{Budget: b}
		}
	}
	return m.fetchShared(ctx, t, kind, true)
}

// BudgetError says why a forced refresh needs confirmation.
type BudgetError struct{ Budget Budget }

func (e *BudgetError) Error() string {
	return fmt.Sprintf("this hour's ticket fetches are at %d/%d for the corp and %d/%d for the app; a forced refresh needs confirmation",
		e.Budget.Corp.Used, e.Budget.Corp.Limit, e.Budget.App.Used, e.Budget.App.Limit)
}
func (e *BudgetError) Is(target error) bool { return target == ErrNeedsConfirm }

func warnAt(limit int) int { return int(float64(limit) * warnRatio) }

// Forget drops a profile's cached credentials, here and in the keychain (after its secret
// changed, or the profile was removed or renamed).
func (m *Manager) Forget(ctx context.Context, profile string) error {
	m.mu.Lock()
	delete(m.entries, profile)
	m.mu.Unlock()
	var errs []error
	for _, k := range Kinds {
		if err := m.keychain.Delete(ctx, cacheKey(profile, k)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Drop forgets a profile's cached credentials in this process only, without touching
// the keychain: for a profile whose cache never goes there (the sandbox, after a reset).
func (m *Manager) Drop(profile string) {
	m.mu.Lock()
	delete(m.entries, profile)
	m.mu.Unlock()
}

// History returns the current and earlier tickets of a kind, newest first, for telling a
// stale ticket from a wrong one. The values are secrets: never show them unmasked.
func (m *Manager) History(ctx context.Context, t Target, kind Kind) []Cred {
	e := m.entry(ctx, t)
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.slots[kind]
	var out []Cred
	if s.Cur.Value != "" {
		out = append(out, s.Cur)
	}
	return append(out, s.History...)
}

func (m *Manager) changed(ctx context.Context, t Target) {
	if m.onChange == nil {
		return
	}
	st, err := m.Status(ctx, t)
	if err == nil {
		m.onChange(st)
	}
}

// ---- the hourly budget ----

// Count is one budget: fetches in the last hour against the limit.
type Count struct {
	Used  int  `json:"used"`
	Limit int  `json:"limit"`
	Warn  bool `json:"warn"`
}

// Budget is this hour's ticket fetches for the corp (all its apps) and for the app.
type Budget struct {
	Corp Count `json:"corp"`
	App  Count `json:"app"`
}

func (m *Manager) count(ctx context.Context, t Target, kind Kind) error {
	now := m.now()
	if _, err := m.db.ExecContext(ctx, `DELETE FROM ticket_fetches WHERE at < ?`, now.Add(-2*time.Hour).UnixMilli()); err != nil {
		return fmt.Errorf("ticket budget: %w", err)
	}
	if _, err := m.db.ExecContext(ctx, `INSERT INTO ticket_fetches(corp_id, agent_id, kind, at) VALUES (?, ?, ?, ?)`,
		t.CorpID, t.AgentID, string(kind), now.UnixMilli()); err != nil {
		return fmt.Errorf("ticket budget: %w", err)
	}
	return nil
}

// Budget counts the ticket fetches of the last hour.
func (m *Manager) Budget(ctx context.Context, t Target) (Budget, error) {
	since := m.now().Add(-time.Hour).UnixMilli()
	var b Budget
	b.Corp.Limit, b.App.Limit = CorpHourlyLimit, AppHourlyLimit
	err := m.db.QueryRowContext(ctx,
		`SELECT COUNT(*), COALESCE(SUM(agent_id = ?), 0) FROM ticket_fetches WHERE corp_id = ? AND at > ?`,
		t.AgentID, t.CorpID, since).Scan(&b.Corp.Used, &b.App.Used)
	if err != nil {
		return Budget{}, fmt.Errorf("ticket budget: %w", err)
	}
	b.Corp.Warn = b.Corp.Used >= warnAt(b.Corp.Limit)
	b.App.Warn = b.App.Used >= warnAt(b.App.Limit)
	return b, nil
}

// ---- status for the UI and the CLI (credentials masked) ----

// CredStatus is one credential as shown.
type CredStatus struct {
	Kind      Kind   `json:"kind"`
	Masked    string `json:"masked"`
	FetchedAt int64  `json:"fetchedAt"` // unix ms, 0 when none
	ExpiresAt int64  `json:"expiresAt"`
	State     string `json:"state"` // valid, expired, none
}

// HistoryEntry is an earlier ticket, masked.
type HistoryEntry struct {
	Kind      Kind   `json:"kind"`
	Masked    string `json:"masked"`
	FetchedAt int64  `json:"fetchedAt"`
	ExpiresAt int64  `json:"expiresAt"`
}

// ErrorInfo is the last failed fetch.
type ErrorInfo struct {
	Kind        Kind               `json:"kind"`
	Code        string             `json:"code"` // WECOM_60020, KEYCHAIN_UNAVAILABLE, …
	WeComCode   int                `json:"wecomCode"`
	Message     string             `json:"message"`
	At          int64              `json:"at"`
	RetryAt     int64              `json:"retryAt"`
	Explanation *wecom.Explanation `json:"explanation"`
}

// Status is a profile's credentials, budget and last error, without a secret in it.
type Status struct {
	Profile      string         `json:"profile"`
	Credentials  []CredStatus   `json:"credentials"`
	Budget       Budget         `json:"budget"`
	LastError    *ErrorInfo     `json:"lastError"`
	History      []HistoryEntry `json:"history"`
	PersistError string         `json:"persistError"`
}

// Status reports the cache; it never calls WeCom.
func (m *Manager) Status(ctx context.Context, t Target) (Status, error) {
	e := m.entry(ctx, t)
	b, err := m.Budget(ctx, t)
	if err != nil {
		return Status{}, err
	}
	now := m.now()
	st := Status{Profile: t.Profile, Budget: b, Credentials: []CredStatus{}, History: []HistoryEntry{}}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, k := range Kinds {
		s := e.slots[k]
		cs := CredStatus{Kind: k, State: "none"}
		if s.Cur.Value != "" {
			cs.Masked = redact.Mask(s.Cur.Value)
			cs.FetchedAt, cs.ExpiresAt = s.Cur.FetchedAt.UnixMilli(), s.Cur.ExpiresAt.UnixMilli()
			cs.State = "expired"
			if s.Cur.validAt(now) {
				cs.State = "valid"
			}
		}
		st.Credentials = append(st.Credentials, cs)
		for _, h := range s.History {
			st.History = append(st.History, HistoryEntry{Kind: k, Masked: redact.Mask(h.Value), FetchedAt: h.FetchedAt.UnixMilli(), ExpiresAt: h.ExpiresAt.UnixMilli()})
		}
	}
	if f := e.lastErr; f != nil {
		info := &ErrorInfo{Kind: f.kind, Code: Code(f.err), Message: f.err.Error(), At: f.at.UnixMilli()}
		if !f.retryAt.IsZero() {
			info.RetryAt = f.retryAt.UnixMilli()
		}
		var apiErr *wecom.APIError
		if errors.As(f.err, &apiErr) {
			info.WeComCode = apiErr.Code
			if ex, ok := wecom.ExplainError(f.err); ok {
				info.Explanation = &ex
			}
		}
		st.LastError = info
	}
	st.PersistError = e.persistErr
	return st, nil
}

// Code is errcode.Of with this package's own errors.
func Code(err error) string {
	switch {
	case errors.Is(err, ErrNeedsConfirm):
		return "BUDGET_CONFIRM"
	case errors.Is(err, ErrRateLimited):
		return "RATE_LIMITED"
	}
	if c := errcode.Of(err); c != "" {
		return c
	}
	return errcode.Internal
}
