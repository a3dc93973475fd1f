package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"

	"wecomdev/internal/diagnose"
	"wecomdev/internal/jssdk"
	"wecomdev/internal/locale"
	"wecomdev/internal/wecom"
	"wecomdev/internal/workspace"
)

const (
	diagnoseUsage = "wecomdev diagnose --signed-url URL --page-url URL [--json] [--lang zh-CN|en-US]\n" +
		"       wecomdev diagnose NAME --page-url URL --signature S --timestamp T --noncestr N [--agent|--config] [--json] [--lang zh-CN|en-US]\n" +
		"       The first compares the URL your backend signed with the page's location.href; the second finds\n" +
		"       which of the profile's tickets, over which URL, made a signature (--agent: wx.agentConfig failed,\n" +
		"       --config: wx.config failed). Exit status: 0 the URLs match / the signature is right (verdict OK),\n" +
		"       1 they differ / any other verdict, or an error; 2 a wrong command line.\n" +
		"       wecomdev diagnose oauth [NAME] --url AUTHORIZE_URL   checks a web authorisation URL (see its --help)."
	explainUsage = "wecomdev explain TEXT... [--json] [--lang zh-CN|en-US]\n" +
		"       TEXT is what the phone showed (an errMsg, the fail callback's JSON, an errcode); - reads it from\n" +
		"       standard input. Exit status: 0 recognised, 1 not recognised, 2 a wrong command line."
	auditUsage = "wecomdev audit NAME --endpoint TEMPLATE [--agent] [--timestamp-field F] [--nonce-field F] [--signature-field F] [--page-base URL] [--json] [--lang zh-CN|en-US]\n" +
		"       TEMPLATE is your signing endpoint with {url} where the page URL goes, like\n" +
		"       'https://api.example.com/wecom/signature?url={url}'. Exit status: 0 no check failed, 1 a check\n" +
		"       failed (or an error), 2 a wrong command line."
)

// maxExplainInput bounds what `explain -` reads from standard input.
const maxExplainInput = 64 << 10

// diffJSON is the contract of `diagnose --signed-url … --page-url … --json`.
type diffJSON struct {
	Match    bool                    `json:"match"`
	Findings []diagnose.LocalFinding `json:"findings"`
}

// forensicsJSON is the contract of `diagnose NAME … --json`: the verdict in one language,
// no ticket in clear.
type forensicsJSON struct {
	Verdict     string                  `json:"verdict"`
	Explanation string                  `json:"explanation"`
	Fix         string                  `json:"fix"`
	Findings    []diagnose.LocalFinding `json:"findings"`
	// SignString is the sign string that gives the signature, ticket masked ("" when no
	// known ticket does).
	SignString    string `json:"signString"`
	TicketKind    string `json:"ticketKind"` // corp or agent, "" when none matched
	Ticket        string `json:"ticket"`     // masked
	TicketCurrent bool   `json:"ticketCurrent"`
	TicketIssue   string `json:"ticketIssue"`
	URL           string `json:"url"`         // the URL that was signed
	VariantCode   string `json:"variantCode"` // for URL_VARIANT
	// ExpectedSignature / ExpectedSignString: what the page should have been given.
	ExpectedSignature  string          `json:"expectedSignature"`
	ExpectedSignString string          `json:"expectedSignString"`
	Warnings           []jssdk.Warning `json:"warnings"`
	Tried              int             `json:"tried"`
}

// langOf is the language of the messages: --lang, else the locale environment
// (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else en-US.
func langOf(env Env, flagValue string) (string, bool) {
	if flagValue != "" {
		tag := strings.ToLower(strings.TrimSpace(flagValue))
		if i := strings.IndexAny(tag, "-_."); i >= 0 {
			tag = tag[:i]
		}
		switch tag {
		case "zh":
			return locale.ZhCN, true
		case "en":
			return locale.EnUS, true
		}
		return "", false
	}
	for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := locale.FromTag(env.Getenv(k)); l != "" {
			return l, true
		}
	}
	return locale.EnUS, true
}

// setFlags is the set of flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	m := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { m[f.Name] = true })
	return m
}

// ---- diagnose ----

