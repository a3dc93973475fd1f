package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
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
	jwBatchUsage = "wecomdev joinway batch NAME (--states A,B,C | --prefix P --count N [--start 1]) --chat-id C [--chat-id C]...\n" +
		"                [--remark R] [--scene 1|2] [--no-auto-create-room] [--room-base-name N] [--room-base-id N]\n" +
		"                --out FILE.zip [--overwrite] [--force] [--json]"

	joinwayUsage = jwEnsureUsage + "\n       " + jwListUsage + "\n       " + jwGetUsage + "\n       " + jwDeleteUsage +
		"\n       " + jwForgetUsage + "\n       " + jwGroupsUsage + "\n       " + jwGroupUsage + "\n       " + jwPoolUsage +
		"\n       " + jwBatchUsage + "\n\n" +
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
		"       Every value is checked before WeCom is called. Exit status: 0 done; 1 failed (ensure: a possible\n" +
		"       orphan or a lost answer; batch: any code failed or it was stopped); 2 a wrong command line."
)

// ---- JSON contracts ----

// ensureJSON is the contract of `joinway ensure --json`.
type ensureJSON struct {
	ConfigID string            `json:"configId"`
	QRCode   string            `json:"qrCode"` // the QR image URL WeCom gave ("" for scene 1)
	Reused   bool              `json:"reused"` // true: no add_join_way was made
	State    string            `json:"state"`
	JoinLink string            `json:"joinLink"` // the link the QR image encodes ("" when it could not be read)
	Warnings []joinway.Warning `json:"warnings"` // what WeCom changes silently (REMARK_TRUNCATED …)
}

// entryJSON is one registry row: the contract of `joinway list --json` (an array of
// them, newest first) and `joinway get --json`.
type entryJSON struct {
	ID         int64     `json:"id"`       // the registry's id (forget takes it)
	ConfigID   string    `json:"configId"` // "" while pending or when abandoned
	State      string    `json:"state"`
	Status     string    `json:"status"` // pending, created, ready, abandoned
	Chats      []string  `json:"chats"`
	Scene      int       `json:"scene"`
	Remark     string    `json:"remark"`
	QRCode     string    `json:"qrCode"`   // the QR image URL
	JoinLink   string    `json:"joinLink"` // the link the QR image encodes, when it could be read
	IntentAt   time.Time `json:"intentAt"` // when add_join_way was about to be called
	CreatedAt  time.Time `json:"createdAt,omitzero"`
	UpdatedAt  time.Time `json:"updatedAt,omitzero"`
	ReadAt     time.Time `json:"readAt,omitzero"` // the last get_join_way
	LastError  string    `json:"lastError,omitempty"`
	ImageError string    `json:"imageError,omitempty"` // why the QR image could not be downloaded
}

func toEntryJSON(e joinway.Entry) entryJSON {
	chats := e.Config.ChatIDs
	if chats == nil {
		chats = []string{}
	}
	return entryJSON{ID: e.ID, ConfigID: e.ConfigID, State: e.Config.State, Status: e.Status, Chats: chats,
		Scene: e.Config.Scene, Remark: e.Config.Remark, QRCode: e.QRURL, JoinLink: e.JoinLink,
		IntentAt: e.IntentAt, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt, ReadAt: e.ReadAt,
		LastError: e.LastError, ImageError: e.ImageError}
}

// groupsJSON is the contract of `joinway groups --json`.
type groupsJSON struct {
	Groups     []groupRefJSON `json:"groups"`
	NextCursor string         `json:"nextCursor"` // "" after the last page (always with --all)
}

type groupRefJSON struct {
	ChatID string `json:"chatId"`
	Status int    `json:"status"` // the owner: 0 normal, 1 resigned, 2 being inherited, 3 inherited
}

// groupJSON is the contract of `joinway group --json`.
type groupJSON struct {
	ChatID    string       `json:"chatId"`
	Name      string       `json:"name"`
	Owner     string       `json:"owner"`
	CreatedAt time.Time    `json:"createdAt,omitzero"`
	Notice    string       `json:"notice"`
	Members   []memberJSON `json:"members"`
	Admins    []string     `json:"admins"`
}

