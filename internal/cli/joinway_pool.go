package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"

	"wecomdev/internal/joinway"
)

// poolCmd is a `joinway pool` command line, checked.
type poolCmd struct {
	profile string
	action  string // list, add, take, release, remove, threshold (aliases resolved)
	sub     string // "joinway pool " + the action as typed, for messages
	asJSON  bool

	chatIDs   []string // add
	label     string   // take
	state     string   // take: --state ("" means the label)
	force     bool     // take
	who       string   // release: a label or a chat_id
	chatID    string   // remove
	threshold int      // threshold
}

func runJWPool(env Env, args []string) int {
	c, code := parseJWPool(env, args)
	if c == nil {
		return code
	}
	return runJoinWays(env, c.sub, c.profile, func(ctx context.Context, j *joinway.Service) int {
		return c.run(ctx, env, j)
	})
}

// parseJWPool reads a `joinway pool` command line; nil and the exit status when it is wrong.
func parseJWPool(env Env, args []string) (*poolCmd, int) {
	const cmd = "joinway pool"
	fs := newFlags(env, cmd, jwPoolUsage)
	state := fs.String("state", "", "take: the join way's state (default: the LABEL)")
	force := fs.Bool("force", false, "take: make a new join way even over a possible orphan")
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return nil, exitOf(err)
	}
	if len(pos) < 2 {
		return nil, usageError(env, cmd, jwPoolUsage, "give the profile NAME and add, list, take, release, remove or threshold")
	}
	profile, action, rest := pos[0], pos[1], pos[2:]
	c := &poolCmd{profile: profile, sub: cmd + " " + action, asJSON: *asJSON, state: *state, force: *force}
	if action != "take" && (*state != "" || *force) {
		return nil, usageError(env, c.sub, jwPoolUsage, "--state and --force go with take")
	}
	bad := func(format string, args ...any) (*poolCmd, int) {
		return nil, usageError(env, c.sub, jwPoolUsage, format, args...)
	}
	one := func(what string) (string, bool) {
		if len(rest) != 1 {
			usageError(env, c.sub, jwPoolUsage, "give exactly one %s", what)
			return "", false
		}
		return rest[0], true
	}
	var ok bool
	switch action {
	case "list", "ls":
		c.action = "list"
		if len(rest) > 0 {
			return bad("unexpected argument %q", rest[0])
		}
	case "add":
		c.action = "add"
		if len(rest) == 0 {
			return bad("give the CHAT_ID of one or more empty customer groups")
		}
		for _, id := range rest {
			if err := joinway.CheckChatID(id); err != nil {
				return bad("%v", err)
			}
		}
		c.chatIDs = rest
	case "take":
		c.action = "take"
		if c.label, ok = one("LABEL (the customer or order number)"); !ok {
			return nil, ExitUsage
		}
		if err := joinway.CheckLabel(c.label); err != nil {
			return bad("%v", err)
		}
		st := c.state
		if st == "" {
			st = c.label
		}
		if err := joinway.CheckState(st); err != nil {
			if c.state == "" {
				err = fmt.Errorf("%w (the LABEL is the state unless --state is given)", err)
			}
			return bad("%v", err)
		}
	case "release":
		c.action = "release"
		if c.who, ok = one("LABEL or CHAT_ID"); !ok {
			return nil, ExitUsage
		}
	case "remove", "rm":
		c.action = "remove"
		if c.chatID, ok = one("CHAT_ID"); !ok {
			return nil, ExitUsage
		}
		if err := joinway.CheckChatID(c.chatID); err != nil {
			return bad("%v", err)
		}
	case "threshold":
		c.action = "threshold"
		v, ok := one("number N: warn when fewer than N free groups are left (0: never)")
		if !ok {
			return nil, ExitUsage
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return bad("threshold %q: give a whole number, 0 or more", v)
		}
		c.threshold = n
	default:
		return nil, usageError(env, cmd, jwPoolUsage, "unknown pool action %q; say add, list, take, release, remove or threshold", action)
	}
	return c, ExitOK
}

