package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"golang.org/x/term"

	"wecomdev/internal/callback"
	"wecomdev/internal/workspace"
)

const callbackUsage = "wecomdev callback set NAME [--generate]   (the Token and the EncodingAESKey: two lines on standard input, or made by --generate)\n" +
	"       wecomdev callback show NAME [--public-url URL] [--json]\n" +
	"       wecomdev callback delete NAME\n" +
	"       wecomdev callback probe NAME --url URL [--receive-id ID] [--lang zh-CN|en-US] [--json]"

// stdoutIsTerminal tells whether w is a terminal: --generate prints the new keys only there
// (the admin console needs them once), never into a pipe or a file. Tests replace it.
var stdoutIsTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func runCallback(env Env, args []string) int {
	if len(args) > 0 && isHelpArg(args[0]) {
		return showHelp(env, "callback", callbackUsage)
	}
	if len(args) == 0 {
		return usageError(env, "callback", callbackUsage, "say set, show, delete or probe")
	}
	switch args[0] {
	case "set":
		return callbackSet(env, args[1:])
	case "show":
		return callbackShow(env, args[1:])
	case "delete":
		return callbackDelete(env, args[1:])
	case "probe":
		return callbackProbe(env, args[1:])
	}
	return usageError(env, "callback", callbackUsage, "unknown subcommand %q: say set, show, delete or probe", args[0])
}

func callbackSet(env Env, args []string) int {
	fs := newFlags(env, "callback set", callbackUsage)
	generate := fs.Bool("generate", false, "make a new Token and EncodingAESKey, store them, and print them once to the terminal for the admin console")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	if len(pos) != 1 {
		return usageError(env, "callback set", callbackUsage, "give exactly one profile NAME (the keys are read from standard input, never from the command line)")
	}
	name := pos[0]
	var keys callback.Keys
	if *generate {
		keys = callback.Keys{Token: callback.GenerateToken(), EncodingAESKey: callback.GenerateAESKey()}
	} else {
		lines, err := readSecretLines(env, "Callback Token for "+name, "EncodingAESKey for "+name)
		if err != nil {
			return fail(env, "callback set", err)
		}
		keys = callback.Keys{Token: lines[0], EncodingAESKey: lines[1]}
	}
	return withWorkspace(env, "callback set", func(ctx context.Context, e *workspace.Workspace) int {
		if err := e.SetCallbackKeys(ctx, name, keys); err != nil {
			return fail(env, "callback set", err)
		}
		fmt.Fprintf(env.Stdout, "stored the callback Token and EncodingAESKey of %s in the OS keychain\n", name)
		if !*generate {
			return ExitOK
		}
		if !stdoutIsTerminal(env.Stdout) {
			fmt.Fprintf(env.Stdout, "standard output is not a terminal, so the new values are not printed (they would land in a file or a log);\n"+
				"run 'wecomdev callback show %s --reveal' in a terminal to see them\n", name)
			return ExitOK
		}
		fmt.Fprintf(env.Stdout, "\nPaste these into the admin console (应用管理 → your app → 接收消息 → 设置API接收). They are shown this once:\n"+
			"  Token:          %s\n  EncodingAESKey: %s\n", keys.Token, keys.EncodingAESKey)
		return ExitOK
	})
}

// readSecretLines reads one line per prompt: from one reader when standard input is not a
// terminal (two lines piped in), hidden one by one when it is.
func readSecretLines(env Env, prompts ...string) ([]string, error) {
	out := make([]string, len(prompts))
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		for i, p := range prompts {
			v, err := readSecret(env, p)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	rd := bufio.NewReader(io.LimitReader(env.Stdin, 4096))
	for i := range prompts {
		line, err := rd.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read line %d from standard input: %w", i+1, err)
		}
		out[i] = strings.TrimRight(line, "\r\n")
		if out[i] == "" {
			return nil, fmt.Errorf("line %d of standard input is empty: give the Token on the first line and the EncodingAESKey on the second (or use --generate)", i+1)
		}
	}
	return out, nil
}

