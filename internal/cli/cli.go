// Package cli is the headless face of wecomdev: the subcommands that run without a display.
// main.go hands it every invocation that has arguments; with none, main opens the GUI.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"wecomdev/internal/buildinfo"
	"wecomdev/internal/paths"
	"wecomdev/internal/workspace"
)

// Env is what a command runs with: its streams, its environment, and how to open the
// engine of the data directory (tests give an in-memory keychain and their own sandbox).
type Env struct {
	Stdin         io.Reader
	Stdout        io.Writer
	Stderr        io.Writer
	Getenv        func(string) string
	OpenWorkspace func(ctx context.Context) (*workspace.Workspace, error)
	// Interrupt is the context a long-running command (serve) runs in: done on Ctrl-C or
	// SIGTERM. Nil: never interrupted.
	Interrupt func() (context.Context, context.CancelFunc)
}

// OSEnv is the process's own environment with the OS keychain and the data directory.
func OSEnv() Env {
	return Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		OpenWorkspace: func(ctx context.Context) (*workspace.Workspace, error) {
			dir, err := paths.EnsureDataDir()
			if err != nil {
				return nil, err
			}
			return workspace.Open(ctx, dir, workspace.Options{})
		},
		Interrupt: func() (context.Context, context.CancelFunc) {
			return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		},
	}
}

const versionUsage = "wecomdev version [--json]"

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // the command ran and failed
	ExitUsage = 2 // the command line was wrong
)

type command struct {
	name    string
	summary string
	usage   string
	run     func(env Env, args []string) int
}

// commands is the table of subcommands; later features add rows.
func commands() []command {
	return []command{
		{"profile", "Add, list or remove WeCom app profiles", profileUsage, runProfile},
		{"secret", "Set or delete a profile's corp secret in the OS keychain", secretUsage, runSecret},
		{"tickets", "Show a profile's access token and jsapi tickets (masked), fetching what is due", ticketsUsage, runTickets},
		{"sign", "Sign a page URL for wx.config / wx.agentConfig", signUsage, runSign},
		{"serve", "Run the dev server: the signing endpoints a phone page calls", serveUsage, runServe},
		{"diagnose", "Compare a signed URL with the page's, or find what made a signature", diagnoseUsage, runDiagnose},
		{"explain", "Explain an error the phone showed (errMsg, errcode)", explainUsage, runExplain},
		{"audit", "Check your own signing endpoint's answers against the profile's tickets", auditUsage, runAudit},
		{"qr", "Show a URL as a QR code to scan with WeCom, or save it as a PNG", qrUsage, runQR},
		{"joinway", "Customer-group join ways (加入群聊): ensure, list, the group pool, batches of test codes", joinwayUsage, runJoinWay},
		{"sandbox", "Start the built-in sandbox WeCom over (it remembers across commands)", sandboxUsage, runSandbox},
		{"callback", "Callback (回调) keys in the keychain, the URL to paste, and a probe that plays WeCom against your callback URL", callbackUsage, runCallback},
		{"version", "Print the version and build information", versionUsage, runVersion},
		{"help", "Show help for wecomdev or for one command", "wecomdev help [COMMAND [SUBCOMMAND]]   (the same as wecomdev COMMAND [SUBCOMMAND] --help)", runHelp},
	}
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// Run executes the subcommand in args (os.Args[1:]) and returns the exit code.
func Run(env Env, args []string) int {
	if len(args) == 0 {
		return runHelp(env, nil)
	}
	switch args[0] {
	case "-h", "--help", "-help":
		return runHelp(env, args[1:])
	case "-v", "--version", "-version":
		return runVersion(env, args[1:])
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(env.Stderr, "wecomdev: unknown command %q\nRun 'wecomdev help' for the list of commands.\n", args[0])
		return ExitUsage
	}
	return c.run(env, args[1:])
}

// IsGUILaunch reports whether these arguments mean "open the window": none at all, or only
// the process serial number that old macOS Finder launches add (-psn_0_12345).
func IsGUILaunch(args []string) bool {
	for _, a := range args {
		if !strings.HasPrefix(a, "-psn_") {
			return false
		}
	}
	return true
}

// ErrNoDisplay is returned by CheckDisplay when a Linux/BSD GUI launch has no display.
var ErrNoDisplay = errors.New("no display: neither DISPLAY nor WAYLAND_DISPLAY is set")

// CheckDisplay tells, before GTK aborts with a less helpful message, that the GUI cannot open.
func CheckDisplay(getenv func(string) string, goos string) error {
	if goos == "darwin" || goos == "windows" {
		return nil
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return fmt.Errorf("%w; the window needs a desktop session (on a headless machine use the subcommands: 'wecomdev help')", ErrNoDisplay)
	}
	return nil
}

func runVersion(env Env, args []string) int {
	stdout, stderr := env.Stdout, env.Stderr
	fs := newFlags(env, "version", versionUsage)
	asJSON := fs.Bool("json", false, "print as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return exitOf(err)
	}
	if len(pos) > 0 {
		return usageError(env, "version", versionUsage, "unexpected argument %q", pos[0])
	}
	dir, err := paths.DataDir()
	if err != nil {
		dir = "" // version must work anywhere; the data dir is only informative here
	}
	info := buildinfo.Get(dir)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(info); err != nil {
			fmt.Fprintln(stderr, "wecomdev version:", err)
			return ExitError
		}
		return ExitOK
	}
	fmt.Fprintf(stdout, "%s %s\n", info.Name, info.Version)
	if info.Commit != "" {
		fmt.Fprintf(stdout, "commit:   %s\n", info.Commit)
	}
	if info.BuildDate != "" {
		fmt.Fprintf(stdout, "built:    %s\n", info.BuildDate)
	}
	fmt.Fprintf(stdout, "go:       %s %s\n", info.GoVersion, info.Platform)
	if info.DataDir != "" {
		fmt.Fprintf(stdout, "data dir: %s\n", info.DataDir)
	}
	return ExitOK
}

