package cli

import (
	"context"

	"wecomdev/internal/joinway"
)

func runJWGet(env Env, args []string) int {
	const cmd = "joinway get"
	return jwSpec{cmd: cmd, usage: jwGetUsage, arg: true, json: true, wrong: "give the profile NAME and the CONFIG_ID"}.run(env, args, func(ctx context.Context, j *joinway.Service, l jwLine) int {
		profile := l.profile
		e, err := j.Read(ctx, l.arg)
		if err != nil {
			return jwFail(env, cmd, profile, err)
		}
		if l.asJSON {
			return writeJSON(env, toEntryJSON(e))
		}
		printCode(env, e, "read from WeCom")
		return ExitOK
	})
}