// callbackShowJSON is the contract of `callback show --json`. It never holds a key's value.
type callbackShowJSON struct {
	Profile string `json:"profile"`
	// URL is what to paste into the admin console: --public-url + path ("" without one).
	URL  string `json:"url"`
	Path string `json:"path"`
	// Keys: stored, missing, env or unknown (the keychain does not answer).
	Keys           string `json:"keys"`
	Token          string `json:"token"`          // masked
	EncodingAESKey string `json:"encodingAESKey"` // masked
	ReceiveID      string `json:"receiveId"`
}

func callbackShow(env Env, args []string) int {
	fs := newFlags(env, "callback show", callbackUsage)
	publicURL := fs.String("public-url", "", "the tunnel's public URL (wecomdev serve --tunnel prints it), to build the URL to paste")
	reveal := fs.Bool("reveal", false, "print the Token and EncodingAESKey themselves (only to a terminal)")
	asJSON := fs.Bool("json", false, "print as JSON (values masked)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	if len(pos) != 1 {
		return usageError(env, "callback show", callbackUsage, "give exactly one profile NAME")
	}
	if *reveal && (*asJSON || !stdoutIsTerminal(env.Stdout)) {
		return usageError(env, "callback show", callbackUsage, "--reveal prints to a terminal only, and never as JSON")
	}
	pasteURL := ""
	if *publicURL != "" {
		u, err := url.Parse(strings.TrimSpace(*publicURL))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return usageError(env, "callback show", callbackUsage, "--public-url %q: give the tunnel's public URL, like https://abc.example.com", *publicURL)
		}
		pasteURL = strings.TrimSuffix(u.Scheme+"://"+u.Host+u.Path, "/") + callback.DefaultPath
	}
	name := pos[0]
	return withWorkspace(env, "callback show", func(ctx context.Context, e *workspace.Workspace) int {
		p, err := e.Profile(ctx, name)
		if err != nil {
			return fail(env, "callback show", err)
		}
		out := callbackShowJSON{Profile: p.Name, URL: pasteURL, Path: callback.DefaultPath, Keys: e.CallbackKeysState(ctx, p), ReceiveID: p.CorpID,
			Token: callback.Mask(""), EncodingAESKey: callback.Mask("")}
		keys, kerr := e.CallbackKeys(ctx, p.Name)
		if kerr == nil {
			out.Token, out.EncodingAESKey = callback.Mask(keys.Token), callback.Mask(keys.EncodingAESKey)
		} else if !errors.Is(kerr, workspace.ErrNoCallbackKeys) {
			return fail(env, "callback show", kerr)
		}
		if *asJSON {
			return writeJSON(env, out)
		}
		w := env.Stdout
		fmt.Fprintf(w, "Callback (回调) of %s: the admin console's 接收消息 → 设置API接收\n", p.Name)
		if pasteURL != "" {
			fmt.Fprintf(w, "  URL:            %s\n", pasteURL)
		} else {
			fmt.Fprintf(w, "  URL:            <the tunnel's public URL>%s\n", callback.DefaultPath)
			fmt.Fprintf(w, "                  (start 'wecomdev serve %s --tunnel …': it prints the public URL; then 'wecomdev callback show %s --public-url URL')\n", p.Name, p.Name)
		}
		where := map[string]string{workspace.CallbackKeysStored: "in the OS keychain", workspace.CallbackKeysEnv: "from " + workspace.EnvCallbackToken + " / " + workspace.EnvCallbackAESKey,
			workspace.CallbackKeysMissing: "not set: 'wecomdev callback set " + p.Name + " --generate' makes both", workspace.CallbackKeysUnknown: "the keychain does not answer"}[out.Keys]
		if *reveal && kerr == nil {
			fmt.Fprintf(w, "  Token:          %s\n  EncodingAESKey: %s   (%s)\n", keys.Token, keys.EncodingAESKey, where)
		} else {
			fmt.Fprintf(w, "  Token:          %s\n  EncodingAESKey: %s   (%s)\n", out.Token, out.EncodingAESKey, where)
		}
		fmt.Fprintf(w, "  receiveid:      %s (the corpid: a corp's own app; a third-party suite's callbacks carry its suiteid)\n", p.CorpID)
		return ExitOK
	})
}

