package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"wecomdev/internal/joinway"
	"wecomdev/internal/qr"
	"wecomdev/internal/wecom"
)

const (
	jwEnsureUsage = "wecomdev joinway ensure NAME --state S --chat-id C [--chat-id C]... [--remark R] [--scene 1|2] [--no-auto-create-room]\n" +
		"                [--room-base-name N] [--room-base-id N] [--force] [--qr-out FILE.png [--overwrite]] [--json]"
	jwListUsage   = "wecomdev joinway list NAME [--json]"
	jwGetUsage    = "wecomdev joinway get NAME CONFIG_ID [--json]"
	jwDeleteUsage = "wecomdev joinway delete NAME CONFIG_ID"
	jwForgetUsage = "wecomdev joinway forget NAME ID|CONFIG_ID"
	jwGroupsUsage = "wecomdev joinway groups NAME [--status 0|1|2|3] [--owner USERID]... [--limit N] [--cursor C | --all] [--json]"
	jwGroupUsage  = "wecomdev joinway group NAME CHAT_ID [--json]"
	jwPoolUsage   = "wecomdev joinway pool NAME add CHAT_ID... | list | take LABEL [--state S] [--force] | release LABEL|CHAT_ID\n" +
		"                | remove CHAT_ID | threshold N   [--json]"
	jwSimulateUsage = "wecomdev joinway simulate-join NAME --state S [--customer EXTERNAL_USERID] [--url CALLBACK_URL] [--twice] [--json]"
	jwBatchUsage    = "wecomdev joinway batch NAME (--states A,B,C | --prefix P --count N [--start 1]) --chat-id C [--chat-id C]...\n" +
		"                [--remark R] [--scene 1|2] [--no-auto-create-room] [--room-base-name N] [--room-base-id N]\n" +
		"                --out FILE.zip [--overwrite] [--force] [--json]"

	joinwayUsage = jwEnsureUsage + "\n       " + jwListUsage + "\n       " + jwGetUsage + "\n       " + jwDeleteUsage +
		"\n       " + jwForgetUsage + "\n       " + jwGroupsUsage + "\n       " + jwGroupUsage + "\n       " + jwPoolUsage +
		"\n       " + jwBatchUsage + "\n       " + jwSimulateUsage + "\n\n" +
		"       ensure   the join way of a state (one customer or order): the registry's when it has one, else\n" +
		"                add_join_way. --force makes a new one over a possible orphan (an earlier add whose answer\n" +
		"                was lost; it stays in the registry as abandoned). --qr-out writes the code, its state under it.\n" +
		"       list     the registry of the join ways made here (WeCom cannot list them); get reads one from WeCom\n" +
		"                into it; delete deletes one at WeCom and in the registry; forget drops a registry row (by\n" +
		"                its ID from list, or its config_id) without calling WeCom.\n" +
		"       groups   the app's customer groups (groupchat/list); group: one group's members and the state they\n" +
		"                joined with.\n" +
		"       pool     the buffer of pre-built empty groups: take gives a customer or order (LABEL) the next free\n" +
		"                group and its join way (state = LABEL unless --state); release deletes that join way and\n" +
		"                frees the group; a warning says when fewer free groups than the threshold are left.\n" +
		"       batch    one join way per state, as PNGs with manifest.csv in a zip; progress on stderr; Ctrl-C\n" +
		"                stops it and writes what was made.\n" +
		"       simulate-join  (sandbox profiles) a customer scans the join way of state S: they join its group and\n" +
		"                the sandbox POSTs the encrypted change_external_chat event to the callback URL (default the\n" +
		"                dev server's), retrying as WeCom does; --twice delivers it twice. list then shows the join.\n" +
		"       Every value is checked before WeCom is called. Exit status: 0 done; 1 failed (ensure: a possible\n" +
		"       orphan or a lost answer; batch: any code failed or it was stopped); 2 a wrong command line."
)

// configFlags are the flags of a join way's config (ensure and batch).
type configFlags struct {
	chats        stringList
	remark       *string
	scene        *int
	noAuto       *bool
	roomBaseName *string
	roomBaseID   *int
}

func addConfigFlags(fs *flag.FlagSet) *configFlags {
	f := &configFlags{}
	fs.Var(&f.chats, "chat-id", "a customer group's chat_id (1 to 5; repeat the flag)")
	f.remark = fs.String("remark", "", "a note for yourself (WeCom keeps 30 characters)")
	f.scene = fs.Int("scene", 2, "2 a QR code, 1 the mini-program plugin (no QR code)")
	f.noAuto = fs.Bool("no-auto-create-room", false, "do not make a new group when the groups are full")
	f.roomBaseName = fs.String("room-base-name", "", "the name of automatically made groups (then numbered)")
	f.roomBaseID = fs.Int("room-base-id", 0, "the first number of automatically made groups")
	return f
}

