package workspace

import (
	"context"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
	"wecomdev/internal/tickets"
)

// openWithEnv opens a workspace whose built-in sandbox is started from the given environment.
func openWithEnv(t *testing.T, env map[string]string) *Workspace {
	t.Helper()
	e, err := Open(context.Background(), t.TempDir(), Options{Keychain: secrets.NewMemory(), Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestTheBuiltInSandboxGivesTicketsAndTokensTheValidityTheEnvironmentAsks(t *testing.T) {
	ctx := context.Background()
	e := openWithEnv(t, map[string]string{EnvSandboxTicketTTL: "125s", EnvSandboxTokenTTL: "10m"})
	if err := e.FetchTickets(ctx, profiles.SandboxName); err != nil {
		t.Fatal(err)
	}
	st, err := e.TicketStatus(ctx, profiles.SandboxName)
	if err != nil {
		t.Fatal(err)
	}
	want := map[tickets.Kind]time.Duration{tickets.KindToken: 10 * time.Minute, tickets.KindCorp: 125 * time.Second, tickets.KindAgent: 125 * time.Second}
	for _, c := range st.Credentials {
		got := time.Duration(c.ExpiresAt-c.FetchedAt) * time.Millisecond
		if d := got - want[c.Kind]; d < -2*time.Second || d > 2*time.Second {
			t.Errorf("%s lives %s, want %s", c.Kind, got, want[c.Kind])
		}
	}
}

func TestTheBuiltInSandboxKeepsWeComsTwoHoursWithoutTheVariables(t *testing.T) {
	opts, err := sandboxOptions(func(string) string { return "" })
	if err != nil || opts.TicketTTL != 0 || opts.TokenTTL != 0 {
		t.Fatalf("options %+v, %v: want the sandbox's defaults (7200 s)", opts, err)
	}
}

func TestABadSandboxValidityIsRefusedNamingTheVariable(t *testing.T) {
	for _, v := range []string{"90", "0s", "-5s", "3h", "soon"} {
		e := openWithEnv(t, map[string]string{EnvSandboxTicketTTL: v})
		_, _, err := e.Sandbox()
		if err == nil || !strings.Contains(err.Error(), EnvSandboxTicketTTL) || !strings.Contains(err.Error(), "like 125s") {
			t.Errorf("%s=%q: %v, want an error that names the variable and an example", EnvSandboxTicketTTL, v, err)
		}
	}
}
