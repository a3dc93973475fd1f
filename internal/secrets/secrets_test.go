package secrets

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// The unit tests talk to go-keyring's mock, which needs no session bus; the one test of
// the no-bus answer sets haveSessionBus itself. systemtest runs the real thing.
func TestMain(m *testing.M) {
	haveSessionBus = func() bool { return true }
	os.Exit(m.Run())
}

func TestWithoutASessionBusTheKeychainAnswersAtOnceAndCallsNothing(t *testing.T) {
	haveSessionBus = func() bool { return false }
	t.Cleanup(func() { haveSessionBus = func() bool { return true } })
	called := false
	err := NewKeyring().do(context.Background(), "read", "profile/a/corp-secret", func() error { called = true; return nil })
	if called {
		t.Fatal("go-keyring was called without a session bus (godbus would run dbus-launch)")
	}
	if !errors.Is(err, ErrNoSessionBus) || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("error = %v, want ErrNoSessionBus (and ErrUnavailable)", err)
	}
	for _, says := range []string{"no session bus", "dbus-run-session", "WECOMDEV_CORP_SECRET"} {
		if !strings.Contains(err.Error(), says) {
			t.Errorf("error %q does not say %q", err, says)
		}
	}
}

func TestKeyringRoundTripsAndDeletes(t *testing.T) {
	keyring.MockInit()
	k := NewKeyring()
	ctx := context.Background()
	if err := k.Set(ctx, "profile/a/corp-secret", "s3cret"); err != nil {
		t.Fatal(err)
	}
	if v, err := k.Get(ctx, "profile/a/corp-secret"); err != nil || v != "s3cret" {
		t.Fatalf("Get() = %q, %v", v, err)
	}
	if err := k.Delete(ctx, "profile/a/corp-secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(ctx, "profile/a/corp-secret"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after Delete, Get() error = %v, want ErrNotFound", err)
	}
	if err := k.Delete(ctx, "profile/a/corp-secret"); err != nil {
		t.Fatalf("deleting a missing item: %v, want nil", err)
	}
}

func TestAKeychainThatIsNotThereSaysHowToFixIt(t *testing.T) {
	keyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	_, err := NewKeyring().Get(context.Background(), "profile/a/corp-secret")
	if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrNotFound) {
		t.Fatalf("error = %v, want ErrUnavailable", err)
	}
	if !strings.Contains(err.Error(), "org.freedesktop.secrets") || !strings.Contains(err.Error(), Fix()) {
		t.Fatalf("error %q should carry the platform's words and the fix", err)
	}
	if err := Probe(context.Background(), NewKeyring()); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Probe() = %v, want ErrUnavailable", err)
	}
}

func TestAKeychainThatHangsTimesOut(t *testing.T) {
	k := &Keyring{Timeout: 50 * time.Millisecond}
	release := make(chan struct{})
	defer close(release)
	start := time.Now()
	err := k.do(context.Background(), "read", "profile/a/corp-secret", func() error { <-release; return nil })
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("error = %v, want ErrTimeout (and ErrUnavailable)", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v to give up", d)
	}
}

func TestTooLargeValuesAreNamed(t *testing.T) {
	err := classify("write", "k", keyring.ErrSetDataTooBig)
	if !errors.Is(err, ErrTooBig) {
		t.Fatalf("error = %v, want ErrTooBig", err)
	}
}

func TestErrorsNeverCarryTheValue(t *testing.T) {
	m := NewMemory()
	m.Fail = ErrUnavailable
	err := m.Set(context.Background(), "profile/a/corp-secret", "VALUE-THAT-MUST-NOT-LEAK")
	if err == nil || strings.Contains(err.Error(), "VALUE-THAT-MUST-NOT-LEAK") {
		t.Fatalf("error = %v", err)
	}
}

func TestProbeCallsAnEmptyKeychainAvailable(t *testing.T) {
	if err := Probe(context.Background(), NewMemory()); err != nil {
		t.Fatalf("Probe(empty memory) = %v, want nil", err)
	}
}
