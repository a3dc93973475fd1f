package workspace

import (
	"fmt"
	"time"

	"wecomdev/internal/wecom/sandbox"
)

// Environment variables that shorten the built-in sandbox's validities, so a developer (or a
// window check) sees a ticket run out — the Tickets area's amber and red time left — in
// seconds instead of two hours. Real WeCom gives 7200 s for both (gettoken: doc 91039;
// jsapi_ticket: "有效期为 7200 秒", doc 90506); only the sandbox reads these.
const (
	EnvSandboxTicketTTL = "WECOMDEV_SANDBOX_TICKET_TTL"
	EnvSandboxTokenTTL  = "WECOMDEV_SANDBOX_TOKEN_TTL"
)

// maxSandboxTTL is WeCom's own validity of a token and a ticket (expires_in 7200): the
// knobs only shorten it.
const maxSandboxTTL = 7200 * time.Second

// sandboxOptions are the built-in sandbox's options with the TTLs the environment asks for;
// an unset variable keeps the sandbox's default (7200 s).
func sandboxOptions(getenv func(string) string) (sandbox.Options, error) {
	var opts sandbox.Options
	for _, v := range []struct {
		name string
		into *time.Duration
	}{{EnvSandboxTicketTTL, &opts.TicketTTL}, {EnvSandboxTokenTTL, &opts.TokenTTL}} {
		raw := getenv(v.name)
		if raw == "" {
			continue
		}
		d, err := time.ParseDuration(raw)
		if err != nil || d < time.Second || d > maxSandboxTTL {
			return sandbox.Options{}, fmt.Errorf("%s=%q is not a validity the sandbox can use: give a duration from 1s to 2h, like 125s (or unset it for WeCom's 7200 s)", v.name, raw)
		}
		*v.into = d
	}
	return opts, nil
}
