package app

import (
	"context"
	"testing"

	"wecomdev/internal/secrets"
	"wecomdev/internal/wecom/sandbox"
	"wecomdev/internal/workspace"
)

func TestResetSandboxGivesTheSandboxANewSecret(t *testing.T) {
	e, err := workspace.Open(context.Background(), t.TempDir(), workspace.Options{Keychain: secrets.NewMemory()})
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
