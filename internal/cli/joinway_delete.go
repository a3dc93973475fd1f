package cli

import (
	"context"
	"fmt"

	"wecomdev/internal/joinway"
)

func runJWDelete(env Env, args []string) int {
	const cmd = "joinway delete"
	return jwSpec{cmd: cmd, usage: jwDeleteUsage, arg: true, wrong: "give the profile NAME and the CONFIG_ID"}.run(env, args, func(ctx context.Context, j *joinway.Service, l jwLine) int {
		profile := l.profile
		if err := j.Delete(ctx, l.arg); err != nil {
			return jwFail(env, cmd, profile, err)
		}
		fmt.Fprintf(env.Stdout, "deleted join way %s at WeCom and from the registry; its QR code leads nowhere now\n", l.arg)
		return ExitOK
	})
}