type memberJSON struct {
	UserID        string    `json:"userId"`
	Type          string    `json:"type"` // "member" (of the corp) or "customer" (an external contact)
	Name          string    `json:"name"`
	GroupNickname string    `json:"groupNickname,omitempty"`
	JoinedAt      time.Time `json:"joinedAt,omitzero"`
	JoinScene     string    `json:"joinScene"` // "invited", "invite-link", "qr-code"
	State         string    `json:"state"`     // the state of the join way the member came by ("" when none)
	Invitor       string    `json:"invitor,omitempty"`
	UnionID       string    `json:"unionId,omitempty"`
}

// poolListJSON is the contract of `joinway pool NAME list --json`.
type poolListJSON struct {
	Groups []joinway.PoolGroup `json:"groups"`
	Pool   joinway.PoolStatus  `json:"pool"`
}

// poolAddJSON is the contract of `joinway pool NAME add --json`.
type poolAddJSON struct {
	Added []joinway.PoolGroup `json:"added"`
	Pool  joinway.PoolStatus  `json:"pool"`
}

// poolTakeJSON is the contract of `joinway pool NAME take --json`.
type poolTakeJSON struct {
	Label    string             `json:"label"`
	ChatID   string             `json:"chatId"`
	ConfigID string             `json:"configId"`
	QRCode   string             `json:"qrCode"`
	JoinLink string             `json:"joinLink"`
	State    string             `json:"state"`
	Reused   bool               `json:"reused"` // the label held this group already
	Pool     joinway.PoolStatus `json:"pool"`
}

// poolChangeJSON is the contract of `joinway pool NAME release|remove|threshold --json`.
type poolChangeJSON struct {
	Released string             `json:"released,omitempty"` // the label or chat_id given
	Removed  string             `json:"removed,omitempty"`
	Pool     joinway.PoolStatus `json:"pool"`
}

// batchJSON is the contract of `joinway batch --json`.
type batchJSON struct {
	Total   int                 `json:"total"`   // states asked for
	Done    int                 `json:"done"`    // codes made or reused
	Failed  int                 `json:"failed"`  // states whose code failed (see their error)
	Stopped bool                `json:"stopped"` // Ctrl-C (or an error) ended the batch early
	Out     string              `json:"out"`     // the zip written ("" when none was)
	Error   string              `json:"error,omitempty"`
	Items   []joinway.BatchItem `json:"items"`
}

// ---- plumbing ----

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

// withJoinWays opens the engine and the join-way service of profile in ctx.
func withJoinWays(ctx context.Context, env Env, cmd, profile string, f func(j *joinway.Service) int) int {
	e, err := env.OpenEngine(ctx)
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
	}
	return usageError(env, "joinway", joinwayUsage, "unknown subcommand %q; say ensure, list, get, delete, forget, groups, group, pool or batch", args[0])
}

// ---- ensure ----

func runJWEnsure(env Env, args []string) int {
	const cmd = "joinway ensure"
	fs := newFlags(env, cmd, jwEnsureUsage)
	state := fs.String("state", "", "the state: the customer or order the join way is for (at most 30 characters)")
	cf := addConfigFlags(fs)
	force := fs.Bool("force", false, "make a new join way even if an earlier add for the state may have made one (a possible orphan)")
	qrOut := fs.String("qr-out", "", "also write the code as a PNG, its state under it, to `FILE`")
	overwrite := fs.Bool("overwrite", false, "replace the --qr-out FILE if it exists")
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) != 1 {
		return usageError(env, cmd, jwEnsureUsage, "give exactly one profile NAME")
	}
	if *state == "" {
		return usageError(env, cmd, jwEnsureUsage, "--state is required: ensure finds the join way by its state (the customer or order)")
	}
	c := cf.config(*state)
	if _, err := joinway.Validate(c); err != nil {
		return usageError(env, cmd, jwEnsureUsage, "%v", err)
	}
	if *qrOut == "" && *overwrite {
		return usageError(env, cmd, jwEnsureUsage, "--overwrite goes with --qr-out FILE.png")
	}
	if *qrOut != "" {
		if c.Scene != wecom.SceneQRCode {
			return usageError(env, cmd, jwEnsureUsage, "--qr-out needs --scene 2: scene 1 (the mini-program plugin) has no QR code")
		}
		if err := checkOut(*qrOut, *overwrite); err != nil {
			return fail(env, cmd, err)
		}
	}
	profile := pos[0]
	return runJoinWays(env, cmd, profile, func(ctx context.Context, j *joinway.Service) int {
		res, err := j.Ensure(ctx, c, *force)
		if err != nil {
			return jwFail(env, cmd, profile, err)
		}
		printWarnings(env, res.Warnings)
		e := res.Entry
		var fileErr error
		if *qrOut != "" {
			png, err := j.CodePNG(ctx, e.ID)
			if err == nil {
				err = writeFileAtomic(*qrOut, png, *overwrite)
			}
			fileErr = err
		}
		if *asJSON {
			warn := res.Warnings
			if warn == nil {
				warn = []joinway.Warning{}
			}
			if code := writeJSON(env, ensureJSON{ConfigID: e.ConfigID, QRCode: e.QRURL, Reused: res.Reused, State: e.Config.State,
				JoinLink: e.JoinLink, Warnings: warn}); code != ExitOK {
				return code
			}
		} else {
			how := "made now"
			if res.Reused {
				how = "reused from the registry"
			}
			printCode(env, e, how)
			if *qrOut != "" && fileErr == nil {
				fmt.Fprintf(env.Stdout, "Wrote %s.\n", *qrOut)
			}
		}
		if fileErr != nil {
			return fail(env, cmd, fmt.Errorf("the join way is ready (config %s) but its PNG was not written: %w", e.ConfigID, fileErr))
		}
		return ExitOK
	})
}

