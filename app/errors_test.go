package app

import (
	"fmt"
	"testing"

	"wecomdev/internal/wecom"
)

func TestAStoredProfileWhoseAPIBaseTheClientRefusesIsCodedAsAnInvalidProfile(t *testing.T) {
	_, err := wecom.New("http://10.0.0.5")
	if err == nil {
		t.Fatal("wecom.New accepted plain http to a LAN host")
	}
	if got := Code(fmt.Errorf("profile %q: %w", "acme", err)); got != CodeProfileInvalid {
		t.Fatalf("Code() = %s, want %s", got, CodeProfileInvalid)
	}
}
