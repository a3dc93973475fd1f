package workspace

import (
	"context"
	"testing"
	"time"

	"wecomdev/internal/jssdk"
	"wecomdev/internal/secrets"
	"wecomdev/internal/tickets"
)

// BenchmarkSignWarmCache is the dev server's hot path: the cached corp ticket, a nonce,
// a timestamp and the signature. Compare with jssdk's BenchmarkBaselineSHA1 (scripts/bench.sh).
func BenchmarkSignWarmCache(b *testing.B) {
	e, err := Open(context.Background(), b.TempDir(), Options{Keychain: secrets.NewMemory()})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	t, _, err := e.Target(ctx, "sandbox")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := e.ticketCache.Get(ctx, t, tickets.KindCorp); err != nil {
		b.Fatal(err)
	}
	const url = "https://h5.example.com/customer/detail?id=10086&from=singlemessage"
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := e.ticketCache.Get(ctx, t, tickets.KindCorp)
		if err != nil {
			b.Fatal(err)
		}
		_ = jssdk.Signature(c.Value, jssdk.NewNonce(), jssdk.Timestamp(time.Now()), url)
	}
}

// BenchmarkWorkspaceSign is the whole Sign the GUI and CLI call: profile lookup, both tickets
// from the cache, and both breakdowns with their warnings.
func BenchmarkWorkspaceSign(b *testing.B) {
	e, err := Open(context.Background(), b.TempDir(), Options{Keychain: secrets.NewMemory()})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	const url = "https://h5.example.com/customer/detail?id=10086&from=singlemessage"
	if _, err := e.Sign(ctx, "sandbox", url); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.Sign(ctx, "sandbox", url); err != nil {
			b.Fatal(err)
		}
	}
}
