package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"wecomdev/internal/diagnose"
	"wecomdev/internal/oauth"
	"wecomdev/internal/workspace"
)

const (
	oauthUsage = "wecomdev oauth url NAME --redirect URL [--scope snsapi_base|snsapi_privateinfo] [--state S] [--base URL] [--json]\n" +
		"       Builds the profile's web authorisation (网页授权) URL: appid is its corp ID, agentid its agent ID,\n" +
		"       redirect_uri encoded once, #wechat_redirect at the end. The checker's notes on it (a redirect off\n" +
		"       the trusted domains, say) go to standard error. Check a URL you have with: wecomdev diagnose oauth.\n" +
		"       Exit status: 0 built, 1 an error, 2 a wrong command line."
	oauthURLUsage  = "wecomdev oauth url NAME --redirect URL [--scope snsapi_base|snsapi_privateinfo] [--state S] [--base URL] [--json]"
	diagOAuthUsage = "wecomdev diagnose oauth [NAME] --url AUTHORIZE_URL [--json] [--lang zh-CN|en-US]\n" +
		"       Checks a web authorisation (网页授权) URL against WeCom's rules and, with NAME, against the profile's\n" +
		"       corp ID, agent ID and trusted domains (host and port). Exit status: 0 no error (warnings allowed),\n" +
		"       1 a finding is an error (or the command failed), 2 a wrong command line."
)

// oauthURLJSON is the contract of `oauth url --json`.
type oauthURLJSON struct {
	URL      string                  `json:"url"`
	Findings []diagnose.LocalFinding `json:"findings"` // the checker's notes on the URL built
}

// oauthCheckJSON is the contract of `diagnose oauth --json`.
type oauthCheckJSON struct {
	OK       bool                    `json:"ok"` // no finding is an error
	Findings []diagnose.LocalFinding `json:"findings"`
}

func runOAuth(env Env, args []string) int {
	if len(args) > 0 && isHelpArg(args[0]) {
		return showHelp(env, "oauth", oauthUsage)
	}
	if len(args) == 0 || args[0] != "url" {
		return usageError(env, "oauth", oauthUsage, "say url (to check a URL: wecomdev diagnose oauth)")
	}
	return runOAuthURL(env, args[1:])
}

func runOAuthURL(env Env, args []string) int {
	fs := newFlags(env, "oauth url", oauthURLUsage)
	redirect := fs.String("redirect", "", "where WeCom sends the member back: the page's full URL (not yet encoded)")
	scope := fs.String("scope", oauth.ScopeBase, "snsapi_base (silent, the userid) or snsapi_privateinfo (the member confirms; needs the agent ID)")
	state := fs.String("state", "", "comes back unchanged: at most 128 bytes of a-z, A-Z, 0-9")
	base := fs.String("base", "", "another authorize endpoint with WeCom's path and parameters (the sandbox's, the emulator's); default WeCom's")
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	if len(pos) != 1 {
		return usageError(env, "oauth url", oauthURLUsage, "give one profile NAME (wecomdev profile list)")
	}
	if strings.TrimSpace(*redirect) == "" {
		return usageError(env, "oauth url", oauthURLUsage, "--redirect is required: the page WeCom sends the member back to, like https://h5.example.com/login")
	}
	return withWorkspace(env, "oauth url", func(ctx context.Context, e *workspace.Workspace) int {
		p, err := e.Profile(ctx, pos[0])
		if err != nil {
			return fail(env, "oauth url", err)
		}
		params := oauth.ParamsOf(p, *redirect, *scope, *state)
		params.Base = *base
		u, err := oauth.BuildAuthorizeURL(params)
		if errors.Is(err, oauth.ErrInvalid) {
			return usageError(env, "oauth url", oauthURLUsage, "%v", err)
		} else if err != nil {
			return fail(env, "oauth url", err)
		}
		lang, _ := langOf(env, "")
		notes := diagnose.Localize(oauth.CheckAuthorizeURL(u, oauth.ContextOf(p)), lang)
		if *asJSON {
			return writeJSON(env, oauthURLJSON{URL: u, Findings: notes})
		}
		fmt.Fprintln(env.Stdout, u)
		if len(notes) > 0 {
			fmt.Fprintln(env.Stderr, "note: the checker says of this URL:")
			printFindings(env.Stderr, notes)
		}
		return ExitOK
	})
}

// runDiagnoseOAuth is `diagnose oauth [NAME] --url URL`.
func runDiagnoseOAuth(env Env, args []string) int {
	fs := newFlags(env, "diagnose oauth", diagOAuthUsage)
	rawURL := fs.String("url", "", "the authorize URL the page sends the member to (open.weixin.qq.com/connect/oauth2/authorize?…)")
	asJSON := fs.Bool("json", false, "print as JSON")
	langFlag := fs.String("lang", "", "the language of the messages: zh-CN or en-US (default: from LANG)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	lang, ok := langOf(env, *langFlag)
	if !ok {
		return usageError(env, "diagnose oauth", diagOAuthUsage, "--lang %q: say zh-CN or en-US", *langFlag)
	}
	if len(pos) > 1 {
		return usageError(env, "diagnose oauth", diagOAuthUsage, "give at most one profile NAME (got %d)", len(pos))
	}
	if strings.TrimSpace(*rawURL) == "" {
		return usageError(env, "diagnose oauth", diagOAuthUsage, "--url is required: the authorize URL the page sends the member to (quote it: it has & and #)")
	}
	check := func(c oauth.Context) int {
		fs := oauth.CheckAuthorizeURL(*rawURL, c)
		out := oauthCheckJSON{OK: !oauth.HasError(fs), Findings: diagnose.Localize(fs, lang)}
		if *asJSON {
			if code := writeJSON(env, out); code != ExitOK {
				return code
			}
		} else {
			switch {
			case len(fs) == 0:
				fmt.Fprintln(env.Stdout, "result: the authorize URL follows WeCom's rules")
			case out.OK:
				fmt.Fprintf(env.Stdout, "result: no error, %d warning(s)\n", len(fs))
			default:
				fmt.Fprintf(env.Stdout, "result: %d finding(s)\n", len(fs))
			}
			printFindings(env.Stdout, out.Findings)
		}
		if !out.OK {
			return ExitError
		}
		return ExitOK
	}
	if len(pos) == 0 {
		return check(oauth.Context{})
	}
	return withWorkspace(env, "diagnose oauth", func(ctx context.Context, e *workspace.Workspace) int {
		p, err := e.Profile(ctx, pos[0])
		if err != nil {
			return fail(env, "diagnose oauth", err)
		}
		return check(oauth.ContextOf(p))
	})
}
