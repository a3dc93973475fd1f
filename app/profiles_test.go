package app

import (
	"context"
	"testing"

	"wecomdev/internal/engine"
	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
)

func TestResetSandboxGivesTheSandboxANewSecret(t *testing.T) {
	e, err := engine.Open(context.Background(), t.TempDir(), engine.Options{Keychain: secrets.NewMemory()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	sb, _, err := e.Sandbox()
	if err != nil {
		t.Fatal(err)
	}
	before := sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID)
	if err := NewProfilesService(e).ResetSandbox(); err != nil {
		t.Fatal(err)
	}
	if after := sb.Secret(sandbox.DefaultCorpID, sandbox.DefaultAgentID); after == "" || after == before {
		t.Fatal("the sandbox kept its secret: it was not reset")
	}
}
