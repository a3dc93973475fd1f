// Package systemtest checks internal/secrets against the real OS keychain. It lives apart
// from the unit tests because go-keyring's mock replaces the provider for a whole test binary.
package systemtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/secrets"
)

// requireKeychain skips when there is no session keychain, unless the run demands one
// (make test runs the Go tests inside scripts/with-desktop.sh with WECOMDEV_REQUIRE_KEYCHAIN=1).
func requireKeychain(t *testing.T) *secrets.Keyring {
	t.Helper()
	k := secrets.NewKeyring()
	if err := secrets.Probe(context.Background(), k); err != nil {
		if os.Getenv("WECOMDEV_REQUIRE_KEYCHAIN") == "1" {
			t.Fatalf("WECOMDEV_REQUIRE_KEYCHAIN=1 but the keychain does not answer: %v", err)
		}
		t.Skipf("no OS keychain in this session (%v); make test runs this inside scripts/with-desktop.sh", err)
	}
	return k
}

func TestTheRealKeychainStoresReadsAndDeletes(t *testing.T) {
	k := requireKeychain(t)
	ctx := context.Background()
	key := fmt.Sprintf("profile/systemtest-%d/corp-secret", time.Now().UnixNano())
	value := fmt.Sprintf("secret-%d-测试", time.Now().UnixNano())
	t.Cleanup(func() { _ = k.Delete(ctx, key) })

	if err := k.Set(ctx, key, value); err != nil {
		t.Fatal(err)
	}
	got, err := k.Get(ctx, key)
	if err != nil || got != value {
		t.Fatalf("Get() = %q, %v; want the stored value", got, err)
	}

	// An independent client sees the same item in the Secret Service.
	if runtime.GOOS == "linux" {
		if _, err := exec.LookPath("secret-tool"); err == nil {
			out, err := exec.Command("secret-tool", "lookup", "service", secrets.Service, "username", key).Output()
			if err != nil || strings.TrimSpace(string(out)) != value {
				t.Fatalf("secret-tool lookup = %q, %v; want the stored value", out, err)
			}
		}
	}

	if err := k.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(ctx, key); !errors.Is(err, secrets.ErrNotFound) {
		t.Fatalf("after Delete: %v, want ErrNotFound", err)
	}
}