func runDiagnose(env Env, args []string) int {
	if len(args) > 0 && args[0] == "oauth" {
		return runDiagnoseOAuth(env, args[1:])
	}
	fs := newFlags(env, "diagnose", diagnoseUsage)
	signedURL := fs.String("signed-url", "", "the URL your backend signed (compare mode)")
	pageURL := fs.String("page-url", "", "the page's location.href, #… and all")
	signature := fs.String("signature", "", "forensics: the signature the page was given")
	timestamp := fs.String("timestamp", "", "forensics: the timestamp the page was given (Unix seconds)")
	nonce := fs.String("noncestr", "", "forensics: the nonceStr the page was given")
	agent := fs.Bool("agent", false, "forensics: wx.agentConfig failed (it needs the app ticket)")
	config := fs.Bool("config", false, "forensics: wx.config failed (it needs the corp ticket)")
	asJSON := fs.Bool("json", false, "print as JSON")
	langFlag := fs.String("lang", "", "the language of the messages: zh-CN or en-US (default: from LANG)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	lang, ok := langOf(env, *langFlag)
	if !ok {
		return usageError(env, "diagnose", diagnoseUsage, "--lang %q: say zh-CN or en-US", *langFlag)
	}
	given := setFlags(fs.FlagSet)
	forensicFlags := []string{"signature", "timestamp", "noncestr", "agent", "config"}

	if given["signed-url"] {
		if len(pos) > 0 {
			return usageError(env, "diagnose", diagnoseUsage, "comparing URLs takes no profile NAME (got %q); drop --signed-url to examine a signature", pos[0])
		}
		for _, f := range forensicFlags {
			if given[f] {
				return usageError(env, "diagnose", diagnoseUsage, "--%s belongs to signature forensics (diagnose NAME …), not to comparing URLs", f)
			}
		}
		switch {
		case strings.TrimSpace(*signedURL) == "":
			return usageError(env, "diagnose", diagnoseUsage, "--signed-url is empty; give the URL your backend signed (its log, or the url it received)")
		case !given["page-url"] || strings.TrimSpace(*pageURL) == "":
			return usageError(env, "diagnose", diagnoseUsage, "--page-url is required: the page's location.href, #… and all")
		}
		return diagnoseURLs(env, *signedURL, *pageURL, lang, *asJSON)
	}

	if len(pos) != 1 {
		return usageError(env, "diagnose", diagnoseUsage, "give --signed-url and --page-url to compare URLs, or one profile NAME with --page-url, --signature, --timestamp and --noncestr to find what made a signature")
	}
	for _, f := range []string{"page-url", "signature", "timestamp", "noncestr"} {
		if !given[f] {
			return usageError(env, "diagnose", diagnoseUsage, "--%s is required to examine a signature (with --page-url, --signature, --timestamp and --noncestr)", f)
		}
	}
	if *agent && *config {
		return usageError(env, "diagnose", diagnoseUsage, "say --agent (wx.agentConfig failed) or --config (wx.config failed), not both")
	}
	in := diagnose.ForensicsInput{PageURL: *pageURL, Signature: *signature, Timestamp: *timestamp, NonceStr: *nonce}
	switch {
	case *agent:
		in.Failed = jssdk.KindAgent
	case *config:
		in.Failed = jssdk.KindCorp
	}
	if _, err := diagnose.Forensics(in, nil); err != nil { // validation only: no tickets, no hashing
		var ie *diagnose.InputError
		if errors.As(err, &ie) {
			return usageError(env, "diagnose", diagnoseUsage, "--%s: %s", forensicsFlag(ie.Field), ie.Reason)
		}
		return usageError(env, "diagnose", diagnoseUsage, "%v", err)
	}
	return withWorkspace(env, "diagnose", func(ctx context.Context, e *workspace.Workspace) int {
		call := map[jssdk.Kind]string{jssdk.KindAgent: "agentConfig", jssdk.KindCorp: "config"}[in.Failed]
		v, err := e.ForensicsAt(ctx, pos[0], in, commandPlaces(call))
		if err != nil {
			return fail(env, "diagnose", err)
		}
		out := forensicsJSON{Verdict: v.Code, Explanation: v.Explanation.In(lang), Fix: v.Fix.In(lang),
			Findings: diagnose.Localize(v.Findings, lang), SignString: v.SignStringMasked, TicketKind: string(v.Kind),
			Ticket: v.TicketMasked, TicketCurrent: v.TicketCurrent, TicketIssue: v.TicketIssue, URL: v.URL,
			VariantCode: v.VariantCode, ExpectedSignature: v.ExpectedSignature, ExpectedSignString: v.ExpectedSignStringMasked,
			Warnings: v.Warnings, Tried: v.Tried}
		if *asJSON {
			if code := writeJSON(env, out); code != ExitOK {
				return code
			}
		} else {
			printForensics(env.Stdout, out)
		}
		if v.Code != diagnose.VerdictOK {
			return ExitError
		}
		return ExitOK
	})
}

// forensicsFlag is the command-line flag of a ForensicsInput field.
func forensicsFlag(field string) string {
	switch field {
	case "pageUrl":
		return "page-url"
	case "nonceStr":
		return "noncestr"
	case "failed":
		return "agent"
	}
	return field
}

func diagnoseURLs(env Env, signed, page, lang string, asJSON bool) int {
	r := diagnose.Diagnose(signed, page)
	out := diffJSON{Match: r.Match, Findings: diagnose.Localize(r.Findings, lang)}
	if asJSON {
		if code := writeJSON(env, out); code != ExitOK {
			return code
		}
	} else {
		w := env.Stdout
		fmt.Fprintf(w, "signed URL: %s\npage URL:   %s\n", signed, page)
		if r.PageCut != page {
			fmt.Fprintf(w, "verified:   %s   (the page URL without its #…, which WeCom checks)\n", r.PageCut)
		}
		if r.Match {
			fmt.Fprintln(w, "result:     the URLs match")
		} else {
			fmt.Fprintf(w, "result:     %d difference(s)\n", len(out.Findings))
			printFindings(w, out.Findings)
		}
	}
	if !r.Match {
		return ExitError
	}
	return ExitOK
}

// printFindings prints numbered findings, each with its severity when the check gives one
// (error or warn: the OAuth checker), the part of the input it is about when known, and
// its fix. The one printer of diagnose.LocalFinding for `diagnose` and `oauth`.
func printFindings(w io.Writer, fs []diagnose.LocalFinding) {
	for i, f := range fs {
		severity := ""
		if f.Severity != "" {
			severity = f.Severity + " "
		}
		fmt.Fprintf(w, "\n%d. %s[%s] %s\n", i+1, severity, f.Code, f.Message)
		if f.Evidence != "" {
			fmt.Fprintf(w, "   in:  %s\n", f.Evidence)
		}
		fmt.Fprintf(w, "   fix: %s\n", f.Fix)
	}
}

func printForensics(w io.Writer, v forensicsJSON) {
	fmt.Fprintf(w, "verdict:     %s\n%s\nfix:         %s\n", v.Verdict, v.Explanation, v.Fix)
	if v.Ticket != "" {
		state := "current"
		if !v.TicketCurrent {
			state = "earlier"
		}
		fmt.Fprintf(w, "ticket:      %s %s (%s)\n", v.TicketKind, v.Ticket, state)
	}
	if v.URL != "" {
		fmt.Fprintf(w, "signed URL:  %q", v.URL)
		if v.VariantCode != "" {
			fmt.Fprintf(w, " (%s)", v.VariantCode)
		}
		fmt.Fprintln(w)
	}
	if v.SignString != "" {
		fmt.Fprintf(w, "sign string: %s\n", v.SignString)
	}
	if v.ExpectedSignature != "" {
		fmt.Fprintf(w, "expected:    %s\n             %s\n", v.ExpectedSignature, v.ExpectedSignString)
	}
	printFindings(w, v.Findings)
	for _, x := range v.Warnings {
		fmt.Fprintf(w, "warning: %s: %s\n", x.Code, x.Detail)
	}
}

// ---- explain ----

// explainJSON is the contract of `explain --json`: the explanation and, for a terminal,
// the command that checks what it points at.
type explainJSON struct {
	diagnose.Explanation
	Command string `json:"command"` // toolCommand; "" when the explanation points at no tool
}

// toolCommand is the command that does in a terminal what the console tool an explanation
// points at (Explanation.Tool) does in the window; "" when it points at none.
func toolCommand(e diagnose.Explanation) string {
	agent, kind := "", ""
	switch strings.ToLower(e.Call) {
	case "agentconfig":
		agent, kind = " --agent", " --agent"
	case "config":
		kind = " --config"
	}
	switch e.Tool {
	case diagnose.ToolURLDiff:
		return "wecomdev diagnose --signed-url URL --page-url URL"
	case diagnose.ToolForensics:
		return "wecomdev diagnose NAME --page-url URL --signature S --timestamp T --noncestr N" + kind
	case diagnose.ToolTickets:
		return "wecomdev tickets NAME"
	case diagnose.ToolProfiles, diagnose.ToolTrustedDomains: // list shows the trusted domains too
		return "wecomdev profile list"
	case diagnose.ToolSign:
		return "wecomdev sign NAME --url URL" + agent
	case diagnose.ToolAudit:
		return "wecomdev audit NAME --endpoint TEMPLATE" + agent
	case diagnose.ToolEmulator:
		return "wecomdev serve NAME --emulate"
	case diagnose.ToolDevServer: // its request log names each client and SDK version
		return "wecomdev serve NAME"
	case diagnose.ToolOAuth:
		return "wecomdev diagnose oauth NAME --url AUTHORIZE_URL"
	}
	return ""
}

// commandPlaces names the places an explanation points at ({tool:ID}, wecom.Text.At) by
// the command that does in a terminal what the area does in the window.
func commandPlaces(call string) wecom.Namer {
	return func(tool, _ string) string {
		return "`" + toolCommand(diagnose.Explanation{Call: call, Tool: tool}) + "`"
	}
}

func runExplain(env Env, args []string) int {
	fs := newFlags(env, "explain", explainUsage)
	asJSON := fs.Bool("json", false, "print the explanation as JSON (both languages)")
	langFlag := fs.String("lang", "", "the language of the report: zh-CN or en-US (default: from LANG)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	lang, ok := langOf(env, *langFlag)
	if !ok {
		return usageError(env, "explain", explainUsage, "--lang %q: say zh-CN or en-US", *langFlag)
	}
	if len(pos) == 0 {
		return usageError(env, "explain", explainUsage, "give the TEXT the phone showed, like 'config:invalid signature', or - to read it from standard input")
	}
	text := strings.Join(pos, " ")
	if len(pos) == 1 && pos[0] == "-" {
		b, err := io.ReadAll(io.LimitReader(env.Stdin, maxExplainInput+1))
		if err != nil {
			return fail(env, "explain", fmt.Errorf("read standard input: %w", err))
		}
		if len(b) > maxExplainInput {
			return usageError(env, "explain", explainUsage, "standard input is longer than %d kB; paste the error message, not a whole log", maxExplainInput>>10)
		}
		text = string(b)
	}
	if strings.TrimSpace(text) == "" {
		return usageError(env, "explain", explainUsage, "TEXT is empty; paste the errMsg or the fail callback's JSON.stringify(res)")
	}
	e := diagnose.ExplainTextAt(text, commandPlaces)
	if *asJSON {
		if code := writeJSON(env, explainJSON{e, toolCommand(e)}); code != ExitOK {
			return code
		}
	} else {
		w := env.Stdout
		head := "not recognised"
		if e.Matched {
			head = e.Kind
		}
		var extra []string
		if e.Call != "" {
			extra = append(extra, "call "+e.Call)
		}
		if e.Code != 0 {
			extra = append(extra, fmt.Sprintf("errcode %d", e.Code))
		}
		if len(extra) > 0 {
			head += " (" + strings.Join(extra, ", ") + ")"
		}
		fmt.Fprintf(w, "%s\ncause: %s\nfix:   %s\n", head, e.Cause.In(lang), e.Fix.In(lang))
		if c := toolCommand(e); c != "" {
			fmt.Fprintf(w, "run:   %s\n", c)
		}
		doc := e.Doc
		if code := diagnose.KindCode(e.Kind); doc == "" && code != 0 {
			// An errMsg without its code links WeCom's page of the code as a bare code does.
			ex, _ := wecom.Explain(code)
			doc = ex.Doc
		}
		if doc != "" {
			fmt.Fprintf(w, "doc:   %s\n", doc)
		}
	}
	if !e.Matched {
		return ExitError
	}
	return ExitOK
}

// ---- audit ----

func runAudit(env Env, args []string) int {
	fs := newFlags(env, "audit", auditUsage)
	endpoint := fs.String("endpoint", "", "your signing endpoint with {url} where the page URL goes")
	agent := fs.Bool("agent", false, "the endpoint signs for wx.agentConfig (the app ticket); default wx.config (the corp ticket)")
	tsField := fs.String("timestamp-field", "", "the answer's timestamp field (default timestamp; a dotted path like data.timestamp)")
	nonceField := fs.String("nonce-field", "", "the answer's nonce field (default nonceStr)")
	sigField := fs.String("signature-field", "", "the answer's signature field (default signature)")
	pageBase := fs.String("page-base", "", "the site the test pages are made under (default https://<first trusted domain>/)")
	asJSON := fs.Bool("json", false, "print the report as JSON (both languages)")
	langFlag := fs.String("lang", "", "the language of the report: zh-CN or en-US (default: from LANG)")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	lang, ok := langOf(env, *langFlag)
	if !ok {
		return usageError(env, "audit", auditUsage, "--lang %q: say zh-CN or en-US", *langFlag)
	}
	if len(pos) != 1 {
		return usageError(env, "audit", auditUsage, "give exactly one profile NAME: the audit compares the answers with its tickets")
	}
	if !setFlags(fs.FlagSet)["endpoint"] {
		return usageError(env, "audit", auditUsage, "--endpoint is required, like 'https://api.example.com/wecom/signature?url={url}'")
	}
	in := diagnose.AuditInput{Endpoint: *endpoint, Kind: jssdk.KindCorp, TimestampField: *tsField, NonceField: *nonceField,
		SignatureField: *sigField, PageBase: *pageBase}
	if *agent {
		in.Kind = jssdk.KindAgent
	}
	if _, err := diagnose.ValidateAudit(in); err != nil {
		var ie *diagnose.AuditInputError
		if errors.As(err, &ie) {
			return usageError(env, "audit", auditUsage, "--%s: %s", auditFlag(ie.Field), ie.Reason)
		}
		return usageError(env, "audit", auditUsage, "%v", err)
	}
	return withWorkspace(env, "audit", func(ctx context.Context, e *workspace.Workspace) int {
		r, err := e.Audit(ctx, pos[0], &http.Client{Timeout: diagnose.AuditCallTimeout}, in)
		if err != nil {
			return fail(env, "audit", err)
		}
		if *asJSON {
			if code := writeJSON(env, r); code != ExitOK {
				return code
			}
		} else {
			printAudit(env.Stdout, r, lang)
		}
		if r.Failed > 0 {
			return ExitError
		}
		return ExitOK
	})
}

// auditFlag is the command-line flag of an AuditInput field.
func auditFlag(field string) string {
	switch field {
	case "timestampField":
		return "timestamp-field"
	case "nonceField":
		return "nonce-field"
	case "signatureField":
		return "signature-field"
	case "pageBase":
		return "page-base"
	case "kind":
		return "agent"
	}
	return field
}

func printAudit(w io.Writer, r diagnose.AuditReport, lang string) {
	ticket := "the corp ticket, for wx.config"
	if r.Kind == jssdk.KindAgent {
		ticket = "the app ticket, for wx.agentConfig"
	}
	fmt.Fprintf(w, "audit of %s (%s), test pages under %s\n\n", r.Endpoint, ticket, r.PageBase)
	for _, c := range r.Checks {
		fmt.Fprintf(w, "%-4s  %-18s  %s\n", strings.ToUpper(c.Status), c.Code, c.Title.In(lang))
		if c.Status == diagnose.StatusPass {
			continue
		}
		for _, line := range strings.Split(c.Evidence, "\n") {
			fmt.Fprintf(w, "        %s\n", line)
		}
		if c.Status != diagnose.StatusSkip || c.Code == diagnose.CheckTicketKnown {
			fmt.Fprintf(w, "        fix: %s\n", c.Fix.In(lang))
		}
	}
	fmt.Fprintf(w, "\n%d checks: %d passed (%d with a warning), %d failed, %d skipped\n", len(r.Checks), r.Passed, r.Warnings, r.Failed, r.Skipped)
}
