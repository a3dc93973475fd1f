package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"wecomdev/internal/devsession"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/profiles"
	"wecomdev/internal/secrets"
	"wecomdev/internal/tunnel"
	"wecomdev/internal/wecom"
	"wecomdev/internal/workspace"
)

const (
	profileUsage = "wecomdev profile add NAME --corp-id ID --agent-id N [--api-base URL] [--trusted-domain HOST]... [--json]\n" +
		"       wecomdev profile edit NAME [--corp-id ID] [--agent-id N] [--api-base URL] [--trusted-domain HOST]... [--no-trusted-domains] [--json]\n" +
		"       wecomdev profile list [--json]\n" +
		"       wecomdev profile remove NAME"
	secretUsage = "wecomdev secret set NAME      (reads the secret from standard input)\n       wecomdev secret delete NAME\n" +
		"       wecomdev secret set --tunnel ssh-passphrase|ssh-password|ngrok-authtoken   (a tunnel's secret, from standard input)\n" +
		"       wecomdev secret delete --tunnel ITEM"
	ticketsUsage = "wecomdev tickets NAME [--json]"
	signUsage    = "wecomdev sign NAME --url URL [--agent] [--json]\n" +
		"       wecomdev sign --ticket T --noncestr N --timestamp TS --url URL [--json]   (offline)"
)

// commandTimeout bounds a command that may call WeCom.
const commandTimeout = 60 * time.Second

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// flagSet is a command's flags with the command line they belong to, so that -h / --help
// prints the command's help (helpText) and a wrong flag its usage.
type flagSet struct {
	*flag.FlagSet
	env        Env
	cmd, usage string
}

// parse parses flags wherever they stand among the positional arguments
// ("profile add NAME --corp-id X" as well as "profile add --corp-id X NAME").
// -h / --help prints the help on standard output and returns flag.ErrHelp; a wrong flag
// prints what is wrong and the usage on standard error. exitOf gives the exit status.
func parse(fs *flagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(fs.env.Stdout, helpText(fs.cmd, fs.usage, fs.FlagSet))
			} else {
				fmt.Fprintf(fs.env.Stderr, "Usage: %s\n", fs.usage)
				fs.PrintDefaults()
			}
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// exitOf is the exit status of a command line parse refused: 0 after the help it asked for.
func exitOf(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	return ExitUsage
}

func newFlags(env Env, name, usage string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {} // parse prints the help or the usage
	return &flagSet{FlagSet: fs, env: env, cmd: name, usage: usage}
}

func usageError(env Env, cmd, usage, format string, args ...any) int {
	fmt.Fprintf(env.Stderr, "wecomdev %s: %s\nUsage: %s\n", cmd, fmt.Sprintf(format, args...), usage)
	return ExitUsage
}

// fail prints an error with its explanation when WeCom's table has one.
func fail(env Env, cmd string, err error) int {
	msg := err.Error()
	if m, ok := sameKeychainFailures(err); ok {
		msg = m
	}
	fmt.Fprintf(env.Stderr, "wecomdev %s: %s\n", cmd, msg)
	if ex, ok := wecom.ExplainErrorAt(err, commandPlaces("")); ok {
		lang := "en-US"
		if strings.HasPrefix(env.Getenv("LANG"), "zh") {
			lang = "zh-CN"
		}
		fmt.Fprintf(env.Stderr, "  cause: %s\n  fix:   %s\n  more:  %s\n", ex.Cause.In(lang), ex.Fix.In(lang), ex.Doc)
	}
	return ExitError
}

// sameKeychainFailures is the text of err when it joins keychain errors that are one
// failure (a keychain that does not answer fails every item alike, and each error says how
// to fix it): the first in full, then the other items' keys; false for any other error.
func sameKeychainFailures(err error) (string, bool) {
	type multi interface{ Unwrap() []error }
	var join error
	for e := err; e != nil && join == nil; e = errors.Unwrap(e) {
		if _, ok := e.(*secrets.Error); ok {
			return "", false
		}
		if _, ok := e.(multi); ok {
			join = e
		}
	}
	if join == nil {
		return "", false
	}
	var leaves []*secrets.Error
	var flatten func(e error) bool
	flatten = func(e error) bool {
		if se, ok := e.(*secrets.Error); ok {
			leaves = append(leaves, se)
			return true
		}
		m, ok := e.(multi)
		if !ok {
			return false
		}
		for _, c := range m.Unwrap() {
			if !flatten(c) {
				return false
			}
		}
		return true
	}
	if !flatten(join) || len(leaves) < 2 || !strings.HasSuffix(err.Error(), join.Error()) {
		return "", false
	}
	first := leaves[0]
	var others []string
	for _, l := range leaves[1:] {
		if l.Op != first.Op || l.Err != first.Err || l.Error() != strings.Replace(first.Error(), strconv.Quote(first.Key), strconv.Quote(l.Key), 1) {
			return "", false
		}
		others = append(others, strconv.Quote(l.Key))
	}
	prefix := strings.TrimSuffix(err.Error(), join.Error())
	return fmt.Sprintf("%s%s\n  the same for %s", prefix, first.Error(), strings.Join(others, ", ")), true
}