func (f *configFlags) config(state string) joinway.Config {
	c := joinway.DefaultConfig()
	c.State, c.Scene, c.Remark = state, *f.scene, *f.remark
	c.AutoCreateRoom = !*f.noAuto
	c.RoomBaseName, c.RoomBaseID = *f.roomBaseName, *f.roomBaseID
	c.ChatIDs = append([]string{}, f.chats...)
	return c
}

// jwContext is the context of a joinway command: ended by Ctrl-C / SIGTERM (so a call in
// flight is abandoned and recorded as such, not killed), and by timeout when not 0.
func jwContext(env Env, timeout time.Duration) (context.Context, context.CancelFunc) {
	ctx, stop := context.Background(), context.CancelFunc(func() {})
	if env.Interrupt != nil {
		ctx, stop = env.Interrupt()
	}
	if timeout <= 0 {
		return ctx, stop
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, func() { cancel(); stop() }
}

// withJoinWays opens the workspace and the join-way service of profile in ctx.
func withJoinWays(ctx context.Context, env Env, cmd, profile string, f func(j *joinway.Service) int) int {
	e, err := env.OpenWorkspace(ctx)
	if err != nil {
		return fail(env, cmd, err)
	}
	defer e.Close()
	j, err := e.JoinWays(ctx, profile, nil)
	if err != nil {
		return fail(env, cmd, err)
	}
	return f(j)
}

// jwSpec is the command line of list, get, delete, forget and group: the profile NAME,
// for all but list one more argument ARG, and --json where the subcommand prints JSON.
type jwSpec struct {
	cmd, usage string
	arg        bool               // NAME ARG, not NAME alone
	json       bool               // takes --json
	wrong      string             // what to give when the arguments are not those
	check      func(string) error // checks ARG, even an empty one; nil: ARG must not be empty
}

// jwLine is a command line jwSpec read.
type jwLine struct {
	profile, arg string
	asJSON       bool
}

// parse reads args; false when the command ends here with the exit status code (a usage
// error, or the help it asked for).
func (s jwSpec) parse(env Env, args []string) (l jwLine, code int, ok bool) {
	fs := newFlags(env, s.cmd, s.usage)
	asJSON := new(bool)
	if s.json {
		asJSON = fs.Bool("json", false, "print as JSON")
	}
	pos, err := parse(fs, args)
	if err != nil {
		return jwLine{}, exitOf(err), false
	}
	n := 1
	if s.arg {
		n = 2
	}
	if len(pos) != n || s.arg && s.check == nil && pos[1] == "" {
		return jwLine{}, usageError(env, s.cmd, s.usage, "%s", s.wrong), false
	}
	l = jwLine{profile: pos[0], asJSON: *asJSON}
	if s.arg {
		l.arg = pos[1]
		if s.check != nil {
			if err := s.check(l.arg); err != nil {
				return jwLine{}, usageError(env, s.cmd, s.usage, "%v", err), false
			}
		}
	}
	return l, ExitOK, true
}

// run reads args and runs f with the profile's join-way service (runJoinWays).
func (s jwSpec) run(env Env, args []string, f func(ctx context.Context, j *joinway.Service, l jwLine) int) int {
	l, code, ok := s.parse(env, args)
	if !ok {
		return code
	}
	return runJoinWays(env, s.cmd, l.profile, func(ctx context.Context, j *joinway.Service) int { return f(ctx, j, l) })
}

// runJoinWays is withJoinWays with the usual timeout.
func runJoinWays(env Env, cmd, profile string, f func(ctx context.Context, j *joinway.Service) int) int {
	ctx, cancel := jwContext(env, commandTimeout)
	defer cancel()
	return withJoinWays(ctx, env, cmd, profile, func(j *joinway.Service) int { return f(ctx, j) })
}

// jwFail prints a join-way error with what to do next; WeCom's errors get their
// explanation (fail).
func jwFail(env Env, cmd, profile string, err error) int {
	var orphan *joinway.OrphanError
	switch {
	case errors.As(err, &orphan):
		fmt.Fprintf(env.Stderr, "wecomdev %s: %v: %v\n  The earlier attempt is listed as pending by: wecomdev joinway list %s\n",
			cmd, joinway.ErrPossibleOrphan, err, profile)
		return ExitError
	case errors.Is(err, joinway.ErrOutcomeUnknown):
		code := fail(env, cmd, err)
		fmt.Fprintf(env.Stderr, "  WeCom may have made the join way. The registry keeps the attempt as pending, so the next ensure of\n"+
			"  this state stops and asks before adding again (--force makes a new one). See: wecomdev joinway list %s\n", profile)
		return code
	case errors.Is(err, joinway.ErrStateInUse):
		code := fail(env, cmd, err)
		fmt.Fprintf(env.Stderr, "  Delete that join way first (wecomdev joinway delete %s CONFIG_ID), or give another --state.\n", profile)
		return code
	case errors.Is(err, joinway.ErrNotFound):
		code := fail(env, cmd, err)
		fmt.Fprintf(env.Stderr, "  See the registry with: wecomdev joinway list %s\n", profile)
		return code
	}
	return fail(env, cmd, err)
}

// checkOut refuses, before any WeCom call, an output file that could not be written.
func checkOut(path string, overwrite bool) error {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return fmt.Errorf("%s is a directory; give a file name, like %s", path, filepath.Join(path, "codes.zip"))
	case err == nil && !overwrite:
		return fmt.Errorf("%s exists; pass --overwrite to replace it", path)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return err
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("the folder %s does not exist; create it first or write elsewhere", dir)
	}
	return nil
}

