package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
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
				out.Groups = append(out.Groups, groupRefJSON{ChatID: g.ChatID, Status: g.Status})
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
		nameErrs := readGroupNames(ctx, j, out.Groups)
		if *asJSON {
			return writeJSON(env, out)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CHAT ID\tOWNER\tNAME") // the name last: a wide (CJK) name would push the columns after it
		for _, g := range out.Groups {
			st, ok := ownerStatus[g.Status]
			if !ok {
				st = strconv.Itoa(g.Status)
			}
			name := g.Name
			switch {
			case g.NameError != "":
				name = "?"
			case name == "":
				name = "(no name)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", g.ChatID, st, name)
		}
		tw.Flush()
		printNameErrors(env, cmd, nameErrs)
		fmt.Fprintf(env.Stdout, "%d group(s).", len(out.Groups))
		if out.NextCursor != "" {
			fmt.Fprintf(env.Stdout, " More: --cursor %s (or --all)", out.NextCursor)
		}
		fmt.Fprintf(env.Stdout, "\nA group's members: wecomdev joinway group %s CHAT_ID\n", profile)
		return ExitOK
	})
}

// groupNameWorkers bounds the groupchat/get calls that read the groups' names at once:
// groupchat/list gives only chat_id and status, groupchat/get the name
// (reference/wecom-api.md §4a, §4b; official docs 92120, 96338).
const groupNameWorkers = 4

// readGroupNames fills in each group's Name with groupchat/get, groupNameWorkers calls at
// a time. A group whose name could not be read gets NameError, and its error in errs.
func readGroupNames(ctx context.Context, j *joinway.Service, groups []groupRefJSON) (errs []error) {
	errs = make([]error, len(groups))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(groupNameWorkers, len(groups)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				g, err := j.Group(ctx, groups[i].ChatID)
				if err != nil {
					groups[i].NameError, errs[i] = err.Error(), err
					continue
				}
				groups[i].Name = g.Name
			}
		}()
	}
	for i := range groups {
		next <- i
	}
	close(next)
	wg.Wait()
	return errs
}

// printNameErrors says on standard error why the names shown as ? could not be read:
// each reason once (a WeCom errcode is one reason whatever its hint), with how many
// groups it hit and, for WeCom's errors, the cause and the fix (fail).
func printNameErrors(env Env, cmd string, errs []error) {
	type reason struct {
		err error
		n   int
	}
	var reasons []*reason
	byKey := map[string]*reason{}
	for _, err := range errs {
		if err == nil {
			continue
		}
		key := err.Error()
		var apiErr *wecom.APIError
		if errors.As(err, &apiErr) {
			key = fmt.Sprintf("%s %d", apiErr.Path, apiErr.Code)
		}
		r := byKey[key]
		if r == nil {
			r = &reason{err: err}
			byKey[key] = r
			reasons = append(reasons, r)
		}
		r.n++
	}
	for _, r := range reasons {
		fmt.Fprintf(env.Stderr, "wecomdev %s: the name of %d group(s), shown as ?, could not be read:\n", cmd, r.n)
		fail(env, cmd, r.err)
	}
}
