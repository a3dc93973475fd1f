package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"wecomdev/internal/secrets"
)

// profile remove with a keychain that does not answer says which items stayed and how to
// get a keychain once, not once per item (issue 15).
func TestProfileRemoveWithoutAKeychainPrintsItsFixOnce(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		fix  string
	}{
		{"no keychain service", secrets.ErrUnavailable, secrets.Fix()},
		{"no session bus", secrets.ErrNoSessionBus, "dbus-run-session"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newCLIRig(t)
			addAcme(t, r)
			r.kc.Fail = tt.err
			code, out, errOut := r.run(t, "", "profile", "remove", "acme")
			if code != ExitError || out != "" {
				t.Fatalf("code %d, stdout %q", code, out)
			}
			if n := strings.Count(errOut, tt.fix); n != 1 {
				t.Errorf("the fix %d times:\n%s", n, errOut)
			}
			for _, key := range []string{"profile/acme/corp-secret", "profile/acme/cache/token", "profile/acme/cache/corp", "profile/acme/cache/agent"} {
				if !strings.Contains(errOut, `"`+key+`"`) {
					t.Errorf("%s is not named:\n%s", key, errOut)
				}
			}
			if !strings.HasPrefix(errOut, "wecomdev profile remove: profile removed; ") {
				t.Errorf("stderr:\n%s", errOut)
			}
		})
	}
}

// Only keychain errors that are one failure are shortened; any other error prints whole.
func TestOnlyAlikeKeychainFailuresAreShortened(t *testing.T) {
	a := &secrets.Error{Op: "delete", Key: "profile/a/x", Err: secrets.ErrUnavailable}
	b := &secrets.Error{Op: "delete", Key: "profile/a/y", Err: secrets.ErrUnavailable}
	timeout := &secrets.Error{Op: "delete", Key: "profile/a/y", Err: secrets.ErrTimeout}
	for _, tt := range []struct {
		name string
		err  error
		ok   bool
	}{
		{"two alike", fmt.Errorf("removed: %w", errors.Join(a, errors.Join(b))), true},
		{"one", fmt.Errorf("removed: %w", a), false},
		{"two unlike", errors.Join(a, timeout), false},
		{"with another error", errors.Join(a, b, errors.New("disk full")), false},
	} {
		msg, ok := sameKeychainFailures(tt.err)
		if ok != tt.ok || ok && strings.Count(msg, secrets.Fix()) != 1 {
			t.Errorf("%s: %v %q", tt.name, ok, msg)
		}
	}
}
