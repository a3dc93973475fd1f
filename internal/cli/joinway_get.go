package cli

import (
	"context"

	"wecomdev/internal/joinway"
)

func runJWGet(env Env, args []string) int {
	const cmd = "joinway get"
	fs := newFlags(env, cmd, jwGetUsage)
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) != 2 || pos[1] == "" {
		return usageError(env, cmd, jwGetUsage, "give the profile NAME and the CONFIG_ID")
	}
	profile := pos[0]
	return runJoinWays(env, cmd, profile, func(ctx context.Context, j *joinway.Service) int {
		e, err := j.Read(ctx, pos[1])
		if err != nil {
			return jwFail(env, cmd, profile, err)
		}
		if *asJSON {
			return writeJSON(env, toEntryJSON(e))
		}
		printCode(env, e, "read from WeCom")
		return ExitOK
	})
}
