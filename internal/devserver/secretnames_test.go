package devserver

import (
	"encoding/json"
	"os"
	"testing"
)

// The same examples are checked by frontend/phone/src/reporter/netmask.test.ts against the
// reporter's reading of secretnames.json: both regexp engines must agree on them.
func TestSecretNameMasksTheSharedExamplesAndKeepsTheHarmlessOnes(t *testing.T) {
	b, err := os.ReadFile("testdata/secretnames-examples.json")
	if err != nil {
		t.Fatal(err)
	}
	var ex struct {
		Secret   []string `json:"secret"`
		Harmless []string `json:"harmless"`
	}
	if err := json.Unmarshal(b, &ex); err != nil {
		t.Fatal(err)
	}
	if len(ex.Secret) == 0 || len(ex.Harmless) == 0 {
		t.Fatal("testdata/secretnames-examples.json has no examples")
	}
	for _, n := range ex.Secret {
		if !secretName(n) {
			t.Errorf("secretName(%q) = false, want true (a credential's name)", n)
		}
	}
	for _, n := range ex.Harmless {
		if secretName(n) {
			t.Errorf("secretName(%q) = true, want false (a harmless name)", n)
		}
	}
}
