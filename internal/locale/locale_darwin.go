//go:build darwin

package locale

import (
	"context"
	"os/exec"
	"strings"
	"time"
)

// systemTag prefers the environment (a terminal may set LANG), then the user's
// first preferred language from the macOS defaults.
func systemTag() string {
	if t := envTag(); t != "" {
		return t
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "defaults", "read", "-g", "AppleLanguages").Output()
	if err != nil {
		return ""
	}
	// The output is a plist array: ( "zh-Hans-CN", "en-US" )
	for _, f := range strings.FieldsFunc(string(out), func(r rune) bool {
		return r == '(' || r == ')' || r == ',' || r == '"' || r == '\n' || r == ' '
	}) {
		return f
	}
	return ""
}