func callbackDelete(env Env, args []string) int {
	fs := newFlags(env, "callback delete", callbackUsage)
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	if len(pos) != 1 {
		return usageError(env, "callback delete", callbackUsage, "give exactly one profile NAME")
	}
	return withWorkspace(env, "callback delete", func(ctx context.Context, e *workspace.Workspace) int {
		if err := e.DeleteCallbackKeys(ctx, pos[0]); err != nil {
			return fail(env, "callback delete", err)
		}
		fmt.Fprintf(env.Stdout, "deleted the callback keys of %s from the keychain\n", pos[0])
		return ExitOK
	})
}

func callbackProbe(env Env, args []string) int {
	fs := newFlags(env, "callback probe", callbackUsage)
	target := fs.String("url", "", "the callback URL to probe, as pasted into the admin console")
	receiveID := fs.String("receive-id", "", "the receiveid WeCom puts in: the corpid (default, a corp's own app) or a suite's suiteid")
	langFlag := fs.String("lang", "", "the language of the report: zh-CN or en-US (default: from LANG)")
	asJSON := fs.Bool("json", false, "print the report as JSON (both languages)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	lang, ok := langOf(env, *langFlag)
	if !ok {
		return usageError(env, "callback probe", callbackUsage, "--lang %q: say zh-CN or en-US", *langFlag)
	}
	if len(pos) != 1 {
		return usageError(env, "callback probe", callbackUsage, "give exactly one profile NAME: its callback keys encrypt the probe")
	}
	if *target == "" {
		return usageError(env, "callback probe", callbackUsage, "--url is required: the callback URL to play WeCom against")
	}
	return withWorkspace(env, "callback probe", func(ctx context.Context, e *workspace.Workspace) int {
		r, err := e.ProbeCallback(ctx, pos[0], *target, *receiveID, nil)
		if errors.Is(err, callback.ErrProbeURL) {
			return usageError(env, "callback probe", callbackUsage, "--url: %v", err)
		}
		if err != nil {
			return fail(env, "callback probe", err)
		}
		if *asJSON {
			if code := writeJSON(env, r); code != ExitOK {
				return code
			}
		} else {
			printProbe(env.Stdout, r, lang)
		}
		if !r.OK {
			return ExitError
		}
		return ExitOK
	})
}

func printProbe(w io.Writer, r callback.Report, lang string) {
	fmt.Fprintf(w, "callback probe of %s (receiveid %s)\n\n", r.URL, r.ReceiveID)
	for _, c := range r.Checks {
		fmt.Fprintf(w, "%-4s  %-11s  %s\n", strings.ToUpper(c.Status), c.Code, c.Title.In(lang))
		if ev := c.Evidence.In(lang); ev != "" {
			fmt.Fprintf(w, "        %s\n", ev)
		}
		if fix := c.Fix.In(lang); fix != "" && c.Status != callback.StatusPass {
			fmt.Fprintf(w, "        fix: %s\n", fix)
		}
		if c.Doc != "" && c.Status != callback.StatusPass && c.Status != callback.StatusSkip {
			fmt.Fprintf(w, "        doc: %s\n", c.Doc)
		}
	}
	fmt.Fprintf(w, "\n%s\n\nrequests:\n", r.Console.In(lang))
	for _, q := range r.Requests {
		if q.Error != "" {
			fmt.Fprintf(w, "  %-4s %d ms: %s\n", q.Method, q.DurationMs, q.Error)
			continue
		}
		fmt.Fprintf(w, "  %-4s HTTP %d in %d ms, body %s\n", q.Method, q.Status, q.DurationMs, q.Body)
	}
}
