package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
	"wecomdev/internal/tickets"
	"wecomdev/internal/wecom/sandbox"
)

type rig struct {
	e      *Workspace
	dir    string
	kc     *secrets.Memory
	sb     *sandbox.Server
	base   string
	mu     sync.Mutex
	events []string
	env    map[string]string
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{dir: t.TempDir(), kc: secrets.NewMemory(), env: map[string]string{}}
	r.sb = sandbox.New(sandbox.Options{})
	e, err := Open(context.Background(), r.dir, Options{
		Keychain: r.kc,
		Getenv:   func(k string) string { return r.env[k] },
		Sandbox:  r.sb,
		OnTickets: func(st tickets.Status) {
			raw, _ := json.Marshal(st)
			r.mu.Lock()
			r.events = append(r.events, string(raw))
			r.mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	r.e = e
	if _, r.base, err = e.Sandbox(); err != nil {
		t.Fatal(err)
	}
	return r
}

// addAcme adds a real-looking profile that talks to the rig's sandbox, and its secret.
func (r *rig) addAcme(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	if _, err := r.e.profileStore.Add(ctx, profiles.Profile{Name: "acme", CorpID: sandbox.DefaultCorpID, AgentID: sandbox.DefaultAgentID, APIBase: r.base}); err != nil {
		t.Fatal(err)
	}
	secret := r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	if err := r.e.SetSecret(ctx, "acme", secret); err != nil {
		t.Fatal(err)
	}
	return secret
}

func TestAFullFlowLeavesNoCredentialInTheDataDirOrTheEvents(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	secret := r.addAcme(t)
	res, err := r.e.Sign(ctx, "acme", "https://h5.example.com/page?a=1#/route")
	if err != nil {
		t.Fatal(err)
	}
	tg, _, _ := r.e.Target(ctx, "acme")
	if _, err := r.e.ticketCache.Refresh(ctx, tg, tickets.KindCorp, true); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.Sign(ctx, "sandbox", "https://h5.example.com/"); err != nil {
		t.Fatal(err)
	}

	// Every credential of the flow, in clear.
	leaks := []string{secret, r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)}
	for _, k := range tickets.Kinds {
		for _, c := range r.e.ticketCache.History(ctx, tg, k) {
			leaks = append(leaks, c.Value)
		}
	}
	tok, _ := r.e.ticketCache.Token(ctx, tg)
	leaks = append(leaks, tok.Value)
	if len(leaks) < 5 {
		t.Fatalf("the flow produced only %d credentials", len(leaks))
	}

	// The data directory: the database, its WAL, anything else.
	err = filepath.WalkDir(r.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, v := range leaks {
			if strings.Contains(string(raw), v) {
				t.Errorf("%s contains a credential (%s)", path, v[:4])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The events and the results handed to the UI.
	resJSON, _ := json.Marshal(res)
	r.mu.Lock()
	texts := append(append([]string{}, r.events...), string(resJSON))
	r.mu.Unlock()
	if len(texts) < 4 {
		t.Fatalf("only %d events", len(texts)-1)
	}
	for _, text := range texts {
		for _, v := range leaks {
			if strings.Contains(text, v) {
				t.Fatalf("an event or result contains a credential: %s", text)
			}
		}
	}
	// The keychain is where they are.
	if len(r.kc.Keys()) < 4 {
		t.Fatalf("keychain holds %v", r.kc.Keys())
	}
}

func TestSigningGivesBothKindsWithTheRightTicketAndTheRegisterSnippet(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	res, err := r.e.Sign(ctx, "sandbox", "https://h5.example.com/p?x=1#hash")
	if err != nil {
		t.Fatal(err)
	}
	tg, _, _ := r.e.Target(ctx, "sandbox")
	corp, _ := r.e.ticketCache.Get(ctx, tg, tickets.KindCorp)
	agent, _ := r.e.ticketCache.Get(ctx, tg, tickets.KindAgent)
	if res.Config.Signature != jssdk.Signature(corp.Value, res.NonceStr, res.Timestamp, "https://h5.example.com/p?x=1") {
		t.Error("config is not signed with the corp ticket over the URL without its hash")
	}
	if res.Agent.Signature != jssdk.Signature(agent.Value, res.NonceStr, res.Timestamp, "https://h5.example.com/p?x=1") {
		t.Error("agentConfig is not signed with the app ticket")
	}
	for _, want := range []string{"ww.register({", "corpId: '" + sandbox.DefaultCorpID + "'", "agentId: 1000002", res.Config.Signature, res.Agent.Signature, "getAgentConfigSignature"} {
		if !strings.Contains(res.Register, want) {
			t.Errorf("register snippet lacks %q:\n%s", want, res.Register)
		}
	}
	only, err := r.e.Sign(ctx, "sandbox", "https://h5.example.com/", jssdk.KindAgent)
	if err != nil || only.Config != nil || only.Agent == nil || strings.Contains(only.Register, "getConfigSignature") {
		t.Fatalf("agent-only signing: %+v, %v", only, err)
	}
}

func TestURLsThatCannotBeSignedAreRefused(t *testing.T) {
	r := newRig(t)
	for _, u := range []string{"", "  ", "https://a.com/\r\nX-Evil: 1", "https://a.com/\x00", "https://a.com/" + strings.Repeat("a", MaxURL), "https://a.com/\xff"} {
		if _, err := r.e.Sign(context.Background(), "sandbox", u); !errors.Is(err, ErrURLInvalid) {
			t.Errorf("Sign(%.40q) error = %v, want ErrURLInvalid", u, err)
		}
	}
}

func TestTheSecretComesFromTheEnvironmentWhenSetAndIsNeverStored(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if _, err := r.e.profileStore.Add(ctx, profiles.Profile{Name: "ci", CorpID: sandbox.DefaultCorpID, AgentID: sandbox.DefaultAgentID, APIBase: r.base}); err != nil {
		t.Fatal(err)
	}
	p, _ := r.e.profileStore.Get(ctx, "ci")
	if st := r.e.SecretState(ctx, p); st != SecretMissing {
		t.Fatalf("state = %s, want missing", st)
	}
	if _, err := r.e.Sign(ctx, "ci", "https://h5.example.com/"); !errors.Is(err, secrets.ErrNotFound) || !strings.Contains(err.Error(), "wecomdev secret set ci") {
		t.Fatalf("without a secret: %v", err)
	}
	r.env[EnvCorpSecret] = r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	if st := r.e.SecretState(ctx, p); st != SecretEnv {
		t.Fatalf("state = %s, want env", st)
	}
	if _, err := r.e.Sign(ctx, "ci", "https://h5.example.com/"); err != nil {
		t.Fatal(err)
	}
	for _, v := range r.kc.Values() {
		if v == r.env[EnvCorpSecret] {
			t.Fatal("the environment's secret was written to the keychain")
		}
	}
}

func TestSecretsAreValidatedStoredMovedAndRemovedWithTheirProfile(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.addAcme(t)
	for _, bad := range []string{"", "has space", "中文secret", strings.Repeat("x", 300)} {
		if err := r.e.SetSecret(ctx, "acme", bad); !errors.Is(err, ErrSecretInvalid) {
			t.Errorf("SetSecret(%.20q) = %v, want ErrSecretInvalid", bad, err)
		}
	}
	if err := r.e.SetSecret(ctx, "sandbox", "x"); !errors.Is(err, profiles.ErrBuiltin) {
		t.Errorf("setting the sandbox's secret: %v", err)
	}
	if _, err := r.e.Sign(ctx, "acme", "https://h5.example.com/"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.UpdateProfile(ctx, "acme", profiles.Profile{Name: "acme2", CorpID: sandbox.DefaultCorpID, AgentID: sandbox.DefaultAgentID, APIBase: r.base}); err != nil {
		t.Fatal(err)
	}
	if v, err := r.e.RevealSecret(ctx, "acme2"); err != nil || v != r.sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID) {
		t.Fatalf("after the rename the secret is %v", err)
	}
	for _, k := range r.kc.Keys() {
		if strings.HasPrefix(k, "profile/acme/") {
			t.Errorf("the old name's item %s is still in the keychain", k)
		}
	}
	if err := r.e.RemoveProfile(ctx, "acme2"); err != nil {
		t.Fatal(err)
	}
	if keys := r.kc.Keys(); len(keys) != 0 {
		t.Fatalf("after removal the keychain holds %v", keys)
	}
}

func TestAKeychainThatDoesNotAnswerIsSaidPlainly(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if _, err := r.e.profileStore.Add(ctx, profiles.Profile{Name: "acme", CorpID: "ww1", AgentID: 1}); err != nil {
		t.Fatal(err)
	}
	r.kc.Fail = secrets.ErrUnavailable
	p, _ := r.e.profileStore.Get(ctx, "acme")
	if st := r.e.SecretState(ctx, p); st != SecretUnknown {
		t.Fatalf("state = %s, want unknown", st)
	}
	err := r.e.SetSecret(ctx, "acme", "abcdef123456")
	if !errors.Is(err, secrets.ErrUnavailable) {
		t.Fatalf("SetSecret with no keychain: %v", err)
	}
	if _, err := r.e.Sign(ctx, "acme", "https://h5.example.com/"); !errors.Is(err, secrets.ErrUnavailable) {
		t.Fatalf("Sign with no keychain: %v", err)
	}
}
