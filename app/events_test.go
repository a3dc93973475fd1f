package app

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// The UI subscribes by the names in frontend/src/api/events.ts; a name that exists on one
// side only is an event nobody hears.
func TestEveryEventNameIsMirroredInTheFrontend(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "frontend", "src", "api", "events.ts"))
	if err != nil {
		t.Fatal(err)
	}
	ts := map[string]bool{}
	for _, m := range regexp.MustCompile(`['"]([a-z]+:[a-z:-]+)['"]`).FindAllStringSubmatch(string(src), -1) {
		ts[m[1]] = true
	}
	goSide := map[string]bool{}
	for _, name := range eventNames {
		goSide[name] = true
		if !ts[name] {
			t.Errorf("event %q is emitted by Go but missing from frontend/src/api/events.ts", name)
		}
	}
	for name := range ts {
		if !goSide[name] {
			t.Errorf("frontend/src/api/events.ts names %q, which Go never emits", name)
		}
	}
}