func writeJSON(env Env, v any) int {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(env.Stderr, "wecomdev:", err)
		return ExitError
	}
	return ExitOK
}

func withWorkspace(env Env, cmd string, f func(ctx context.Context, e *workspace.Workspace) int) int {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	e, err := env.OpenWorkspace(ctx)
	if err != nil {
		return fail(env, cmd, err)
	}
	defer e.Close()
	return f(ctx, e)
}

// ---- profile ----

// profileJSON is the contract of `profile list --json` and `profile add --json`.
type profileJSON struct {
	Name           string   `json:"name"`
	CorpID         string   `json:"corpId"`
	AgentID        int64    `json:"agentId"`
	APIBase        string   `json:"apiBase"`
	TrustedDomains []string `json:"trustedDomains"`
	Sandbox        bool     `json:"sandbox"`
	Secret         string   `json:"secret"`
}

func toJSON(ctx context.Context, e *workspace.Workspace, p profiles.Profile) profileJSON {
	base := p.APIBase
	if p.Sandbox {
		base = "sandbox (in-process, on loopback)"
	}
	return profileJSON{p.Name, p.CorpID, p.AgentID, base, p.TrustedDomains, p.Sandbox, e.SecretState(ctx, p)}
}

func runProfile(env Env, args []string) int {
	if len(args) > 0 && isHelpArg(args[0]) {
		return showHelp(env, "profile", profileUsage)
	}
	if len(args) == 0 {
		return usageError(env, "profile", profileUsage, "say add, edit, list or remove")
	}
	switch args[0] {
	case "add":
		return runProfileAdd(env, args[1:])
	case "edit":
		return runProfileEdit(env, args[1:])
	case "list", "ls":
		fs := newFlags(env, "profile list", profileUsage)
		asJSON := fs.Bool("json", false, "print as JSON")
		pos, err := parse(fs, args[1:])
		if err != nil {
			return exitOf(err)
		}
		if len(pos) > 0 {
			return usageError(env, "profile list", profileUsage, "unexpected argument %q", pos[0])
		}
		return withWorkspace(env, "profile list", func(ctx context.Context, e *workspace.Workspace) int {
			list, err := e.Profiles(ctx)
			if err != nil {
				return fail(env, "profile list", err)
			}
			out := make([]profileJSON, 0, len(list))
			for _, p := range list {
				out = append(out, toJSON(ctx, e, p))
			}
			if *asJSON {
				return writeJSON(env, out)
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tCORP ID\tAGENT ID\tSECRET\tAPI BASE\tTRUSTED DOMAINS")
			for _, p := range out {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", p.Name, p.CorpID, p.AgentID, p.Secret, p.APIBase, strings.Join(p.TrustedDomains, ","))
			}
			tw.Flush()
			return ExitOK
		})
	case "remove", "rm":
		fs := newFlags(env, "profile remove", profileUsage)
		pos, err := parse(fs, args[1:])
		if err != nil {
			return exitOf(err)
		}
		if len(pos) != 1 {
			return usageError(env, "profile remove", profileUsage, "give exactly one profile NAME")
		}
		return withWorkspace(env, "profile remove", func(ctx context.Context, e *workspace.Workspace) int {
			if err := e.RemoveProfile(ctx, pos[0]); err != nil {
				return fail(env, "profile remove", err)
			}
			fmt.Fprintf(env.Stdout, "removed profile %s (its secret and cached tickets too)\n", pos[0])
			return ExitOK
		})
	}
	return usageError(env, "profile", profileUsage, "unknown subcommand %q", args[0])
}

func runProfileAdd(env Env, args []string) int {
	fs := newFlags(env, "profile add", profileUsage)
	corpID := fs.String("corp-id", "", "the corp ID (企业ID), like ww1234567890abcdef")
	agentID := fs.String("agent-id", "", "the app's AgentId, like 1000002")
	apiBase := fs.String("api-base", wecom.DefaultBaseURL, "the WeCom API base URL (private deployments differ)")
	var domains stringList
	fs.Var(&domains, "trusted-domain", "a trusted domain (可信域名) of the app; repeat for more")
	asJSON := fs.Bool("json", false, "print the profile as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	if len(pos) != 1 {
		return usageError(env, "profile add", profileUsage, "give exactly one profile NAME")
	}
	if *corpID == "" {
		return usageError(env, "profile add", profileUsage, "--corp-id is required")
	}
	agent, err := strconv.ParseInt(*agentID, 10, 64)
	if err != nil || agent <= 0 {
		return usageError(env, "profile add", profileUsage, "--agent-id %q: give the app's AgentId, a positive number like 1000002", *agentID)
	}
	return withWorkspace(env, "profile add", func(ctx context.Context, e *workspace.Workspace) int {
		p, err := e.AddProfile(ctx, profiles.Profile{Name: pos[0], CorpID: *corpID, AgentID: agent, APIBase: *apiBase, TrustedDomains: domains})
		if err != nil {
			return fail(env, "profile add", err)
		}
		if *asJSON {
			return writeJSON(env, toJSON(ctx, e, p))
		}
		fmt.Fprintf(env.Stdout, "added profile %s; set its secret with: wecomdev secret set %s\n", p.Name, p.Name)
		return ExitOK
	})
}

// runProfileEdit changes what its flags name and keeps the rest; --trusted-domain replaces
// the whole list (as the Profiles area's form does). The sandbox takes only trusted domains.
func runProfileEdit(env Env, args []string) int {
	fs := newFlags(env, "profile edit", profileUsage)
	corpID := fs.String("corp-id", "", "the new corp ID (企业ID)")
	agentID := fs.String("agent-id", "", "the new AgentId, like 1000002")
	apiBase := fs.String("api-base", "", "the new WeCom API base URL")
	var domains stringList
	fs.Var(&domains, "trusted-domain", "a trusted domain (可信域名), with its port if it has one; repeat for more: the list replaces the profile's")
	noDomains := fs.Bool("no-trusted-domains", false, "empty the profile's trusted domains")
	asJSON := fs.Bool("json", false, "print the profile as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	if len(pos) != 1 {
		return usageError(env, "profile edit", profileUsage, "give exactly one profile NAME")
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *noDomains && len(domains) > 0 {
		return usageError(env, "profile edit", profileUsage, "--no-trusted-domains and --trusted-domain contradict each other: give one")
	}
	if len(set) == 0 || len(set) == 1 && set["json"] {
		return usageError(env, "profile edit", profileUsage, "nothing to change: give --corp-id, --agent-id, --api-base, --trusted-domain or --no-trusted-domains")
	}
	var agent int64
	if set["agent-id"] {
		if agent, err = strconv.ParseInt(*agentID, 10, 64); err != nil || agent <= 0 {
			return usageError(env, "profile edit", profileUsage, "--agent-id %q: give the app's AgentId, a positive number like 1000002", *agentID)
		}
	}
	return withWorkspace(env, "profile edit", func(ctx context.Context, e *workspace.Workspace) int {
		p, err := e.Profile(ctx, pos[0])
		if err != nil {
			return fail(env, "profile edit", err)
		}
		if p.Sandbox && (set["corp-id"] || set["agent-id"] || set["api-base"]) {
			return usageError(env, "profile edit", profileUsage, "the sandbox profile is built in: only its trusted domains can change")
		}
		if set["corp-id"] {
			p.CorpID = *corpID
		}
		if set["agent-id"] {
			p.AgentID = agent
		}
		if set["api-base"] {
			p.APIBase = *apiBase
		}
		if set["trusted-domain"] || *noDomains {
			p.TrustedDomains = []string(domains)
		}
		p, err = e.UpdateProfile(ctx, pos[0], p)
		if err != nil {
			return fail(env, "profile edit", err)
		}
		if *asJSON {
			return writeJSON(env, toJSON(ctx, e, p))
		}
		fmt.Fprintf(env.Stdout, "changed profile %s; trusted domains: %s\n", p.Name, orNone(strings.Join(p.TrustedDomains, ", ")))
		return ExitOK
	})
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// ---- secret ----

func runSecret(env Env, args []string) int {
	if len(args) > 0 && isHelpArg(args[0]) {
		return showHelp(env, "secret", secretUsage)
	}
	if len(args) == 0 || (args[0] != "set" && args[0] != "delete") {
		return usageError(env, "secret", secretUsage, "say set or delete")
	}
	sub := args[0]
	fs := newFlags(env, "secret "+sub, secretUsage)
	item := fs.String("tunnel", "", "a tunnel secret instead of a corp secret: "+strings.Join(tunnelItems, ", "))
	pos, err := parse(fs, args[1:])
	if err != nil {
		return exitOf(err)
	}
	if *item != "" {
		if len(pos) != 0 || !slices.Contains(tunnelItems, *item) {
			return usageError(env, "secret "+sub, secretUsage, "--tunnel takes one of %s and no profile name", strings.Join(tunnelItems, ", "))
		}
		return tunnelSecretCommand(env, sub, *item)
	}
	if len(pos) != 1 {
		return usageError(env, "secret "+sub, secretUsage, "give exactly one profile NAME (the secret itself is read from standard input, never from the command line)")
	}
	name := pos[0]
	if sub == "delete" {
		return withWorkspace(env, "secret delete", func(ctx context.Context, e *workspace.Workspace) int {
			if err := e.DeleteSecret(ctx, name); err != nil {
				return fail(env, "secret delete", err)
			}
			fmt.Fprintf(env.Stdout, "deleted the secret of %s from the keychain\n", name)
			return ExitOK
		})
	}
	secret, err := readSecret(env, "Corp secret for "+name)
	if err != nil {
		return fail(env, "secret set", err)
	}
	return withWorkspace(env, "secret set", func(ctx context.Context, e *workspace.Workspace) int {
		if err := e.SetSecret(ctx, name, secret); err != nil {
			return fail(env, "secret set", err)
		}
		fmt.Fprintf(env.Stdout, "stored the secret of %s in the OS keychain\n", name)
		return ExitOK
	})
}

// tunnelItems are the tunnel secrets `secret set --tunnel` stores.
var tunnelItems = devsession.SecretItems

// tunnelSecretCommand stores or deletes a tunnel secret (read from standard input).
func tunnelSecretCommand(env Env, sub, item string) int {
	cmd := "secret " + sub
	value := ""
	if sub == "set" {
		v, err := readSecret(env, "The "+item)
		if err != nil {
			return fail(env, cmd, err)
		}
		if strings.TrimSpace(v) == "" {
			return usageError(env, cmd, secretUsage, "the %s read from standard input is empty", item)
		}
		value = v
	}
	return withWorkspace(env, cmd, func(ctx context.Context, e *workspace.Workspace) int {
		key := tunnel.KeychainKey(item)
		if sub == "delete" {
			if err := e.Keychain().Delete(ctx, key); err != nil && !errors.Is(err, secrets.ErrNotFound) {
				return fail(env, cmd, err)
			}
			fmt.Fprintf(env.Stdout, "deleted the tunnel's %s from the keychain\n", item)
			return ExitOK
		}
		if err := devsession.SetTunnelSecret(ctx, e.Keychain(), item, value); err != nil {
			return fail(env, cmd, err)
		}
		fmt.Fprintf(env.Stdout, "stored the tunnel's %s in the OS keychain\n", item)
		return ExitOK
	})
}

// readSecret reads one line from stdin; on a terminal it prompts and does not echo.
func readSecret(env Env, prompt string) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(env.Stderr, "%s (input hidden): ", prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		return string(b), err
	}
	line, err := bufio.NewReader(io.LimitReader(env.Stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the secret from standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// ---- tickets ----

func runTickets(env Env, args []string) int {
	fs := newFlags(env, "tickets", ticketsUsage)
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	if len(pos) != 1 {
		return usageError(env, "tickets", ticketsUsage, "give exactly one profile NAME")
	}
	return withWorkspace(env, "tickets", func(ctx context.Context, e *workspace.Workspace) int {
		fetchErr := e.FetchTickets(ctx, pos[0])
		st, err := e.TicketStatus(ctx, pos[0])
		if err != nil {
			return fail(env, "tickets", err)
		}
		if *asJSON {
			if code := writeJSON(env, st); code != ExitOK {
				return code
			}
		} else {
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "CREDENTIAL\tVALUE\tSTATE\tEXPIRES\tTTL")
			for _, c := range st.Credentials {
				exp, ttl := "-", "-"
				if c.ExpiresAt > 0 {
					at := time.UnixMilli(c.ExpiresAt)
					exp = at.Format(time.DateTime)
					ttl = time.Until(at).Truncate(time.Second).String()
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Kind, c.Masked, c.State, exp, ttl)
			}
			tw.Flush()
			fmt.Fprintf(env.Stdout, "ticket fetches this hour: corp %d/%d, app %d/%d\n", st.Budget.Corp.Used, st.Budget.Corp.Limit, st.Budget.App.Used, st.Budget.App.Limit)
		}
		if fetchErr != nil {
			return fail(env, "tickets", fetchErr)
		}
		return ExitOK
	})
}

// ---- sign ----

// offlineSignJSON is the contract of the offline `sign --json`.
type offlineSignJSON struct {
	SignString string `json:"signString"`
	Signature  string `json:"signature"`
}

// signJSON is the contract of `sign NAME --json`.
type signJSON struct {
	URL        string `json:"url"`
	Timestamp  string `json:"timestamp"`
	NonceStr   string `json:"nonceStr"`
	Signature  string `json:"signature"`
	TicketKind string `json:"ticketKind"`
	SignString string `json:"signString"`
}

func runSign(env Env, args []string) int {
	fs := newFlags(env, "sign", signUsage)
	url := fs.String("url", "", "the page URL (what location.href is; the #… is cut)")
	agent := fs.Bool("agent", false, "sign for wx.agentConfig with the app ticket (default: wx.config with the corp ticket)")
	ticket := fs.String("ticket", "", "offline: the jsapi ticket to sign with")
	nonce := fs.String("noncestr", "", "offline: the nonceStr")
	ts := fs.String("timestamp", "", "offline: the timestamp, in seconds")
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	if *url == "" {
		return usageError(env, "sign", signUsage, "--url is required")
	}
	if err := workspace.CheckURL(*url); err != nil {
		return usageError(env, "sign", signUsage, "--url: %v", err)
	}
	offline := *ticket != "" || *nonce != "" || *ts != ""
	if offline {
		if len(pos) > 0 {
			return usageError(env, "sign", signUsage, "offline signing takes no profile NAME (got %q)", pos[0])
		}
		for flagName, v := range map[string]string{"--ticket": *ticket, "--noncestr": *nonce, "--timestamp": *ts} {
			if v == "" {
				return usageError(env, "sign", signUsage, "offline signing needs %s too", flagName)
			}
		}
		signed := jssdk.CutHash(*url)
		out := offlineSignJSON{SignString: jssdk.SignString(*ticket, *nonce, *ts, signed), Signature: jssdk.Signature(*ticket, *nonce, *ts, signed)}
		for _, w := range jssdk.Check(*nonce, *ts, *url) {
			fmt.Fprintf(env.Stderr, "warning: %s: %s\n", w.Code, w.Detail)
		}
		if *asJSON {
			return writeJSON(env, out)
		}
		fmt.Fprintf(env.Stdout, "sign string: %s\nsignature:   %s\n", out.SignString, out.Signature)
		return ExitOK
	}
	if len(pos) != 1 {
		return usageError(env, "sign", signUsage, "give a profile NAME, or --ticket, --noncestr and --timestamp to sign offline")
	}
	kind := jssdk.KindCorp
	if *agent {
		kind = jssdk.KindAgent
	}
	return withWorkspace(env, "sign", func(ctx context.Context, e *workspace.Workspace) int {
		r, err := e.Sign(ctx, pos[0], *url, kind)
		if err != nil {
			return fail(env, "sign", err)
		}
		b := r.Config
		if kind == jssdk.KindAgent {
			b = r.Agent
		}
		for _, w := range b.Warnings {
			fmt.Fprintf(env.Stderr, "warning: %s: %s\n", w.Code, w.Detail)
		}
		if *asJSON {
			return writeJSON(env, signJSON{URL: b.SignedURL, Timestamp: b.Timestamp, NonceStr: b.NonceStr, Signature: b.Signature, TicketKind: string(kind), SignString: b.SignStringMasked})
		}
		fmt.Fprintf(env.Stdout, "url:         %s\nticket:      %s (%s)\ntimestamp:   %s\nnonceStr:    %s\nsign string: %s\nsignature:   %s\n",
			b.SignedURL, kind, b.TicketMasked, b.Timestamp, b.NonceStr, b.SignStringMasked, b.Signature)
		return ExitOK
	})
}
