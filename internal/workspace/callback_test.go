package workspace

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"wecomdev/internal/callback"
	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
)

func testCallbackKeys() callback.Keys {
	return callback.Keys{Token: callback.GenerateToken(), EncodingAESKey: callback.GenerateAESKey()}
}

func TestCallbackKeysAreStoredAsOneKeychainItemAndReadBack(t *testing.T) {
	r := newRig(t)
	r.addAcme(t)
	ctx := context.Background()
	p, _ := r.e.Profile(ctx, "acme")
	if st := r.e.CallbackKeysState(ctx, p); st != CallbackKeysMissing {
		t.Fatalf("state before %q", st)
	}
	if _, err := r.e.CallbackKeys(ctx, "acme"); !errors.Is(err, ErrNoCallbackKeys) || !strings.Contains(err.Error(), "wecomdev callback set acme") {
		t.Fatalf("before set: %v", err)
	}
	k := testCallbackKeys()
	if err := r.e.SetCallbackKeys(ctx, "acme", callback.Keys{Token: " " + k.Token + "\n", EncodingAESKey: k.EncodingAESKey + "\r\n"}); err != nil {
		t.Fatal(err)
	}
	got, err := r.e.CallbackKeys(ctx, "acme")
	if err != nil || got != k {
		t.Fatalf("read back %v, %v", got, err)
	}
	if !contains(r.kc.Keys(), "profile/acme/callback-keys") {
		t.Fatalf("keychain items %v", r.kc.Keys())
	}
	if st := r.e.CallbackKeysState(ctx, p); st != CallbackKeysStored {
		t.Fatalf("state %q", st)
	}
	c, err := r.e.CallbackCrypter(ctx, "acme")
	if err != nil || c.ReceiveID() != p.CorpID {
		t.Fatalf("crypter %v, receiveid %q", err, c.ReceiveID())
	}
	if err := r.e.DeleteCallbackKeys(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	if st := r.e.CallbackKeysState(ctx, p); st != CallbackKeysMissing {
		t.Fatalf("state after delete %q", st)
	}
}

func TestBadCallbackKeysAreRefusedAndNotStored(t *testing.T) {
	r := newRig(t)
	r.addAcme(t)
	ctx := context.Background()
	for _, k := range []callback.Keys{
		{Token: "", EncodingAESKey: callback.GenerateAESKey()},
		{Token: "has space", EncodingAESKey: callback.GenerateAESKey()},
		{Token: "tok", EncodingAESKey: callback.GenerateAESKey()[:42]},
		{Token: "tok", EncodingAESKey: "=" + callback.GenerateAESKey()[1:]},
	} {
		err := r.e.SetCallbackKeys(ctx, "acme", k)
		if !errors.Is(err, ErrSecretInvalid) {
			t.Fatalf("%v: %v", k, err)
		}
		if k.EncodingAESKey != "" && strings.Contains(err.Error(), k.EncodingAESKey) || k.Token != "" && strings.Contains(err.Error(), k.Token) {
			t.Fatalf("the error quotes a value: %v", err)
		}
	}
	if contains(r.kc.Keys(), "profile/acme/callback-keys") {
		t.Fatal("a refused pair was stored")
	}
	if err := r.e.SetCallbackKeys(ctx, "acme", callback.Keys{Token: "t", EncodingAESKey: "x"}); !errors.Is(err, callback.ErrKeyLength) {
		t.Fatalf("a short key is not ErrKeyLength: %v", err)
	}
}

func TestTheCallbackEnvironmentVariablesStandInForOneRun(t *testing.T) {
	r := newRig(t)
	r.addAcme(t)
	ctx := context.Background()
	p, _ := r.e.Profile(ctx, "acme")
	env := testCallbackKeys()

	r.env[EnvCallbackToken] = env.Token
	if _, err := r.e.CallbackKeys(ctx, "acme"); !errors.Is(err, ErrNoCallbackKeys) || !strings.Contains(err.Error(), EnvCallbackAESKey) {
		t.Fatalf("only one variable and nothing stored: %v", err)
	}
	r.env[EnvCallbackAESKey] = env.EncodingAESKey
	got, err := r.e.CallbackKeys(ctx, "acme")
	if err != nil || got != env {
		t.Fatalf("%v %v", got, err)
	}
	if st := r.e.CallbackKeysState(ctx, p); st != CallbackKeysEnv {
		t.Fatalf("state %q", st)
	}
	if len(r.kc.Keys()) != 1 { // acme's corp secret only: the variables are never stored
		t.Fatalf("keychain %v", r.kc.Keys())
	}

	stored := testCallbackKeys()
	if err := r.e.SetCallbackKeys(ctx, "acme", stored); err != nil {
		t.Fatal(err)
	}
	delete(r.env, EnvCallbackAESKey)
	got, err = r.e.CallbackKeys(ctx, "acme")
	if err != nil || got.Token != env.Token || got.EncodingAESKey != stored.EncodingAESKey {
		t.Fatalf("the token variable over the stored key: %v %v", got, err)
	}
	r.env[EnvCallbackAESKey] = "short"
	if _, err := r.e.CallbackKeys(ctx, "acme"); !errors.Is(err, callback.ErrKeyLength) || !strings.Contains(err.Error(), EnvCallbackAESKey) {
		t.Fatalf("a bad variable: %v", err)
	}
}

func TestRenamingAProfileMovesItsCallbackKeysAndRemovingItDeletesThem(t *testing.T) {
	r := newRig(t)
	r.addAcme(t)
	ctx := context.Background()
	k := testCallbackKeys()
	if err := r.e.SetCallbackKeys(ctx, "acme", k); err != nil {
		t.Fatal(err)
	}
	p, _ := r.e.Profile(ctx, "acme")
	p.Name = "acme2"
	if _, err := r.e.UpdateProfile(ctx, "acme", p); err != nil {
		t.Fatal(err)
	}
	if got, err := r.e.CallbackKeys(ctx, "acme2"); err != nil || got != k {
		t.Fatalf("after rename: %v %v", got, err)
	}
	if contains(r.kc.Keys(), "profile/acme/callback-keys") {
		t.Fatal("the old item stayed")
	}
	if err := r.e.RemoveProfile(ctx, "acme2"); err != nil {
		t.Fatal(err)
	}
	for _, key := range r.kc.Keys() {
		if strings.HasPrefix(key, "profile/acme") {
			t.Fatalf("left behind: %v", r.kc.Keys())
		}
	}
}

func TestCallbackKeysReachNoFileInTheDataDirectory(t *testing.T) {
	r := newRig(t)
	r.addAcme(t)
	ctx := context.Background()
	k := testCallbackKeys()
	if err := r.e.SetCallbackKeys(ctx, "acme", k); err != nil {
		t.Fatal(err)
	}
	if _, err := r.e.CallbackCrypter(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(r.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(k.Token)) || bytes.Contains(b, []byte(k.EncodingAESKey)) {
			t.Errorf("%s holds a callback key", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCallbackKeysGoToTheRealKeychain runs against the OS keychain (make test runs it inside
// scripts/with-desktop.sh with WECOMDEV_REQUIRE_KEYCHAIN=1; elsewhere it is skipped without one).
func TestCallbackKeysGoToTheRealKeychain(t *testing.T) {
	k := secrets.NewKeyring()
	ctx := context.Background()
	if err := secrets.Probe(ctx, k); err != nil {
		if os.Getenv("WECOMDEV_REQUIRE_KEYCHAIN") == "1" {
			t.Fatalf("WECOMDEV_REQUIRE_KEYCHAIN=1 but the keychain does not answer: %v", err)
		}
		t.Skipf("no OS keychain in this session (%v); make test runs this inside scripts/with-desktop.sh", err)
	}
	dir := t.TempDir()
	e, err := Open(ctx, dir, Options{Keychain: k, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	name := fmt.Sprintf("cbtest%d", time.Now().UnixNano())
	if _, err := e.AddProfile(ctx, profiles.Profile{Name: name, CorpID: "ww0000000000000001", AgentID: 1000002, APIBase: "https://qyapi.weixin.qq.com"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = k.Delete(ctx, callbackItemKey(name)) })
	keys := testCallbackKeys()
	if err := e.SetCallbackKeys(ctx, name, keys); err != nil {
		t.Fatal(err)
	}
	if got, err := e.CallbackKeys(ctx, name); err != nil || got != keys {
		t.Fatalf("read back: %v %v", got, err)
	}
	if runtime.GOOS == "linux" {
		if _, err := exec.LookPath("secret-tool"); err == nil {
			out, err := exec.Command("secret-tool", "lookup", "service", secrets.Service, "username", callbackItemKey(name)).Output()
			if err != nil || !strings.Contains(string(out), keys.EncodingAESKey) {
				t.Fatalf("secret-tool does not see the item: %v", err)
			}
		}
	}
	if err := e.RemoveProfile(ctx, name); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(ctx, callbackItemKey(name)); !errors.Is(err, secrets.ErrNotFound) {
		t.Fatalf("after remove: %v", err)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
