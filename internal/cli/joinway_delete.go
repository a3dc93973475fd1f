package cli

import (
	"context"
	"fmt"

	"wecomdev/internal/joinway"
)

func runJWDelete(env Env, args []string) int {
	const cmd = "joinway delete"
	fs := newFlags(env, cmd, jwDeleteUsage)
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) != 2 || pos[1] == "" {
		return usageError(env, cmd, jwDeleteUsage, "give the profile NAME and the CONFIG_ID")
	}
	profile := pos[0]
	return runJoinWays(env, cmd, profile, func(ctx context.Context, j *joinway.Service) int {
		if err := j.Delete(ctx, pos[1]); err != nil {
			return jwFail(env, cmd, profile, err)
		}
		fmt.Fprintf(env.Stdout, "deleted join way %s at WeCom and from the registry; its QR code leads nowhere now\n", pos[1])
		return ExitOK
	})
}