// drawCode prints a join link as a QR code for the terminal (stdout), the hints on stderr.
func drawCode(env Env, link string) {
	s, err := qr.Text(link)
	if err != nil {
		fmt.Fprintf(env.Stderr, "warning: the join link cannot be drawn: %v\n", err)
		return
	}
	fmt.Fprint(env.Stdout, s)
	save := fmt.Sprintf("save a PNG (wecomdev qr '%s' --out code.png)", link)
	if w := strings.IndexByte(s, '\n'); w > 0 && len([]rune(s[:w])) > maxTerminalWidth {
		fmt.Fprintf(env.Stderr, "The code is %d columns wide; if it wraps, widen the terminal or %s.\n", len([]rune(s[:w])), save)
	}
	fmt.Fprintf(env.Stderr, "%s It reads dark on light on a dark terminal; on a light one, %s.\n", qrHint, save)
}

// printCode prints a registry row for a person: what it is and its code.
func printCode(env Env, e joinway.Entry, how string) {
	w := env.Stdout
	fmt.Fprintf(w, "state %q: join way %s (%s)\n", e.Config.State, e.ConfigID, how)
	fmt.Fprintf(w, "  chats:     %s\n", strings.Join(e.Config.ChatIDs, ", "))
	if e.QRURL != "" {
		fmt.Fprintf(w, "  QR image:  %s\n", e.QRURL)
	}
	if e.JoinLink != "" {
		fmt.Fprintf(w, "  join link: %s\n", e.JoinLink)
		drawCode(env, e.JoinLink)
		return
	}
	switch {
	case e.Config.Scene == wecom.SceneMiniProgram:
		fmt.Fprintln(env.Stderr, "Scene 1 is the mini-program plugin: there is no QR code to show.")
	case e.ImageError != "":
		fmt.Fprintf(env.Stderr, "warning: the QR image could not be downloaded (%s); open the QR image URL in a browser to scan it.\n", e.ImageError)
	case e.QRURL != "":
		fmt.Fprintln(env.Stderr, "The join link could not be read out of WeCom's QR image; open the QR image URL in a browser to scan it.")
	}
}

func printWarnings(env Env, warn []joinway.Warning) {
	for _, w := range warn {
		fmt.Fprintf(env.Stderr, "warning: %s: %s\n", w.Code, w.Message)
	}
}

// poolWarning says on stderr when the pool runs low.
func poolWarning(env Env, profile string, st joinway.PoolStatus) {
	if !st.Low {
		return
	}
	left := fmt.Sprintf("only %d free groups left", st.Free)
	switch st.Free {
	case 0:
		left = "no free group left"
	case 1:
		left = "only 1 free group left"
	}
	fmt.Fprintf(env.Stderr, "warning: %s (threshold %d): build more customer groups and add them with `wecomdev joinway pool %s add`\n",
		left, st.Threshold, profile)
}

func runJoinWay(env Env, args []string) int {
	if len(args) > 0 && isHelpArg(args[0]) {
		return showHelp(env, "joinway", joinwayUsage)
	}
	if len(args) == 0 {
		return usageError(env, "joinway", joinwayUsage, "say ensure, list, get, delete, forget, groups, group, pool or batch")
	}
	rest := args[1:]
	switch args[0] {
	case "ensure":
		return runJWEnsure(env, rest)
	case "list", "ls":
		return runJWList(env, rest)
	case "get":
		return runJWGet(env, rest)
	case "delete", "rm":
		return runJWDelete(env, rest)
	case "forget":
		return runJWForget(env, rest)
	case "groups":
		return runJWGroups(env, rest)
	case "group":
		return runJWGroup(env, rest)
	case "pool":
		return runJWPool(env, rest)
	case "batch":
		return runJWBatch(env, rest)
	case "simulate-join":
		return runJWSimulateJoin(env, rest)
	}
	return usageError(env, "joinway", joinwayUsage, "unknown subcommand %q; say ensure, list, get, delete, forget, groups, group, pool or batch", args[0])
}
