package workspace

import (
	"context"
	"sync"
	"testing"
	"time"

	"wecomdev/internal/diagnose"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
)

// openDefault opens the workspace as a process does: no sandbox injected, so the sandbox
// WeCom keeps its state in the data directory's database.
func openDefault(t *testing.T, dir string, kc secrets.Store) *Workspace {
	t.Helper()
	e, err := Open(context.Background(), dir, Options{Keychain: kc})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// corpVerdict is the verdict of eng's forensics on the corp signature of signed for page.
func corpVerdict(t *testing.T, eng *Workspace, page string, signed SignResult) string {
	t.Helper()
	v, err := eng.Forensics(context.Background(), profiles.SandboxName, diagnose.ForensicsInput{
		PageURL: page, Signature: signed.Config.Signature, Timestamp: signed.Timestamp, NonceStr: signed.NonceStr, Failed: jssdk.KindCorp,
	})
	if err != nil {
		t.Fatal(err)
	}
	return v.Code
}

func TestOpeningTheEngineDoesNotStartOrReadTheSandbox(t *testing.T) {
	e := openDefault(t, t.TempDir(), secrets.NewMemory())
	if e.sandbox != nil {
		t.Fatal("Open made the sandbox; it must wait for the first sandbox call")
	}
	var n int
	if err := e.db.QueryRow(`SELECT COUNT(*) FROM sandbox_state`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("sandbox_state rows after Open = %d (%v), want 0", n, err)
	}
}

func TestASignatureMadeByOneEngineIsRecognisedByASecondOnTheSameDataDirectory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first, second := openDefault(t, dir, secrets.NewMemory()), openDefault(t, dir, secrets.NewMemory())
	page := "https://h5.example.com/app/index.html?from=menu"
	signed, err := first.Sign(ctx, profiles.SandboxName, page, jssdk.KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	if code := corpVerdict(t, second, page, signed); code != diagnose.VerdictOK {
		t.Fatalf("verdict %s, want OK: the second engine must meet the first one's ticket", code)
	}

	// The hour's budget counts both engines' fetches, as the sandbox WeCom does.
	tgt, _, err := second.Target(ctx, profiles.SandboxName)
	if err != nil {
		t.Fatal(err)
	}
	b, err := second.ticketCache.Budget(ctx, tgt)
	if err != nil {
		t.Fatal(err)
	}
	sb, _, _ := second.Sandbox()
	corp, app := sb.TicketFetches(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	if b.Corp.Used != corp || b.App.Used != app || corp != 3 {
		t.Fatalf("budget shows %d corp / %d app, the sandbox counted %d / %d (want 3: sign's corp, diagnose's corp and app)",
			b.Corp.Used, b.App.Used, corp, app)
	}
}

func TestResetSandboxForgetsTheTicketsAndTheConsolesRecordsOfTheOldSandbox(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e := openDefault(t, dir, secrets.NewMemory())
	page := "https://h5.example.com/"
	signed, err := e.Sign(ctx, profiles.SandboxName, page, jssdk.KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO join_ways(profile, corp_id, agent_id, config_id, status, scene, chat_ids, intent_at) VALUES ('sandbox', 'c', 1, 'x', 'ready', 2, '[]', 1)`,
		`INSERT INTO join_ways(profile, corp_id, agent_id, config_id, status, scene, chat_ids, intent_at) VALUES ('acme', 'c', 1, 'y', 'ready', 2, '[]', 1)`,
		`INSERT INTO join_pool(profile, chat_id, added_at) VALUES ('sandbox', 'wr1', 1)`,
		`INSERT INTO join_pool_settings(profile, threshold) VALUES ('sandbox', 3)`,
		`INSERT INTO chat_labels(chat_id, label, profile, created_at) VALUES ('wr2', 'order-1', 'sandbox', 1)`,
	} {
		if _, err := e.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}

	if err := e.ResetSandbox(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q    string
		want int
	}{
		{`SELECT COUNT(*) FROM join_ways WHERE profile = 'sandbox'`, 0},
		{`SELECT COUNT(*) FROM join_ways WHERE profile = 'acme'`, 1},
		{`SELECT COUNT(*) FROM join_pool`, 0},
		{`SELECT COUNT(*) FROM join_pool_settings`, 1},
		{`SELECT COUNT(*) FROM chat_labels`, 0},
		{`SELECT COUNT(*) FROM ticket_fetches`, 0},
	} {
		var n int
		if err := e.db.QueryRow(c.q).Scan(&n); err != nil || n != c.want {
			t.Errorf("%s = %d (%v), want %d", c.q, n, err, c.want)
		}
	}
	// In this engine and in a fresh one, the old signature is made by no ticket there is.
	for i, eng := range []*Workspace{e, openDefault(t, dir, secrets.NewMemory())} {
		if code := corpVerdict(t, eng, page, signed); code != diagnose.VerdictUnknownTicket {
			t.Errorf("engine %d: verdict %s after the reset, want UNKNOWN_TICKET", i+1, code)
		}
	}
}

func TestAnEngineNoticesWithinASecondThatAnotherResetTheSandbox(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first, second := openDefault(t, dir, secrets.NewMemory()), openDefault(t, dir, secrets.NewMemory())
	var mu sync.Mutex
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	first.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	page := "https://h5.example.com/app/"
	before, err := first.Sign(ctx, profiles.SandboxName, page, jssdk.KindCorp)
	if err != nil {
		t.Fatal(err)
	}

	if err := second.ResetSandbox(ctx); err != nil {
		t.Fatal(err)
	}
	// Within the second the first engine does not look (no database read per signature)…
	same, err := first.Sign(ctx, profiles.SandboxName, page, jssdk.KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	if same.Config.TicketMasked != before.Config.TicketMasked {
		t.Fatal("the first engine read the generation again within the second")
	}
	// …and then it does: its next signature uses a ticket of the new sandbox.
	advance(generationEvery)
	after, err := first.Sign(ctx, profiles.SandboxName, page, jssdk.KindCorp)
	if err != nil {
		t.Fatal(err)
	}
	if after.Config.TicketMasked == before.Config.TicketMasked {
		t.Fatal("the first engine still signs with the ticket of the sandbox before the reset")
	}
	if code := corpVerdict(t, second, page, after); code != diagnose.VerdictOK {
		t.Fatalf("the second engine's verdict on the first's new signature: %s, want OK", code)
	}
}