// ---- list, get, delete, forget ----

func runJWList(env Env, args []string) int {
	const cmd = "joinway list"
	fs := newFlags(env, cmd, jwListUsage)
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) != 1 {
		return usageError(env, cmd, jwListUsage, "give exactly one profile NAME")
	}
	profile := pos[0]
	return runJoinWays(env, cmd, profile, func(ctx context.Context, j *joinway.Service) int {
		list, err := j.List(ctx)
		if err != nil {
			return jwFail(env, cmd, profile, err)
		}
		if *asJSON {
			out := make([]entryJSON, 0, len(list))
			for _, e := range list {
				out = append(out, toEntryJSON(e))
			}
			return writeJSON(env, out)
		}
		if len(list) == 0 {
			fmt.Fprintf(env.Stdout, "No join ways in the registry of %s yet; make one with: wecomdev joinway ensure %s --state S --chat-id C\n", profile, profile)
			return ExitOK
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATUS\tSTATE\tCONFIG ID\tCHATS\tCREATED\tNOTE")
		for _, e := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.Status, dash(e.Config.State), dash(e.ConfigID),
				chatsCell(e.Config.ChatIDs), timeCell(e.CreatedAt), entryNote(e))
		}
		tw.Flush()
		return ExitOK
	})
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func timeCell(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateTime)
}

func chatsCell(ids []string) string {
	switch len(ids) {
	case 0:
		return "-"
	case 1:
		return ids[0]
	}
	return fmt.Sprintf("%s (+%d)", ids[0], len(ids)-1)
}

func entryNote(e joinway.Entry) string {
	switch {
	case e.Status == joinway.StatusPending:
		return fmt.Sprintf("add sent %s, no answer stored: a possible orphan (ensure asks before adding again)", e.IntentAt.Format(time.DateTime))
	case e.Status == joinway.StatusAbandoned:
		return fmt.Sprintf("left behind by --force: the add sent %s may have made an orphan", e.IntentAt.Format(time.DateTime))
	case e.LastError != "":
		return "last error: " + e.LastError
	case e.ImageError != "":
		return "QR image: " + e.ImageError
	}
	return ""
}

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

