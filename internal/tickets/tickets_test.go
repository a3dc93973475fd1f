package tickets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wecomdev/internal/secrets"
	"wecomdev/internal/store"
	"wecomdev/internal/wecom"
	"wecomdev/internal/wecom/sandbox"
)

// clock is a settable time source shared by the sandbox and the manager.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type rig struct {
	sb       *sandbox.Server
	clk      *clock
	keychain *secrets.Memory
	dir      string
	target   Target
	events   atomic.Int32
}

func newRig(t *testing.T, opts sandbox.Options) *rig {
	t.Helper()
	r := &rig{clk: &clock{t: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}, keychain: secrets.NewMemory(), dir: t.TempDir()}
	opts.Now = r.clk.Now
	r.sb = sandbox.New(opts)
	base, err := r.sb.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.sb.Close() })
	client, err := wecom.New(base, wecom.WithBackoff(func(int) time.Duration { return time.Millisecond }))
	if err != nil {
		t.Fatal(err)
	}
	secret := r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	r.target = Target{
		Profile: "acme", CorpID: sandbox.DefaultCorpID, AgentID: sandbox.DefaultAgentID, Client: client, Persist: true,
		Secret: func(context.Context) (string, error) { return secret, nil },
	}
	return r
}

// manager opens the data dir's database and returns a Manager over the rig's keychain,
// as a fresh process would.
func (r *rig) manager(t *testing.T) *Manager {
	t.Helper()
	db, err := store.Open(context.Background(), r.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return New(db, r.keychain, WithClock(r.clk.Now), OnChange(func(Status) { r.events.Add(1) }))
}

func (r *rig) calls() string {
	return fmt.Sprintf("gettoken=%d corp=%d agent=%d", r.sb.Calls("gettoken"), r.sb.Calls("get_jsapi_ticket"), r.sb.Calls("ticket/get"))
}

func TestAThousandConcurrentRequestsOnAColdCacheMakeOneFetchPerCredential(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	m := r.manager(t)
	var wg sync.WaitGroup
	values := map[Kind]*sync.Map{KindCorp: {}, KindAgent: {}}
	errs := make(chan error, 1000)
	for i := 0; i < 1000; i++ {
		kind := KindCorp
		if i%2 == 1 {
			kind = KindAgent
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := m.Get(context.Background(), r.target, kind)
			if err != nil {
				errs <- err
				return
			}
			values[kind].Store(c.Value, true)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := r.calls(); got != "gettoken=1 corp=1 agent=1" {
		t.Fatalf("WeCom calls: %s, want one of each", got)
	}
	for kind, vs := range values {
		n := 0
		vs.Range(func(any, any) bool { n++; return true })
		if n != 1 {
			t.Errorf("%s: %d distinct values handed out, want 1", kind, n)
		}
	}
}

func TestARestartInsideTheValidityWindowFetchesNothing(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	first := r.manager(t)
	ctx := context.Background()
	corp, err := first.Get(ctx, r.target, KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	agent, err := first.Get(ctx, r.target, KindAgent)
	if err != nil {
		t.Fatal(err)
	}
	before := r.calls()

	r.clk.Add(30 * time.Minute)
	second := r.manager(t) // a new process: new Manager, same keychain and data dir
	corp2, err := second.Get(ctx, r.target, KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	agent2, err := second.Get(ctx, r.target, KindAgent)
	if err != nil {
		t.Fatal(err)
	}
	if corp2.Value != corp.Value || agent2.Value != agent.Value {
		t.Fatal("after the restart the manager handed out other tickets")
	}
	if after := r.calls(); after != before {
		t.Fatalf("calls after restart: %s, before: %s; want none", after, before)
	}
}

func TestTheCacheIsRefreshedAheadOfExpiryAndNotAgainForTheSameTicket(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	m := r.manager(t)
	ctx := context.Background()
	first, err := m.Get(ctx, r.target, KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	r.clk.Add(100 * time.Minute) // 83 % of 7200 s: due for refresh
	again, err := m.Get(ctx, r.target, KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	if r.sb.Calls("get_jsapi_ticket") != 2 {
		t.Fatalf("no refresh ahead of expiry: %s", r.calls())
	}
	if again.Value != first.Value { // WeCom returns the same ticket until it expires
		t.Fatalf("the sandbox gave a new ticket before expiry")
	}
	r.clk.Add(10 * time.Minute)
	if _, err := m.Get(ctx, r.target, KindCorp); err != nil {
		t.Fatal(err)
	}
	if r.sb.Calls("get_jsapi_ticket") != 2 {
		t.Fatalf("asked again for a ticket WeCom would only repeat: %s", r.calls())
	}
	r.clk.Add(11 * time.Minute) // past expiry
	fresh, err := m.Get(ctx, r.target, KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	if fresh.Value == first.Value || r.sb.Calls("get_jsapi_ticket") != 3 {
		t.Fatalf("after expiry: same value %v, %s", fresh.Value == first.Value, r.calls())
	}
	hist := m.History(ctx, r.target, KindCorp)
	if len(hist) != 2 || hist[0].Value != fresh.Value || hist[1].Value != first.Value {
		t.Fatalf("history has %d entries, want the new and the old ticket", len(hist))
	}
}

func TestARefusedTokenIsDroppedAndTheTicketFetchTriedOnceMore(t *testing.T) {
	for _, tc := range []struct {
		name   string
		opts   sandbox.Options
		refuse func(*sandbox.Server)
	}{
		{"40014 invalidated", sandbox.Options{}, (*sandbox.Server).InvalidateTokens},
		{"42001 expired", sandbox.Options{ExpiredTokenCode: 42001}, (*sandbox.Server).ExpireTokens},
		{"40014 for expired", sandbox.Options{ExpiredTokenCode: 40014}, (*sandbox.Server).ExpireTokens},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.opts)
			m := r.manager(t)
			ctx := context.Background()
			if _, err := m.Get(ctx, r.target, KindCorp); err != nil {
				t.Fatal(err)
			}
			tc.refuse(r.sb)
			if _, err := m.Refresh(ctx, r.target, KindCorp, true); err != nil {
				t.Fatalf("refresh after the token was refused: %v", err)
			}
			if got := r.calls(); got != "gettoken=2 corp=3 agent=0" {
				t.Fatalf("calls: %s, want a second gettoken and one retried ticket fetch", got)
			}
		})
	}
}

func TestAnIPOutsideTheTrustedIPsIsExplainedWithTheCallerIP(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	r.sb.SetAllowedIPs(sandbox.DefaultCorpID, sandbox.DefaultAgentID, []string{"203.0.113.7"})
	m := r.manager(t)
	_, err := m.Get(context.Background(), r.target, KindCorp)
	var apiErr *wecom.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != 60020 {
		t.Fatalf("error = %v, want 60020", err)
	}
	st, err := m.Status(context.Background(), r.target)
	if err != nil {
		t.Fatal(err)
	}
	le := st.LastError
	if le == nil || le.Code != "WECOM_60020" || le.WeComCode != 60020 || le.Explanation == nil {
		t.Fatalf("last error = %+v", le)
	}
	if !strings.Contains(le.Explanation.Fix.EnUS, "127.0.0.1") || !strings.Contains(le.Explanation.Fix.ZhCN, "企业可信IP") {
		t.Fatalf("the fix does not name the caller IP: %+v", le.Explanation.Fix)
	}
}

func TestARateLimitIsNotRetriedUntilWeComSaysItMayBe(t *testing.T) {
	r := newRig(t, sandbox.Options{AppTicketQuota: 2})
	m := r.manager(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if _, err := m.Refresh(ctx, r.target, KindAgent, true); err != nil {
			t.Fatal(err)
		}
	}
	_, err := m.Refresh(ctx, r.target, KindAgent, true)
	if !wecom.IsRateLimited(err) {
		t.Fatalf("third fetch: %v, want 45009", err)
	}
	calls := r.sb.Calls("ticket/get")
	for i := 0; i < 20; i++ { // a storm of retries reaches nobody
		if _, err := m.Refresh(ctx, r.target, KindAgent, true); !errors.Is(err, ErrRateLimited) || Code(err) != "RATE_LIMITED" {
			t.Fatalf("retry %d: %v, want ErrRateLimited", i, err)
		}
	}
	if r.sb.Calls("ticket/get") != calls {
		t.Fatalf("retries reached WeCom: %d calls, want %d", r.sb.Calls("ticket/get"), calls)
	}
	st, _ := m.Status(ctx, r.target)
	if st.LastError == nil || st.LastError.RetryAt == 0 {
		t.Fatalf("status does not say when to try again: %+v", st.LastError)
	}
	r.clk.Add(61 * time.Minute)
	if _, err := m.Refresh(ctx, r.target, KindAgent, true); err != nil {
		t.Fatalf("after the hour: %v", err)
	}
}

func TestABreachOfTheHourlyTicketQuotaIsNotRetriedFor60Minutes(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	m := r.manager(t)
	ctx := context.Background()
	for i := 0; i < AppHourlyLimit; i++ {
		if _, err := m.Refresh(ctx, r.target, KindAgent, true); err != nil {
			t.Fatalf("fetch %d: %v", i, err)
		}
	}
	if _, err := m.Refresh(ctx, r.target, KindAgent, true); !wecom.IsRateLimited(err) {
		t.Fatalf("fetch 101: %v, want 45009", err)
	}
	calls := r.sb.Calls("ticket/get")
	r.clk.Add(2 * time.Minute) // past a minute-level block, inside WeCom's 60 minutes
	if _, err := m.Refresh(ctx, r.target, KindAgent, true); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("2 minutes after the breach: %v, want ErrRateLimited", err)
	}
	r.clk.Add(57 * time.Minute)
	if _, err := m.Refresh(ctx, r.target, KindAgent, true); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("59 minutes after the breach: %v, want ErrRateLimited", err)
	}
	if r.sb.Calls("ticket/get") != calls {
		t.Fatalf("retries reached WeCom during its block: %d calls, want %d", r.sb.Calls("ticket/get"), calls)
	}
	r.clk.Add(time.Minute)
	if _, err := m.Refresh(ctx, r.target, KindAgent, true); err != nil {
		t.Fatalf("60 minutes after the breach: %v", err)
	}
}

func TestAForcedRefreshPastTheBudgetsWarningLineNeedsConfirmation(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	m := r.manager(t)
	ctx := context.Background()
	now := r.clk.Now().UnixMilli()
	for i := 0; i < 78; i++ { // 78 app-ticket fetches this hour already
		if _, err := m.db.Exec(`INSERT INTO ticket_fetches(corp_id, agent_id, kind, at) VALUES (?, ?, 'agent', ?)`, r.target.CorpID, r.target.AgentID, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.Refresh(ctx, r.target, KindAgent, false); err != nil { // the 79th
		t.Fatalf("below the line: %v", err)
	}
	_, err := m.Refresh(ctx, r.target, KindAgent, false) // would be the 80th: 80 % of 100
	var be *BudgetError
	if !errors.As(err, &be) || !errors.Is(err, ErrNeedsConfirm) || Code(err) != "BUDGET_CONFIRM" || be.Budget.App.Used != 79 {
		t.Fatalf("error = %v, want a BudgetError at 79/100", err)
	}
	if _, err := m.Refresh(ctx, r.target, KindAgent, true); err != nil {
		t.Fatalf("confirmed: %v", err)
	}
	st, _ := m.Status(ctx, r.target)
	if !st.Budget.App.Warn || st.Budget.App.Used != 80 || st.Budget.Corp.Warn || st.Budget.Corp.Limit != 400 {
		t.Fatalf("budget = %+v", st.Budget)
	}
	r.clk.Add(61 * time.Minute)
	if st, _ := m.Status(ctx, r.target); st.Budget.App.Used != 0 {
		t.Fatalf("an hour later the budget still counts %d", st.Budget.App.Used)
	}
}

func TestStatusShowsCredentialsMaskedOnly(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	m := r.manager(t)
	ctx := context.Background()
	var values []string
	for _, k := range Kinds {
		c, err := m.Get(ctx, r.target, k)
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, c.Value)
	}
	st, err := m.Status(ctx, r.target)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(st)
	for _, v := range append(values, r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)) {
		if strings.Contains(string(raw), v) {
			t.Fatalf("status JSON contains a credential: %s", raw)
		}
	}
	for _, c := range st.Credentials {
		if c.State != "valid" || !strings.Contains(c.Masked, "…") || c.ExpiresAt <= c.FetchedAt {
			t.Errorf("credential %+v", c)
		}
	}
	if r.events.Load() < 3 {
		t.Errorf("%d change events, want one per fetch", r.events.Load())
	}
}

func TestAMissingSecretAndAnUnavailableKeychainAreReportedNotHidden(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	r.keychain.Fail = secrets.ErrUnavailable // the cache cannot be saved
	m := r.manager(t)
	ctx := context.Background()
	if _, err := m.Get(ctx, r.target, KindCorp); err != nil {
		t.Fatalf("an unsaved cache still serves: %v", err)
	}
	st, _ := m.Status(ctx, r.target)
	if st.PersistError == "" {
		t.Fatal("status does not say the cache could not be saved")
	}

	missing := r.target
	missing.Profile = "nosecret"
	missing.Secret = func(context.Context) (string, error) {
		return "", fmt.Errorf("profile nosecret has no corp secret: %w", secrets.ErrNotFound)
	}
	_, err := m.Get(ctx, missing, KindToken)
	if Code(err) != "SECRET_MISSING" {
		t.Fatalf("code = %q for %v", Code(err), err)
	}
}

func TestForgetDropsTheCacheHereAndInTheKeychain(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	m := r.manager(t)
	ctx := context.Background()
	if _, err := m.Get(ctx, r.target, KindAgent); err != nil {
		t.Fatal(err)
	}
	if len(r.keychain.Keys()) == 0 {
		t.Fatal("nothing persisted")
	}
	if err := m.Forget(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	if keys := r.keychain.Keys(); len(keys) != 0 {
		t.Fatalf("keychain still holds %v", keys)
	}
	st, _ := m.Status(ctx, r.target)
	for _, c := range st.Credentials {
		if c.State != "none" {
			t.Fatalf("after Forget: %+v", c)
		}
	}
}

func TestANewGenerationOfTheWeComDropsTheCachedCredentials(t *testing.T) {
	r := newRig(t, sandbox.Options{})
	m := r.manager(t)
	ctx := context.Background()
	tgt := r.target
	tgt.Persist = false
	tgt.Secret = func(context.Context) (string, error) {
		return r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID), nil
	}
	tgt.Generation = func(ctx context.Context) int64 { g, _ := r.sb.Generation(ctx); return g }
	old, err := m.Get(ctx, tgt, KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := m.Get(ctx, tgt, KindCorp); again.Value != old.Value || r.sb.Calls("get_jsapi_ticket") != 1 {
		t.Fatalf("the same generation fetched again: %s", r.calls())
	}
	if err := r.sb.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	cur, err := m.Get(ctx, tgt, KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Value == old.Value || r.sb.Calls("get_jsapi_ticket") != 2 || r.sb.Calls("gettoken") != 2 {
		t.Fatalf("after the reset the cache still answered (%s)", r.calls())
	}
	if h := m.History(ctx, tgt, KindCorp); len(h) != 1 || h[0].Value != cur.Value {
		t.Errorf("history holds %d tickets, want only the new generation's", len(h))
	}
}
