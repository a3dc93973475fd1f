package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"wecomdev/internal/joinway"
)

func runJWForget(env Env, args []string) int {
	const cmd = "joinway forget"
	return jwSpec{cmd: cmd, usage: jwForgetUsage, arg: true,
		wrong: "give the profile NAME and the registry ID (the first column of `wecomdev joinway list NAME`) or a config_id"}.run(env, args, func(ctx context.Context, j *joinway.Service, l jwLine) int {
		profile := l.profile
		var e joinway.Entry
		var err error
		if id, perr := strconv.ParseInt(l.arg, 10, 64); perr == nil {
			e, err = j.Entry(ctx, id)
		} else {
			e, err = j.ByConfigID(ctx, l.arg)
		}
		if errors.Is(err, joinway.ErrNotFound) {
			err = fmt.Errorf("%q: %w (give an ID from the first column of the list, or a config_id)", l.arg, err)
		}
		if err == nil {
			err = j.Forget(ctx, e.ID)
		}
		if err != nil {
			return jwFail(env, cmd, profile, err)
		}
		fmt.Fprintf(env.Stdout, "forgot registry row %d (state %q, %s); WeCom was not called\n", e.ID, e.Config.State, e.Status)
		switch {
		case e.ConfigID != "":
			fmt.Fprintf(env.Stdout, "If WeCom still has config %s, it keeps working; to delete it there: wecomdev joinway delete %s %s\n", e.ConfigID, profile, e.ConfigID)
		case e.Status == joinway.StatusPending || e.Status == joinway.StatusAbandoned:
			fmt.Fprintln(env.Stdout, "If its add_join_way made a config at WeCom, that config stays there: its config_id was never known.")
		}
		return ExitOK
	})
}