func runHelp(env Env, args []string) int {
	stdout, stderr := env.Stdout, env.Stderr
	if len(args) > 0 {
		if isHelpArg(args[0]) {
			c, _ := lookup("help")
			return showHelp(env, c.name, c.usage)
		}
		if _, ok := lookup(args[0]); !ok {
			fmt.Fprintf(stderr, "wecomdev help: unknown command %q\nRun 'wecomdev help' for the list of commands.\n", args[0])
			return ExitUsage
		}
		// help X [SUB] is X [SUB] --help: one home for a command's help, its flags included.
		return Run(env, append(slices.Clip(args), "--help"))
	}
	var b strings.Builder
	b.WriteString("wecomdev: a developer console for WeCom (企业微信) H5 and JS-SDK work.\n\n")
	b.WriteString("Usage:\n  wecomdev              open the desktop app\n  wecomdev COMMAND ...  run a command without a window\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(&b, "\nData directory: $%s if set, else wecomdev/ in the OS user config directory.\n", paths.EnvHome)
	b.WriteString("Run 'wecomdev help COMMAND' (or 'wecomdev COMMAND --help') for one command's usage and flags.\n")
	fmt.Fprint(stdout, b.String())
	return ExitOK
}

// isHelpArg reports whether arg asks for help, as the flag package reads it.
func isHelpArg(arg string) bool {
	switch arg {
	case "-h", "--h", "-help", "--help":
		return true
	}
	return false
}

// helpText is what `wecomdev help CMD` and `wecomdev CMD --help` print: the summary of
// the command cmd belongs to ("joinway groups": joinway's), usage, and fs's flags when
// it has any (fs nil: a command that only dispatches to its subcommands).
func helpText(cmd, usage string, fs *flag.FlagSet) string {
	name, _, _ := strings.Cut(cmd, " ")
	c, _ := lookup(name)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\nUsage: %s\n", c.summary, usage)
	hasFlags := false
	if fs != nil {
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	}
	if hasFlags {
		b.WriteString("\nFlags:\n")
		out := fs.Output()
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
	return b.String()
}

// showHelp prints the help of a command without flags of its own.
func showHelp(env Env, cmd, usage string) int {
	fmt.Fprint(env.Stdout, helpText(cmd, usage, nil))
	return ExitOK
}
