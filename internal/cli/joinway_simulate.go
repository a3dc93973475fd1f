package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"wecomdev/internal/joinway"
	"wecomdev/internal/workspace"
)

// joinedNote is the list's note of a row's joins: "joined by <external_userid> at <time>".
func joinedNote(joins []joinway.Join) string {
	j := joins[0]
	note := fmt.Sprintf("joined by %s at %s", j.ExternalUserID, j.JoinedAt.Format(time.DateTime))
	if len(joins) > 1 {
		note += fmt.Sprintf(" (+%d more)", len(joins)-1)
	}
	return note
}

func runJWSimulateJoin(env Env, args []string) int {
	const cmd = "joinway simulate-join"
	fs := newFlags(env, cmd, jwSimulateUsage)
	state := fs.String("state", "", "the state of the registry's join way to scan")
	customer := fs.String("customer", "", "the customer's external_userid (default: a new customer)")
	target := fs.String("url", "", "the callback URL (default "+workspace.DefaultCallbackURL+", the dev server's)")
	twice := fs.Bool("twice", false, "deliver the event twice, as WeCom does when it lost the answer")
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	if len(pos) != 1 || *state == "" {
		return usageError(env, cmd, jwSimulateUsage, "give the sandbox profile NAME and --state S")
	}
	return withWorkspace(env, cmd, func(ctx context.Context, e *workspace.Workspace) int {
		res, err := e.SimulateJoin(ctx, workspace.SimulateJoinOptions{Profile: pos[0], State: *state, Customer: *customer, URL: *target, Twice: *twice})
		if err != nil {
			if errors.Is(err, joinway.ErrNotFound) {
				fmt.Fprintf(env.Stderr, "wecomdev %s: %v\n", cmd, err)
				return ExitError
			}
			return fail(env, cmd, err)
		}
		if *asJSON {
			return writeJSON(env, res)
		}
		if !res.Joined {
			fmt.Fprintf(env.Stdout, "%s is in %s already: no change, so no event\n", res.ExternalUserID, res.ChatID)
			return ExitOK
		}
		fmt.Fprintf(env.Stdout, "%s scanned join way %d (config %s) and joined %s\n", res.ExternalUserID, res.JoinWayID, res.ConfigID, res.ChatID)
		if res.CallbackError != "" {
			fmt.Fprintf(env.Stdout, "no callback sent: %s\n", res.CallbackError)
			return ExitOK
		}
		for _, d := range res.Deliveries {
			outcome := fmt.Sprintf("HTTP %d %q", d.Status, d.Answer)
			if d.Error != "" {
				outcome = d.Error
			}
			fmt.Fprintf(env.Stdout, "  delivery %d to %s: %s (%d ms)\n", d.Attempt, res.URL, outcome, d.DurationMS)
		}
		if !res.Delivered {
			fmt.Fprintln(env.Stdout, "the callback URL never answered \"success\": is `wecomdev serve` running with this profile's callback keys?")
			return ExitError
		}
		return ExitOK
	})
}
