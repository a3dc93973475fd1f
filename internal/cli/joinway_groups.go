package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"wecomdev/internal/joinway"
	"wecomdev/internal/wecom"
)

var ownerStatus = map[int]string{0: "normal", 1: "owner resigned", 2: "being inherited", 3: "inherited"}

func runJWGroups(env Env, args []string) int {
	const cmd = "joinway groups"
	fs := newFlags(env, cmd, jwGroupsUsage)
	status := fs.Int("status", 0, "0 all, 1 owner resigned, 2 being inherited, 3 inherited")
	var owners stringList
	fs.Var(&owners, "owner", "only the groups of this owner's userid (repeat; at most 100)")
	limit := fs.Int("limit", 100, fmt.Sprintf("groups per page (1-%d)", wecom.MaxGroupListLimit))
	cursor := fs.String("cursor", "", "the page after the one that gave this next cursor")
	all := fs.Bool("all", false, "follow the cursor to the last page")
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	switch {
	case len(pos) != 1:
		return usageError(env, cmd, jwGroupsUsage, "give exactly one profile NAME")
	case *status < 0 || *status > 3:
		return usageError(env, cmd, jwGroupsUsage, "--status %d: give 0 (all), 1 (owner resigned), 2 (being inherited) or 3 (inherited)", *status)
	case *limit < 1 || *limit > wecom.MaxGroupListLimit:
		return usageError(env, cmd, jwGroupsUsage, "--limit %d: give 1 to %d", *limit, wecom.MaxGroupListLimit)
	case len(owners) > wecom.MaxOwnerFilter:
		return usageError(env, cmd, jwGroupsUsage, "%d --owner given, WeCom takes at most %d", len(owners), wecom.MaxOwnerFilter)
	case *all && *cursor != "":
		return usageError(env, cmd, jwGroupsUsage, "--cursor and --all do not go together")
	}
	profile := pos[0]
	return runJoinWays(env, cmd, profile, func(ctx context.Context, j *joinway.Service) int {
		q := wecom.GroupListQuery{StatusFilter: *status, Owners: owners, Cursor: *cursor, Limit: *limit}
		out := groupsJSON{Groups: []groupRefJSON{}}
		for {
			page, err := j.Groups(ctx, q)
			if err != nil {
				return jwFail(env, cmd, profile, err)
			}
			for _, g := range page.Groups {
				out.Groups = append(out.Groups, groupRefJSON{g.ChatID, g.Status})
			}
			out.NextCursor = page.NextCursor
			if !*all || page.NextCursor == "" {
				break
			}
			if page.NextCursor == q.Cursor {
				return fail(env, cmd, fmt.Errorf("groupchat/list gave the same cursor twice (%s); stopped after %d groups", q.Cursor, len(out.Groups)))
			}
			q.Cursor = page.NextCursor
		}
		if *asJSON {
			return writeJSON(env, out)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CHAT ID\tOWNER")
		for _, g := range out.Groups {
			st, ok := ownerStatus[g.Status]
			if !ok {
				st = strconv.Itoa(g.Status)
			}
			fmt.Fprintf(tw, "%s\t%s\n", g.ChatID, st)
		}
		tw.Flush()
		fmt.Fprintf(env.Stdout, "%d group(s).", len(out.Groups))
		if out.NextCursor != "" {
			fmt.Fprintf(env.Stdout, " More: --cursor %s (or --all)", out.NextCursor)
		}
		fmt.Fprintf(env.Stdout, "\nA group's members: wecomdev joinway group %s CHAT_ID\n", profile)
		return ExitOK
	})
}
