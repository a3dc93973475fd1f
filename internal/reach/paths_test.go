package reach_test

import (
	"testing"

	"wecomdev/internal/devserver"
	"wecomdev/internal/reach"
)

func TestTheSnippetsPathsAreTheDevServersEndpoints(t *testing.T) {
	if reach.PathConfigSignature != devserver.PathConfigSignature || reach.PathAgentSignature != devserver.PathAgentSignature {
		t.Fatalf("reach signs at %s and %s, the dev server at %s and %s",
			reach.PathConfigSignature, reach.PathAgentSignature, devserver.PathConfigSignature, devserver.PathAgentSignature)
	}
}
