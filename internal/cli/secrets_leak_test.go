package cli

import (
	"strings"
	"testing"
)

func TestProfileAddRefusesPlainHTTPToAHostThatIsNotLoopbackAndSaysHowToFixIt(t *testing.T) {
	r := newCLIRig(t)
	code, _, errOut := r.run(t, "", "profile", "add", "acme", "--corp-id", "ww1", "--agent-id", "1000002", "--api-base", "http://10.0.0.5")
	if code != ExitError || !strings.Contains(errOut, "plain http") || !strings.Contains(errOut, "use https://") {
		t.Fatalf("profile add --api-base http://10.0.0.5: code %d, stderr %q", code, errOut)
	}
	if _, out, _ := r.run(t, "", "profile", "list", "--json"); strings.Contains(out, "acme") {
		t.Fatalf("the refused profile was stored: %s", out)
	}
	if code, _, errOut := r.run(t, "", "profile", "add", "local", "--corp-id", "ww1", "--agent-id", "1000002", "--api-base", r.base); code != ExitOK {
		t.Fatalf("a loopback http API base (%s) was refused: %d %s", r.base, code, errOut)
	}
}