func runJWForget(env Env, args []string) int {
	const cmd = "joinway forget"
	fs := newFlags(env, cmd, jwForgetUsage)
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) != 2 || pos[1] == "" {
		return usageError(env, cmd, jwForgetUsage, "give the profile NAME and the registry ID (the first column of `wecomdev joinway list NAME`) or a config_id")
	}
	profile := pos[0]
	return runJoinWays(env, cmd, profile, func(ctx context.Context, j *joinway.Service) int {
		var e joinway.Entry
		var err error
		if id, perr := strconv.ParseInt(pos[1], 10, 64); perr == nil {
			e, err = j.Entry(ctx, id)
		} else {
			e, err = j.ByConfigID(ctx, pos[1])
		}
		if errors.Is(err, joinway.ErrNotFound) {
			err = fmt.Errorf("%q: %w (give an ID from the first column of the list, or a config_id)", pos[1], err)
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

// ---- groups, group ----

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
		return ExitUsage
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

var joinScenes = map[int]string{1: "invited", 2: "invite-link", 3: "qr-code"}

func toGroupJSON(g wecom.GroupChat) groupJSON {
	out := groupJSON{ChatID: g.ChatID, Name: g.Name, Owner: g.Owner, Notice: g.Notice, Members: []memberJSON{}, Admins: []string{}}
	if g.CreateTime > 0 {
		out.CreatedAt = time.Unix(g.CreateTime, 0)
	}
	for _, m := range g.Members {
		mj := memberJSON{UserID: m.UserID, Type: "member", Name: m.Name, GroupNickname: m.GroupNickname, State: m.State, UnionID: m.UnionID}
		if m.Type == 2 {
			mj.Type = "customer"
		}
		if m.JoinTime > 0 {
			mj.JoinedAt = time.Unix(m.JoinTime, 0)
		}
		if s, ok := joinScenes[m.JoinScene]; ok {
			mj.JoinScene = s
		} else if m.JoinScene != 0 {
			mj.JoinScene = strconv.Itoa(m.JoinScene)
		}
		if m.Invitor != nil {
			mj.Invitor = m.Invitor.UserID
		}
		out.Members = append(out.Members, mj)
	}
	for _, a := range g.Admins {
		out.Admins = append(out.Admins, a.UserID)
	}
	return out
}

func runJWGroup(env Env, args []string) int {
	const cmd = "joinway group"
	fs := newFlags(env, cmd, jwGroupUsage)
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) != 2 {
		return usageError(env, cmd, jwGroupUsage, "give the profile NAME and the CHAT_ID")
	}
	if err := joinway.CheckChatID(pos[1]); err != nil {
		return usageError(env, cmd, jwGroupUsage, "%v", err)
	}
	profile := pos[0]
	return runJoinWays(env, cmd, profile, func(ctx context.Context, j *joinway.Service) int {
		g, err := j.Group(ctx, pos[1])
		if err != nil {
			return jwFail(env, cmd, profile, err)
		}
		out := toGroupJSON(g)
		if *asJSON {
			return writeJSON(env, out)
		}
		w := env.Stdout
		fmt.Fprintf(w, "%s (%s), owner %s, created %s, %d member(s)\n", out.Name, out.ChatID, out.Owner, timeCell(out.CreatedAt), len(out.Members))
		if out.Notice != "" {
			fmt.Fprintf(w, "notice: %s\n", out.Notice)
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tUSERID\tTYPE\tJOINED\tHOW\tSTATE")
		for _, m := range out.Members {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", dash(m.Name), m.UserID, m.Type, timeCell(m.JoinedAt), dash(m.JoinScene), dash(m.State))
		}
		tw.Flush()
		return ExitOK
	})
}

// ---- pool ----

func runJWPool(env Env, args []string) int {
	const cmd = "joinway pool"
	fs := newFlags(env, cmd, jwPoolUsage)
	state := fs.String("state", "", "take: the join way's state (default: the LABEL)")
	force := fs.Bool("force", false, "take: make a new join way even over a possible orphan")
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(pos) < 2 {
		return usageError(env, cmd, jwPoolUsage, "give the profile NAME and add, list, take, release, remove or threshold")
	}
	profile, action, rest := pos[0], pos[1], pos[2:]
	sub := cmd + " " + action
	if action != "take" && (*state != "" || *force) {
		return usageError(env, sub, jwPoolUsage, "--state and --force go with take")
	}
	one := func(what string) (string, int) {
		if len(rest) != 1 {
			return "", usageError(env, sub, jwPoolUsage, "give exactly one %s", what)
		}
		return rest[0], ExitOK
	}
	switch action {
	case "list", "ls":
		if len(rest) > 0 {
			return usageError(env, sub, jwPoolUsage, "unexpected argument %q", rest[0])
		}
		return runJoinWays(env, sub, profile, func(ctx context.Context, j *joinway.Service) int {
			groups, st, err := j.PoolList(ctx)
			if err != nil {
				return jwFail(env, sub, profile, err)
			}
			poolWarning(env, profile, st)
			if *asJSON {
				return writeJSON(env, poolListJSON{groups, st})
			}
			if len(groups) == 0 {
				fmt.Fprintf(env.Stdout, "The pool of %s is empty; add pre-built empty customer groups with: wecomdev joinway pool %s add CHAT_ID...\n", profile, profile)
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
		})
	case "add":
		if len(rest) == 0 {
			return usageError(env, sub, jwPoolUsage, "give the CHAT_ID of one or more empty customer groups")
		}
		for _, id := range rest {
			if err := joinway.CheckChatID(id); err != nil {
				return usageError(env, sub, jwPoolUsage, "%v", err)
			}
		}
		return runJoinWays(env, sub, profile, func(ctx context.Context, j *joinway.Service) int {
			added, st, err := j.PoolAdd(ctx, rest)
			if added == nil {
				added = []joinway.PoolGroup{}
			}
			if *asJSON {
				if code := writeJSON(env, poolAddJSON{added, st}); code != ExitOK {
					return code
				}
			} else {
				for _, g := range added {
					fmt.Fprintf(env.Stdout, "added %s (%s) to the pool\n", g.ChatID, g.Name)
				}
				fmt.Fprintf(env.Stdout, "%d free, %d used, threshold %d\n", st.Free, st.Used, st.Threshold)
			}
			poolWarning(env, profile, st)
			if err != nil {
				return jwFail(env, sub, profile, err)
			}
			return ExitOK
		})
	case "take":
		label, code := one("LABEL (the customer or order number)")
		if code != ExitOK {
			return code
		}
		if err := joinway.CheckLabel(label); err != nil {
			return usageError(env, sub, jwPoolUsage, "%v", err)
		}
		st := *state
		if st == "" {
			st = label
		}
		if err := joinway.CheckState(st); err != nil {
			if *state == "" {
				err = fmt.Errorf("%w (the LABEL is the state unless --state is given)", err)
			}
			return usageError(env, sub, jwPoolUsage, "%v", err)
		}
		return runJoinWays(env, sub, profile, func(ctx context.Context, j *joinway.Service) int {
			res, err := j.PoolTake(ctx, label, *state, *force)
			if err != nil {
				return jwFail(env, sub, profile, err)
			}
			e := res.Entry
			if *asJSON {
				if code := writeJSON(env, poolTakeJSON{Label: res.Mapping.Label, ChatID: res.Mapping.ChatID, ConfigID: e.ConfigID,
					QRCode: e.QRURL, JoinLink: e.JoinLink, State: e.Config.State, Reused: res.Reused, Pool: res.Pool}); code != ExitOK {
					return code
				}
			} else {
				how := "a free group taken"
				if res.Reused {
					how = "the group it already held"
				}
				fmt.Fprintf(env.Stdout, "%s → group %s (%s)\n", label, res.Mapping.ChatID, how)
				printCode(env, e, "join way of the group")
				fmt.Fprintf(env.Stdout, "%d free, %d used, threshold %d\n", res.Pool.Free, res.Pool.Used, res.Pool.Threshold)
			}
			poolWarning(env, profile, res.Pool)
			return ExitOK
		})
	case "release":
		who, code := one("LABEL or CHAT_ID")
		if code != ExitOK {
			return code
		}
		return runJoinWays(env, sub, profile, func(ctx context.Context, j *joinway.Service) int {
			st, err := j.PoolRelease(ctx, who)
			if err != nil {
				return jwFail(env, sub, profile, err)
			}
			if *asJSON {
				if code := writeJSON(env, poolChangeJSON{Released: who, Pool: st}); code != ExitOK {
					return code
				}
			} else {
				fmt.Fprintf(env.Stdout, "released %s: its join way is deleted at WeCom and the group is free again\n%d free, %d used, threshold %d\n",
					who, st.Free, st.Used, st.Threshold)
			}
			poolWarning(env, profile, st)
			return ExitOK
		})
	case "remove", "rm":
		chatID, code := one("CHAT_ID")
		if code != ExitOK {
			return code
		}
		if err := joinway.CheckChatID(chatID); err != nil {
			return usageError(env, sub, jwPoolUsage, "%v", err)
		}
		return runJoinWays(env, sub, profile, func(ctx context.Context, j *joinway.Service) int {
			st, err := j.PoolRemove(ctx, chatID)
			if err != nil {
				return jwFail(env, sub, profile, err)
			}
			if *asJSON {
				if code := writeJSON(env, poolChangeJSON{Removed: chatID, Pool: st}); code != ExitOK {
					return code
				}
			} else {
				fmt.Fprintf(env.Stdout, "removed %s from the pool (the group itself stays)\n%d free, %d used, threshold %d\n", chatID, st.Free, st.Used, st.Threshold)
			}
			poolWarning(env, profile, st)
			return ExitOK
		})
	case "threshold":
		v, code := one("number N: warn when fewer than N free groups are left (0: never)")
		if code != ExitOK {
			return code
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return usageError(env, sub, jwPoolUsage, "threshold %q: give a whole number, 0 or more", v)
		}
		return runJoinWays(env, sub, profile, func(ctx context.Context, j *joinway.Service) int {
			st, err := j.SetThreshold(ctx, n)
			if errors.Is(err, joinway.ErrInvalid) {
				return usageError(env, sub, jwPoolUsage, "%v", err)
			}
			if err != nil {
				return jwFail(env, sub, profile, err)
			}
			if *asJSON {
				if code := writeJSON(env, poolChangeJSON{Pool: st}); code != ExitOK {
					return code
				}
			} else {
				fmt.Fprintf(env.Stdout, "threshold %d: %d free, %d used\n", st.Threshold, st.Free, st.Used)
			}
			poolWarning(env, profile, st)
			return ExitOK
		})
	}
	return usageError(env, cmd, jwPoolUsage, "unknown pool action %q; say add, list, take, release, remove or threshold", action)
}

// ---- batch ----

func runJWBatch(env Env, args []string) int {
	const cmd = "joinway batch"
	fs := newFlags(env, cmd, jwBatchUsage)
	statesFlag := fs.String("states", "", "the states, comma-separated")
	prefix := fs.String("prefix", "", "make the states PREFIX + a number, zero-padded (with --count)")
	count := fs.Int("count", 0, fmt.Sprintf("how many states to make with --prefix (1-%d)", joinway.MaxBatch))
	start := fs.Int("start", 1, "the first number with --prefix")
	cf := addConfigFlags(fs)
	out := fs.String("out", "", "write the codes (PNG) and manifest.csv to this zip `FILE`")
	overwrite := fs.Bool("overwrite", false, "replace the --out FILE if it exists")
	force := fs.Bool("force", false, "make new join ways even over possible orphans")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case len(pos) != 1:
		return usageError(env, cmd, jwBatchUsage, "give exactly one profile NAME")
	case set["states"] == set["prefix"]:
		return usageError(env, cmd, jwBatchUsage, "give either --states A,B,C or --prefix P --count N")
	case set["states"] && (set["count"] || set["start"]):
		return usageError(env, cmd, jwBatchUsage, "--count and --start go with --prefix")
	case set["prefix"] && !set["count"]:
		return usageError(env, cmd, jwBatchUsage, "--prefix needs --count N (how many codes)")
	case *out == "":
		return usageError(env, cmd, jwBatchUsage, "--out FILE.zip is required: the codes go there")
	}
	var states []string
	if set["states"] {
		for _, s := range strings.Split(*statesFlag, ",") {
			states = append(states, strings.TrimSpace(s))
		}
	} else if states, err = joinway.BatchStates(*prefix, *count, *start); err != nil {
		return usageError(env, cmd, jwBatchUsage, "%v", err)
	}
	base := cf.config("")
	if err := joinway.CheckBatch(states, base); err != nil {
		return usageError(env, cmd, jwBatchUsage, "%v", err)
	}
	if err := checkOut(*out, *overwrite); err != nil {
		return fail(env, cmd, err)
	}
	profile := pos[0]
	// No overall timeout: a batch of 1000 takes minutes; each WeCom call has its own.
	// The first Ctrl-C stops the batch after the code in progress; a second one abandons
	// that code's call (its add is then kept as pending, a possible orphan).
	ictx, stop := jwContext(env, 0)
	defer stop()
	bctx, abandon := context.WithCancel(context.Background())
	defer abandon()
	errw := &syncWriter{w: env.Stderr}
	finished := make(chan struct{})
	finish := sync.OnceFunc(func() { close(finished) })
	watcher := make(chan struct{})
	defer func() { finish(); <-watcher }() // also when the batch never started
	go func() {
		defer close(watcher)
		select {
		case <-ictx.Done():
		case <-finished:
			return
		}
		fmt.Fprintln(errw, "stopping after the code in progress (Ctrl-C again to abandon it); what was made goes into the zip")
		again, stopAgain := context.Background(), context.CancelFunc(func() {})
		if env.Interrupt != nil {
			again, stopAgain = env.Interrupt()
		}
		defer stopAgain()
		select {
		case <-again.Done():
			abandon()
		case <-finished:
		}
	}()
	return withJoinWays(ictx, env, cmd, profile, func(j *joinway.Service) int {
		sum := batchJSON{Total: len(states), Items: []joinway.BatchItem{}}
		width := len(strconv.Itoa(len(states)))
		fmt.Fprintf(errw, "making %d codes for %s (Ctrl-C stops and writes what was made)\n", len(states), profile)
		items, err := j.Batch(bctx, states, base, *force, func(p joinway.BatchProgress) {
			it := p.Item
			line := "made " + it.ConfigID
			switch {
			case it.Error != "":
				line = "FAILED: " + it.Error
			case it.Reused:
				line = "reused " + it.ConfigID
			}
			fmt.Fprintf(errw, "[%*d/%d] %s  %s\n", width, p.Done, p.Total, it.State, line)
			if ictx.Err() != nil {
				abandon() // Ctrl-C: no next code
			}
		})
		finish()
		stop() // from here a Ctrl-C quits at once
		if items != nil {
			sum.Items = items
		}
		for _, it := range sum.Items {
			if it.Error != "" {
				sum.Failed++
			} else {
				sum.Done++
			}
		}
		if err != nil {
			sum.Stopped, sum.Error = true, err.Error()
			fmt.Fprintf(errw, "stopped: %v\n", err)
		}
		pngs, zipErr := 0, error(nil)
		if len(sum.Items) > 0 {
			var buf bytes.Buffer
			zipErr = j.WriteZip(context.Background(), sum.Items, &buf)
			if zipErr == nil {
				pngs = countPNGs(buf.Bytes())
				zipErr = writeFileAtomic(*out, buf.Bytes(), *overwrite)
			}
			if zipErr == nil {
				sum.Out = *out
			}
		}
		if *asJSON {
			if code := writeJSON(env, sum); code != ExitOK {
				return code
			}
		} else {
			fmt.Fprintf(env.Stdout, "%d of %d codes made, %d failed", sum.Done, sum.Total, sum.Failed)
			if sum.Stopped {
				fmt.Fprint(env.Stdout, " (stopped early)")
			}
			fmt.Fprintln(env.Stdout)
			if sum.Out != "" {
				fmt.Fprintf(env.Stdout, "Wrote %s: %d PNG(s) and manifest.csv (state, config_id, join_link, qr_url, file, error).\n", sum.Out, pngs)
			}
		}
		if pending := pendingStates(j, states); len(pending) > 0 {
			fmt.Fprintf(errw, "%d state(s) have an add_join_way without a stored answer (possible orphans: %s); the next batch stops at them unless --force. See: wecomdev joinway list %s\n",
				len(pending), strings.Join(pending, ", "), profile)
		}
		switch {
		case zipErr != nil:
			return fail(env, cmd, fmt.Errorf("the codes are in the registry (a new batch of the same states reuses them) but the zip was not written: %w", zipErr))
		case len(sum.Items) == 0:
			fmt.Fprintln(errw, "nothing was made, so no zip was written")
			return ExitError
		case sum.Failed > 0:
			fmt.Fprintf(errw, "%d code(s) failed: see the error column of manifest.csv; the same batch again retries them and reuses the others\n", sum.Failed)
			return ExitError
		case sum.Stopped:
			return ExitError
		}
		return ExitOK
	})
}

// pendingStates lists the states among states whose registry row is pending.
func pendingStates(j *joinway.Service, states []string) []string {
	list, err := j.List(context.Background())
	if err != nil {
		return nil
	}
	want := map[string]bool{}
	for _, s := range states {
		want[s] = true
	}
	var out []string
	for _, e := range list {
		if e.Status == joinway.StatusPending && want[e.Config.State] {
			out = append(out, e.Config.State)
		}
	}
	return out
}

// syncWriter serialises the writes of the batch and of its Ctrl-C watcher.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func countPNGs(zipData []byte) int {
	zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
	if err != nil {
		return 0
	}
	n := 0
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".png") {
			n++
		}
	}
	return n
}