// run does the action and prints what it did.
func (c *poolCmd) run(ctx context.Context, env Env, j *joinway.Service) int {
	switch c.action {
	case "list":
		groups, st, err := j.PoolList(ctx)
		if err != nil {
			return jwFail(env, c.sub, c.profile, err)
		}
		return c.printList(env, groups, st)
	case "add":
		added, st, err := j.PoolAdd(ctx, c.chatIDs)
		return c.printAdd(env, added, st, err)
	case "take":
		res, err := j.PoolTake(ctx, c.label, c.state, c.force)
		if err != nil {
			return jwFail(env, c.sub, c.profile, err)
		}
		return c.printTake(env, res)
	case "release":
		st, err := j.PoolRelease(ctx, c.who)
		if err != nil {
			return jwFail(env, c.sub, c.profile, err)
		}
		return c.printChange(env, poolChangeJSON{Released: c.who, Pool: st},
			fmt.Sprintf("released %s: its join way is deleted at WeCom and the group is free again\n%d free, %d used, threshold %d\n",
				c.who, st.Free, st.Used, st.Threshold))
	case "remove":
		st, err := j.PoolRemove(ctx, c.chatID)
		if err != nil {
			return jwFail(env, c.sub, c.profile, err)
		}
		return c.printChange(env, poolChangeJSON{Removed: c.chatID, Pool: st},
			fmt.Sprintf("removed %s from the pool (the group itself stays)\n%d free, %d used, threshold %d\n", c.chatID, st.Free, st.Used, st.Threshold))
	case "threshold":
		st, err := j.SetThreshold(ctx, c.threshold)
		if errors.Is(err, joinway.ErrInvalid) {
			return usageError(env, c.sub, jwPoolUsage, "%v", err)
		}
		if err != nil {
			return jwFail(env, c.sub, c.profile, err)
		}
		return c.printChange(env, poolChangeJSON{Pool: st},
			fmt.Sprintf("threshold %d: %d free, %d used\n", st.Threshold, st.Free, st.Used))
	}
	return fail(env, c.sub, fmt.Errorf("unknown pool action %q", c.action))
}

func (c *poolCmd) printList(env Env, groups []joinway.PoolGroup, st joinway.PoolStatus) int {
	poolWarning(env, c.profile, st)
	if c.asJSON {
		return writeJSON(env, poolListJSON{groups, st})
	}
	if len(groups) == 0 {
		fmt.Fprintf(env.Stdout, "The pool of %s is empty; add pre-built empty customer groups with: wecomdev joinway pool %s add CHAT_ID...\n", c.profile, c.profile)
		return ExitOK
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHAT ID\tNAME\tFREE\tLABEL\tCONFIG ID\tTAKEN")
	for _, g := range groups {
		free := "yes"
		if !g.Free {
			free = "no"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", g.ChatID, g.Name, free, dash(g.Label), dash(g.ConfigID), timeCell(g.TakenAt))
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "%d free, %d used, threshold %d\n", st.Free, st.Used, st.Threshold)
	return ExitOK
}

// printAdd prints the groups added before err stopped the rest, if it did.
func (c *poolCmd) printAdd(env Env, added []joinway.PoolGroup, st joinway.PoolStatus, err error) int {
	if added == nil {
		added = []joinway.PoolGroup{}
	}
	if c.asJSON {
		if code := writeJSON(env, poolAddJSON{added, st}); code != ExitOK {
			return code
		}
	} else {
		for _, g := range added {
			fmt.Fprintf(env.Stdout, "added %s (%s) to the pool\n", g.ChatID, g.Name)
		}
		fmt.Fprintf(env.Stdout, "%d free, %d used, threshold %d\n", st.Free, st.Used, st.Threshold)
	}
	poolWarning(env, c.profile, st)
	if err != nil {
		return jwFail(env, c.sub, c.profile, err)
	}
	return ExitOK
}

func (c *poolCmd) printTake(env Env, res joinway.TakeResult) int {
	e := res.Entry
	if c.asJSON {
		if code := writeJSON(env, poolTakeJSON{Label: res.Mapping.Label, ChatID: res.Mapping.ChatID, ConfigID: e.ConfigID,
			QRCode: e.QRURL, JoinLink: e.JoinLink, State: e.Config.State, Reused: res.Reused, Pool: res.Pool}); code != ExitOK {
			return code
		}
	} else {
		how := "a free group taken"
		if res.Reused {
			how = "the group it already held"
		}
		fmt.Fprintf(env.Stdout, "%s → group %s (%s)\n", c.label, res.Mapping.ChatID, how)
		printCode(env, e, "join way of the group")
		fmt.Fprintf(env.Stdout, "%d free, %d used, threshold %d\n", res.Pool.Free, res.Pool.Used, res.Pool.Threshold)
	}
	poolWarning(env, c.profile, res.Pool)
	return ExitOK
}

// printChange prints the pool after a release, remove or threshold: js as JSON, else text.
func (c *poolCmd) printChange(env Env, js poolChangeJSON, text string) int {
	if c.asJSON {
		if code := writeJSON(env, js); code != ExitOK {
			return code
		}
	} else {
		fmt.Fprint(env.Stdout, text)
	}
	poolWarning(env, c.profile, js.Pool)
	return ExitOK
}
